import DSRData
import DSRTensor
import Foundation

/// What a run was trained on, stored as `<run>/data_fingerprint.json` when the run starts, so
/// that `dsr train --resume` refuses to continue on other data (a replaced file, or
/// `path_to_data` edited in config.json): the model would otherwise continue on other data with
/// the new data's standardisation.
///
/// Each trajectory of the recording (and of the external inputs) as loaded, before
/// preprocessing, is summarised by its shape and a 64-bit FNV-1a hash of its values' IEEE-754
/// double bit patterns (every NaN hashed alike). The hash is of the values, not of the file's
/// bytes: the same numbers stored as .npy or .csv, or under another path, are the same data.
/// Runs started before the fingerprint existed resume with a notice and get one then.
struct DataFingerprint: Codable, Equatable {
  /// The file's name in a run directory.
  static let fileName = "data_fingerprint.json"

  /// One trajectory: where it was read, its shape and its hash.
  struct Trajectory: Codable, Equatable {
    var source: String
    var rows: Int
    var columns: Int
    var hash: String

    /// Shape and hash; the source may differ.
    func sameValues(as other: Trajectory) -> Bool { (rows, columns, hash) == (other.rows, other.columns, other.hash) }

    var text: String { "\(source) (\(rows) × \(columns), hash \(hash))" }
  }

  var version = 1
  var data: [Trajectory]
  var inputs: [Trajectory]

  /// The fingerprint of `recording` as loaded; `inputSources` names its external inputs' files.
  init<S: BLASScalar>(_ recording: Dataset<S>, inputSources: [String]) {
    func summary(_ x: Tensor<S>, _ source: String) -> Trajectory {
      var h: UInt64 = 0xcbf2_9ce4_8422_2325
      for v in x.scalars {
        let d = Double(v)
        h ^= d.isNaN ? Double.nan.bitPattern : d.bitPattern
        h = h &* 0x0000_0100_0000_01b3
      }
      return Trajectory(source: source, rows: x.shape[0], columns: x.rank > 1 ? x.shape[1] : 1, hash: String(format: "%016llx", h))
    }
    data = zip(recording.trajectories, recording.sources).map { summary($0, $1) }
    inputs = recording.inputs.map { u in
      u.indices.map { summary(u[$0], $0 < inputSources.count ? inputSources[$0] : "inputs of trajectory \($0 + 1)") }
    } ?? []
  }

  static func path(in run: RunDirectory) -> String { run.file(fileName) }

  /// The stored fingerprint; nil when the run has none (started by an older dsr).
  /// - Throws: `DataFileError` when the file is there but unreadable.
  static func read(from run: RunDirectory) throws -> DataFingerprint? {
    let path = path(in: run)
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    do {
      let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
      if let problem = StrictJSON.firstProblem(in: bytes) { throw DataFileError(path: path, problem: "line \(problem.line): \(problem.message)") }
      return try JSONDecoder().decode(DataFingerprint.self, from: bytes)
    } catch {
      throw DataFileError(path: path, problem: "is damaged (\(error))", remedy: "delete it to resume without checking the data, or restore it")
    }
  }

  func write(to run: RunDirectory) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(try encoder.encode(self), to: Self.path(in: run))
  }

  /// What differs between the stored fingerprint (`self`) and the data now, or nil when the
  /// values are the same.
  func difference(from now: DataFingerprint) -> String? {
    for (kind, stored, current) in [("training data", data, now.data), ("external inputs", inputs, now.inputs)] {
      guard stored.count == current.count else {
        return "the run was trained on \(stored.count) trajector\(stored.count == 1 ? "y" : "ies") of \(kind), now \(current.count) are given"
      }
      if let i = stored.indices.first(where: { !stored[$0].sameValues(as: current[$0]) }) {
        return "its \(kind) changed: it was trained on \(stored[i].text), now \(current[i].text)"
      }
    }
    return nil
  }

  /// Compares the data a resumed run is about to continue on with the run's fingerprint.
  ///
  /// - Returns: a notice when the run has no fingerprint (it resumes unchecked and gets one).
  /// - Throws: `DataFileError` naming the run's config.json, both data and the fix when the
  ///   values differ.
  static func check(_ now: DataFingerprint, run: RunDirectory) throws -> String? {
    guard let stored = try read(from: run) else {
      return "\(run.path) has no \(fileName) (started by an older dsr): resuming without checking that its training data is unchanged; "
        + "the fingerprint of the data as now is stored for the next resume."
    }
    guard let difference = stored.difference(from: now) else { return nil }
    throw DataFileError(
      path: run.config, problem: "\(difference); resuming would continue the model on other data, with the new data's standardisation",
      remedy: "restore the data the run was trained on, or path_to_data / path_to_inputs in \(run.config); or start a new run on the new data")
  }
}
