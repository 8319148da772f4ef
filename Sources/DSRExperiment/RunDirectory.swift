import DSRData
import Foundation

/// A run's directory, `<results_directory>/<experiment>/<name>/<run as 3 digits>/`:
///
/// | file | content |
/// |---|---|
/// | `config.json` | the fully resolved configuration (every key, seed included) |
/// | `metrics.jsonl` | one JSON object per monitoring epoch; a final `{"event": …}` line |
/// | `checkpoints/latest.json` | the state to resume from (parameters, optimiser, α, random streams) |
/// | `checkpoints/model_<epoch>.json` | the model at each monitoring epoch (model.json format) |
/// | `model.json` | the final model (see ``ModelFile``) |
/// | `plots/generated_<epoch>.svg` | the snapshots of ``TrainingFigures`` |
/// | `report.html` | `dsr report` (``Report``) |
public struct RunDirectory: Sendable {
  /// The directory.
  public let path: String

  /// The run directory at `path`.
  public init(path: String) { self.path = path }

  /// The directory a configuration names.
  public init(_ config: Configuration) { self.init(config.decoded.output) }

  /// The directory of `output`: `<resultsDirectory>/<experiment>/<name>/<run as 3 digits>`.
  public init(_ output: RunConfiguration.OutputSpecification) {
    let run = String(format: "%03d", output.run)
    path = [output.resultsDirectory, output.experiment, output.name, run]
      .reduce("") { $0.isEmpty ? $1 : ($0 as NSString).appendingPathComponent($1) }
  }

  /// The names of the files dsr keeps in a run directory (its state, never an output to
  /// replace): ``OutputFile`` refuses them as `--out`.
  public static let ownedFiles: Set<String> = [
    "config.json", "model.json", "metrics.jsonl", "lock", "embedding.json", "restarts.json", DataFingerprint.fileName,
  ]
  /// The folders whose every file dsr keeps in a run directory.
  public static let ownedFolders: Set<String> = ["checkpoints", "trace"]

  /// A file in the directory.
  public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
  /// `config.json`.
  public var config: String { file("config.json") }
  /// `metrics.jsonl`.
  public var metrics: String { file("metrics.jsonl") }
  /// `model.json`.
  public var model: String { file("model.json") }
  /// `checkpoints/`.
  public var checkpoints: String { file("checkpoints") }
  /// `checkpoints/latest.json`, the state to resume from.
  public var latestCheckpoint: String { file("checkpoints/latest.json") }
  /// The model snapshot of a monitoring epoch.
  public func modelCheckpoint(epoch: Int) -> String { file("checkpoints/model_\(epoch).json") }

  /// The epochs of the model snapshots in `checkpoints/` (`model_<epoch>.json`), unordered.
  func modelSnapshotEpochs() -> [Int] {
    ((try? FileManager.default.contentsOfDirectory(atPath: checkpoints)) ?? []).compactMap { name in
      guard name.hasPrefix("model_"), name.hasSuffix(".json") else { return nil }
      return Int(name.dropFirst("model_".count).dropLast(".json".count))
    }
  }

  /// Removes the temporary files an atomic write leaves when its process is killed between
  /// writing and renaming (`.<name>.tmp-<pid>`, in the run directory and its checkpoints). Called
  /// by the holder of the run's lock, so no live writer owns them.
  func removeStaleTemporaries() {
    let fm = FileManager.default
    for folder in [path, checkpoints] {
      for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".") && name.contains(".tmp-") {
        try? fm.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
      }
    }
  }

  /// Creates the directory tree.
  func create() throws {
    try AtomicFile.createDirectory(checkpoints)
  }

  /// Appends a monitoring record to `metrics.jsonl`.
  func append(_ record: MetricsRecord) throws { try appendMetrics(record.jsonLine) }

  /// Appends an event to `metrics.jsonl`.
  func append(_ event: RunEvent) throws { try appendMetrics(event.jsonLine) }

  /// Appends one line to `metrics.jsonl` (whole, or not at all: a full disk leaves no fragment).
  private func appendMetrics(_ line: String) throws {
    try AtomicFile.append(Data((line + "\n").utf8), to: metrics)
  }

  /// The lines of metrics.jsonl in file order, typed (lines that do not parse are skipped; no
  /// file gives none).
  public func metricsRecords() -> [MetricsLine] {
    guard let text = try? String(contentsOfFile: metrics, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { Self.parse($0) }
  }

  /// One line of metrics.jsonl, if it parses (strictly: a line with a key given twice is skipped).
  static func parse(_ line: Substring) -> MetricsLine? {
    try? StrictJSON.decode(MetricsLine.self, from: Data(line.utf8), path: "metrics.jsonl")
  }

  /// The events recorded in metrics.jsonl, in file order.
  public func events() -> [RunEvent] { metricsRecords().compactMap(\.event) }

  /// Drops metrics records of epochs after `epoch` (written after the last checkpoint of a
  /// killed run, and about to be recomputed identically) and every event.
  func truncateMetrics(after epoch: Int) throws {
    guard let text = try? String(contentsOfFile: metrics, encoding: .utf8) else { return }
    let kept = text.split(separator: "\n").filter { line in
      guard let record = Self.parse(line)?.record else { return false }
      return record.epoch <= epoch
    }
    try AtomicFile.write(Data((kept.joined(separator: "\n") + (kept.isEmpty ? "" : "\n")).utf8), to: metrics)
  }
}
