import DSRData
import DSRModels
import DSRTensor
import Foundation

/// A trained model loaded for analysis (`dsr analyze`, `dsr export`, `dsr lyapunov`): autonomous,
/// in Double precision, with the file it came from.
struct AnalysisModel {
  /// The model file read (a model.json, or a run directory's ``Evaluation/modelFile(of:)``).
  let path: String
  /// Its contents.
  let file: ModelFile
  /// The latent map.
  let latent: any LatentModel<Double>
  /// The observation model (its initial-state mapping gives the start from data).
  let observation: ObservationModel<Double>

  /// Loads the model of `model` (a model.json or a run directory).
  ///
  /// - Parameter remedy: what to say when the model is driven by external inputs, which the
  ///   analyses do not cover.
  /// - Throws: `DataFileError` for a missing, unreadable or input-driven model.
  init(_ model: String, inputDrivenRemedy remedy: String) throws {
    path = try Evaluation.resolveModel(model)
    file = try ModelFile.read(path)
    guard file.inputDim == 0 else {
      throw DataFileError(path: path, problem: "is driven by \(file.inputDim) external inputs", remedy: remedy)
    }
    (latent, observation, _) = try file.instantiate(Double.self, path: path)
  }

  /// The latent initial state for the first row of the data file `source` (a raw recording),
  /// mapped into the model's units by the stored preprocessing, embedding and standardisation
  /// (``ModelFile/modelUnits(_:)``; with an embedding, the first row that has all its lags).
  func initialState(fromFirstRowOf source: String) throws -> Tensor<Double> {
    let data = try file.modelUnits(try Dataset<Double>.load(paths: [source], allowingMissing: true))
    let x = data.trajectories[0]
    guard let row = (0..<x.shape[0]).first(where: { r in x.row(r).scalars.allSatisfy(\.isFinite) }) else {
      throw DataFileError(path: source, problem: "has no complete row to start from", remedy: "give data without missing values at its start")
    }
    return try observation.initialStates(x.rows(row..<(row + 1))).reshaped([latent.dimension])
  }
}
