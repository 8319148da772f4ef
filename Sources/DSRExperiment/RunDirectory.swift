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
  public let path: String

  public init(path: String) { self.path = path }

  /// The directory a configuration names.
  public init(_ config: Configuration) {
    let run = String(format: "%03d", config.int("run"))
    path = [config.string("results_directory"), config.string("experiment"), config.string("name"), run]
      .reduce("") { $0.isEmpty ? $1 : ($0 as NSString).appendingPathComponent($1) }
  }

  public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
  public var config: String { file("config.json") }
  public var metrics: String { file("metrics.jsonl") }
  public var model: String { file("model.json") }
  public var checkpoints: String { file("checkpoints") }
  public var latestCheckpoint: String { file("checkpoints/latest.json") }
  public func modelCheckpoint(epoch: Int) -> String { file("checkpoints/model_\(epoch).json") }

  /// Creates the directory tree.
  func create() throws {
    do { try FileManager.default.createDirectory(atPath: checkpoints, withIntermediateDirectories: true) } catch {
      throw ConfigurationError(source: path, key: "results_directory", problem: "cannot be created (\(error.localizedDescription))",
                               remedy: "choose a writable results_directory")
    }
  }

  /// Appends one line to `metrics.jsonl`.
  func appendMetrics(_ line: String) throws {
    let data = Data((line + "\n").utf8)
    if let handle = FileHandle(forWritingAtPath: metrics) {
      defer { try? handle.close() }
      try handle.seekToEnd()
      try handle.write(contentsOf: data)
    } else {
      try data.write(to: URL(fileURLWithPath: metrics))
    }
  }

  /// The JSON objects of metrics.jsonl in file order (lines that do not parse are skipped; no
  /// file gives none).
  public func metricsRecords() -> [[String: Any]] {
    guard let text = try? String(contentsOfFile: metrics, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
  }

  /// Drops metrics records of epochs after `epoch` (written after the last checkpoint of a
  /// killed run, and about to be recomputed identically).
  func truncateMetrics(after epoch: Int) throws {
    guard let text = try? String(contentsOfFile: metrics, encoding: .utf8) else { return }
    let kept = text.split(separator: "\n").filter { line in
      guard let data = line.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let e = object["epoch"] as? Int else { return false }
      return e <= epoch && object["event"] == nil
    }
    try Data((kept.joined(separator: "\n") + (kept.isEmpty ? "" : "\n")).utf8).write(to: URL(fileURLWithPath: metrics))
  }
}
