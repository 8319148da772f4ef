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

  /// The latent initial state for the first row of the data file `source`, mapped into the
  /// model's units (z-scored with the training data's mean and std if the run standardised).
  func initialState(fromFirstRowOf source: String) throws -> Tensor<Double> {
    let x: Tensor<Double> = try MatrixFile.read(source)
    guard x.shape[1] == observation.observedDimension else {
      throw DataFileError(path: source, problem: "has \(x.shape[1]) columns but the model observes N = \(observation.observedDimension)",
                          remedy: "give data of the model's data set")
    }
    return try observation.initialStates(file.dataTransform.apply(x.rows(0..<1))).reshaped([latent.dimension])
  }
}
