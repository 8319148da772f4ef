import DSRData
import Foundation

/// `#SBATCH` settings of a grid's job array, from the config's `"slurm"` object or `dsr grid` flags.
///
/// ```json
/// "slurm": {"partition": "cpu", "time": "04:00:00", "mem": "2G", "cpus_per_task": 1,
///           "max_parallel": 50, "extra": ["#SBATCH --account=lab"]}
/// ```
public struct SlurmSettings: Sendable, Equatable {
  /// `#SBATCH --partition` (nil: not set).
  public var partition: String? = nil
  /// `#SBATCH --time`, e.g. `04:00:00` (nil: not set).
  public var time: String? = nil
  /// `#SBATCH --mem`, e.g. `2G` (the config key `mem`; nil: not set).
  public var memory: String? = nil
  /// `#SBATCH --cpus-per-task` (the config key `cpus_per_task`).
  public var cpusPerTask = 1
  /// At most this many array elements run at once (`--array=…%k`).
  public var maxParallel: Int? = nil
  /// Further lines for the script header, each `#SBATCH …` (or any shell line placed before the command).
  public var extraLines: [String] = []

  /// Settings with nothing set but one CPU per task.
  public init() {}

  init(_ object: [String: Any], source: String) throws {
    let known = ["partition", "time", "mem", "cpus_per_task", "max_parallel", "extra"]
    for key in object.keys where !known.contains(key) {
      throw ConfigurationError(source: source, key: "slurm.\(key)", problem: "is not a Slurm setting",
                               remedy: nearest(key, in: known).map { "did you mean '\($0)'?" } ?? "known: \(known.joined(separator: ", "))")
    }
    func string(_ key: String) throws -> String? {
      guard let v = object[key] else { return nil }
      guard let s = v as? String, !s.isEmpty, !s.contains("\n") else {
        throw ConfigurationError(source: source, key: "slurm.\(key)", problem: "must be a one-line string, got \(v)", remedy: "e.g. \"time\": \"02:00:00\"")
      }
      return s
    }
    func positive(_ key: String) throws -> Int? {
      guard let v = object[key] else { return nil }
      guard case .int(let i) = configValue(v), i >= 1 else {
        throw ConfigurationError(source: source, key: "slurm.\(key)", problem: "must be a positive integer, got \(v)", remedy: "e.g. 1")
      }
      return i
    }
    partition = try string("partition")
    time = try string("time")
    memory = try string("mem")
    cpusPerTask = try positive("cpus_per_task") ?? 1
    maxParallel = try positive("max_parallel")
    if let extra = object["extra"] {
      guard let lines = extra as? [String], lines.allSatisfy({ !$0.contains("\n") }) else {
        throw ConfigurationError(source: source, key: "slurm.extra", problem: "must be a list of one-line strings", remedy: "e.g. [\"#SBATCH --account=lab\"]")
      }
      extraLines = lines
    }
  }

  /// Compresses sorted indices into Slurm's array syntax: `0-3,7,9-10`.
  public static func arraySpecification(_ indices: [Int]) -> String {
    var parts: [String] = []
    var i = 0
    let s = indices.sorted()
    while i < s.count {
      var j = i
      while j + 1 < s.count && s[j + 1] == s[j] + 1 { j += 1 }
      parts.append(i == j ? "\(s[i])" : "\(s[i])-\(s[j])")
      i = j + 1
    }
    return parts.joined(separator: ",")
  }

  /// The batch script: one array element per index, each running `dsr train --grid-task` on its
  /// task file (which skips a finished run and resumes an interrupted one).
  public func script(jobName: String, indices: [Int], grid: GridSpecification, executable: String, workingDirectory: String) -> String {
    var lines = ["#!/bin/bash", "#SBATCH --job-name=\(jobName)"]
    lines.append("#SBATCH --array=\(Self.arraySpecification(indices))" + (maxParallel.map { "%\($0)" } ?? ""))
    if let partition { lines.append("#SBATCH --partition=\(partition)") }
    if let time { lines.append("#SBATCH --time=\(time)") }
    if let memory { lines.append("#SBATCH --mem=\(memory)") }
    lines.append("#SBATCH --cpus-per-task=\(cpusPerTask)")
    lines.append("#SBATCH --ntasks=1")
    let logs = absolute((grid.gridDirectory as NSString).appendingPathComponent("logs"), in: workingDirectory)
    lines.append("#SBATCH --output=\(logs)/slurm-%A_%a.log")
    lines += extraLines
    lines += [
      "",
      "# Written by dsr grid for \(grid.source): \(indices.count) task(s). One BLAS thread per task.",
      "set -euo pipefail",
      "cd \(shellQuoted(workingDirectory))",
      "export OPENBLAS_NUM_THREADS=1",
      "exec \(shellQuoted(executable)) train --grid-task \(shellQuoted(absolute((grid.gridDirectory as NSString).appendingPathComponent("tasks"), in: workingDirectory)))/${SLURM_ARRAY_TASK_ID}.json",
      "",
    ]
    return lines.joined(separator: "\n")
  }
}

/// `path` made absolute against `directory`.
func absolute(_ path: String, in directory: String) -> String {
  path.hasPrefix("/") ? path : ((directory as NSString).appendingPathComponent(path) as NSString).standardizingPath
}

/// A word quoted for the shell when it needs to be.
func shellQuoted(_ s: String) -> String {
  s.allSatisfy({ $0.isLetter || $0.isNumber || "/._-+=:,".contains($0) }) ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
