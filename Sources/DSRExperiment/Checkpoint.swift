import DSRData
import DSRTensor
import DSRTraining
import Foundation

/// Everything needed to continue a run exactly: `checkpoints/latest.json`.
///
/// JSON numbers round-trip Float and Double bit for bit (Swift writes the shortest repr that
/// reads back to the same value), so a resumed run continues with identical state.
struct Checkpoint<Scalar: BLASScalar>: Codable {
  var version = 1
  /// The last completed epoch.
  var epoch: Int
  var parameters: [Tensor<Scalar>]
  var optimizer: Optimizer<Scalar>
  var alpha: Double
  var trainingRNG: RandomGenerator
  var monitorRNG: RandomGenerator
  /// Training seconds so far (for the ETA of a resumed run).
  var elapsed: Double
  var loss: Double
  /// The mean training loss of the checkpoint's epoch (what model.json records), so a run killed
  /// between its last checkpoint and model.json can still write the same model.json.
  var epochMeanLoss: Double?

  func write(to path: String) throws {
    try AtomicFile.write(try JSONEncoder().encode(self), to: path)
  }

  static func read(_ path: String) throws -> Checkpoint {
    try DataFileError.requireRegularFile(path)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DataFileError(path: path, problem: "does not exist", remedy: "the run has not reached its first checkpoint (scalar_saving_interval)")
    }
    try StrictJSON.check(data, path: path)
    do { return try JSONDecoder().decode(Checkpoint.self, from: data) } catch {
      throw DataFileError(path: path, problem: "is not a dsr checkpoint of this precision (\(describe(error)))", remedy: "the checkpoint is damaged")
    }
  }
}
