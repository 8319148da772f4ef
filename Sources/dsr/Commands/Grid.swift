import ArgumentParser
import DSRData
import DSRExperiment
import Foundation

/// `dsr grid`: grid searches and repeated runs, locally or as a Slurm job array.
struct Grid: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a grid of trainings (settings × runs) with local workers or as a Slurm job array.",
    discussion: """
      The configuration may hold "grid": {key: [values…]}, "ids": {key: folder id}, "runs": n and \
      "slurm": {partition, time, mem, cpus_per_task, max_parallel, extra}. Tasks are the \
      Cartesian product of the grid values times runs 1…n; each trains into \
      <results_directory>/<experiment>/<name>-<id>_<value>…/<run>. Finished and diverged runs \
      are skipped on a re-run, interrupted ones resumed. Local workers are `dsr train \
      --grid-task` processes with one BLAS thread each; a failed or diverged task is recorded \
      and the others go on. --backend slurm writes a job-array script (one element per \
      unfinished task) to <experiment>/.grid/ and submits it with sbatch; --status reports \
      progress from the run directories. Evaluate with `dsr evaluate <results_directory>/<experiment>`.
      """)

  enum Backend: String, ExpressibleByArgument { case local, slurm }

  @Option(help: "The grid configuration file.", completion: .file(extensions: ["json"]))
  var config: String

  @Option(name: .customLong("set"), help: "Override a single key for every task (repeatable).")
  var overrides: [String] = []

  @Option(help: "Runs per setting (overrides the file's \"runs\").")
  var runs: Int?

  @Option(help: "local (a pool of processes) or slurm (an sbatch job array).")
  var backend: Backend = .local

  @Option(help: "Parallel training processes (local back-end).")
  var workers = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "List the tasks (and write the Slurm script) without running anything.")
  var dryRun = false

  @Flag(help: "Report the state of every task from its run directory and exit.")
  var status = false

  @Option(help: "Slurm partition.") var partition: String?
  @Option(help: "Slurm time limit per task, e.g. 02:00:00.") var time: String?
  @Option(help: "Slurm memory per task, e.g. 2G.") var mem: String?
  @Option(help: "Slurm CPUs per task.") var cpusPerTask: Int?
  @Option(help: "At most this many array elements at once.") var maxParallel: Int?
  @Option(name: .customLong("sbatch-line"), help: "An extra line for the job script, e.g. '#SBATCH --account=lab' (repeatable).")
  var sbatchLines: [String] = []

  func validate() throws {
    if workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
    if let cpusPerTask, cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1") }
    if let maxParallel, maxParallel < 1 { throw ValidationError("--max-parallel must be at least 1") }
  }

  func run() throws {
    let grid = try GridSpecification.load(file: config, overrides: overrides, runs: runs)
    let tasks = try grid.tasks()
    if status { return report(grid, tasks) }
    let settings = Set(tasks.map(\.name)).count
    print("\(grid.experimentDirectory): \(settings) setting\(settings == 1 ? "" : "s") × \(grid.runs) run\(grid.runs == 1 ? "" : "s") = \(tasks.count) task\(tasks.count == 1 ? "" : "s")")
    if dryRun && backend == .local {
      for t in tasks { print(String(format: "%4d  %@  %@", t.index, t.directory.path, TaskState.of(t.directory).rawValue)) }
      return
    }
    try grid.writeTaskFiles(tasks)
    switch backend {
    case .local: try runLocally(grid, tasks)
    case .slurm: try submit(grid, tasks)
    }
  }

  /// The dsr executable to start workers with.
  var executable: String { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path }

  func runLocally(_ grid: GridSpecification, _ tasks: [GridSpecification.Task]) throws {
    var remaining: [GridSpecification.Task] = []
    var skipped: [String: Int] = [:]
    for t in tasks {
      let state = TaskState.of(t.directory)
      if state == .finished || state == .diverged { skipped[state.rawValue, default: 0] += 1 } else { remaining.append(t) }
    }
    if !skipped.isEmpty {
      print("Skipping " + skipped.sorted { $0.key > $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + " task(s) from an earlier run.")
    }
    let start = Date()
    fflush(nil)  // what print buffered so far goes out before the workers' lines
    let queue = TaskQueue(remaining)
    let workerCount = min(workers, max(remaining.count, 1))
    let done = DispatchGroup()
    let command = self
    for _ in 0..<workerCount {
      done.enter()
      Thread.detachNewThread {
        defer { done.leave() }
        while let task = queue.next() {
          let t0 = Date()
          let outcome = command.runTask(grid, task)
          queue.record(task, outcome, Date().timeIntervalSince(t0))
        }
      }
    }
    done.wait()
    let outcomes = queue.outcomes
    var counts: [String: Int] = [:]
    for o in outcomes { counts[o.outcome.hasPrefix("failed") ? "failed" : o.outcome, default: 0] += 1 }
    for (k, v) in skipped { counts["skipped (\(k))", default: 0] += v }
    let summary = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    print(String(format: "Grid done in %.1f s: %@.", Date().timeIntervalSince(start), summary.isEmpty ? "nothing to do" : summary))
    let failed = outcomes.filter { $0.outcome.hasPrefix("failed") }
    for f in failed { print("  \(f.task.directory.path): \(f.outcome) — log: \(logFile(grid, f.task))") }
    let record: [String: Any] = [
      "tasks": tasks.count, "finished_now": counts["finished"] ?? 0, "diverged_now": counts["diverged"] ?? 0,
      "failed_now": failed.count, "skipped": skipped, "seconds": Date().timeIntervalSince(start),
      "outcomes": outcomes.sorted { $0.task.index < $1.task.index }.map { ["task": $0.task.index, "run": $0.task.directory.path, "outcome": $0.outcome, "seconds": $0.seconds] },
    ]
    try AtomicFile.write(try JSONSerialization.data(withJSONObject: record, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
                         to: (grid.gridDirectory as NSString).appendingPathComponent("summary.json"))
    if !failed.isEmpty { throw ExitCode(1) }
  }

  func logFile(_ grid: GridSpecification, _ task: GridSpecification.Task) -> String {
    (grid.gridDirectory as NSString).appendingPathComponent("logs/\(task.index).log")
  }

  /// Runs one task as a `dsr train --grid-task` process; returns finished, diverged or failed (…).
  func runTask(_ grid: GridSpecification, _ task: GridSpecification.Task) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["train", "--grid-task", grid.taskFile(task.index)]
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_NUM_THREADS"] = "1"
    environment["DSR_BLAS_THREADS"] = "1"
    environment["DSR_NO_REEXEC"] = nil
    process.environment = environment
    _ = FileManager.default.createFile(atPath: logFile(grid, task), contents: nil)
    guard let log = FileHandle(forWritingAtPath: logFile(grid, task)) else { return "failed (cannot write \(logFile(grid, task)))" }
    defer { try? log.close() }
    process.standardOutput = log
    process.standardError = log
    do { try process.run() } catch { return "failed (cannot start \(executable): \(error))" }
    process.waitUntilExit()
    switch (process.terminationReason, process.terminationStatus) {
    case (.exit, 0): return "finished"
    case (.exit, 3): return "diverged"
    case (.exit, let code): return "failed (exit \(code))"
    case (.uncaughtSignal, let signal): return "failed (signal \(signal))"
    @unknown default: return "failed"
    }
  }

  func submit(_ grid: GridSpecification, _ tasks: [GridSpecification.Task]) throws {
    let pending = tasks.filter { [.pending, .running].contains(TaskState.of($0.directory)) }
    guard !pending.isEmpty else {
      print("Nothing to submit: every task is finished or diverged (see `dsr grid --config \(config) --status`).")
      return
    }
    var slurm = grid.slurm
    if let partition { slurm.partition = partition }
    if let time { slurm.time = time }
    if let mem { slurm.memory = mem }
    if let cpusPerTask { slurm.cpusPerTask = cpusPerTask }
    if let maxParallel { slurm.maxParallel = maxParallel }
    slurm.extraLines += sbatchLines
    let cwd = FileManager.default.currentDirectoryPath
    let name = "dsr-" + grid.base.string("experiment").filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    let script = slurm.script(jobName: name, indices: pending.map(\.index), grid: grid, executable: executable, workingDirectory: cwd)
    let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
    let path = (grid.gridDirectory as NSString).appendingPathComponent("slurm-\(stamp).sh")
    try AtomicFile.write(Data(script.utf8), to: path)
    print("Job script for \(pending.count) task(s): \(path)")
    if dryRun {
      print(script)
      return
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sbatch", "--parsable", path]
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch {
      throw ValidationError("cannot run sbatch (\(error)); is Slurm installed on this machine? The script is at \(path)")
    }
    process.waitUntilExit()
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationStatus == 0 else {
      throw ValidationError("sbatch failed (exit \(process.terminationStatus)): \(stderr.isEmpty ? stdout : stderr)\nThe script is at \(path); fix the #SBATCH settings (--partition, --time, --mem, --sbatch-line) and submit again.")
    }
    let job = stdout.split(separator: ";").first.map(String.init) ?? stdout
    try AtomicFile.write(Data("\(job)\n".utf8), to: (grid.gridDirectory as NSString).appendingPathComponent("slurm-job"))
    print("Submitted job array \(job) (\(pending.count) task(s), array \(SlurmSettings.arraySpecification(pending.map(\.index)))). Progress: dsr grid --config \(config) --status")
  }

  func report(_ grid: GridSpecification, _ tasks: [GridSpecification.Task]) {
    var counts: [TaskState: Int] = [:]
    var lines: [String] = []
    let epochs = grid.base.int("epochs")
    for t in tasks {
      let state = TaskState.of(t.directory)
      counts[state, default: 0] += 1
      var detail = state.rawValue
      if state == .running, let e = TaskState.lastEpoch(t.directory) { detail += " (epoch \(e)/\(epochs))" }
      lines.append(String(format: "%4d  %@  %@", t.index, t.directory.path, detail))
    }
    for l in lines { print(l) }
    let summary = TaskState.allCases.compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
    print("\(tasks.count) task(s): \(summary)")
  }
}

/// The local back-end's shared work list: workers take tasks in order and report outcomes, which
/// are printed as they arrive.
final class TaskQueue: @unchecked Sendable {
  private let lock = NSLock()
  private let remaining: [GridSpecification.Task]
  private var position = 0
  private(set) var outcomes: [(task: GridSpecification.Task, outcome: String, seconds: Double)] = []

  init(_ remaining: [GridSpecification.Task]) { self.remaining = remaining }

  func next() -> GridSpecification.Task? {
    lock.withLock {
      guard position < remaining.count else { return nil }
      defer { position += 1 }
      return remaining[position]
    }
  }

  func record(_ task: GridSpecification.Task, _ outcome: String, _ seconds: Double) {
    lock.withLock {
      outcomes.append((task, outcome, seconds))
      let line = String(format: "[%d/%d] %@: %@ (%.1f s)\n", outcomes.count, remaining.count, task.directory.path, outcome, seconds)
      FileHandle.standardOutput.write(Data(line.utf8))
    }
  }
}
