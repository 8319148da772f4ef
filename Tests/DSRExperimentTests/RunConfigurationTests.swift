@testable import DSRExperiment
import DSRTraining
import Foundation
import Testing

/// The typed records a configuration decodes into (``RunConfiguration``), and ``ModelKind``.
@Suite("RunConfiguration")
struct RunConfigurationTests {
  @Test("the defaults decode into the documented records")
  func defaults() throws {
    let run = Configuration().decoded
    #expect(run.model.kind == .clippedShallowPLRNN && run.model.latentDimension == 0 && run.model.hiddenDimension == 100)
    #expect(run.model.bases == 50 && run.model.piecewiseLinearUnits == 2 && run.model.observation == .identity)
    #expect(run.data.paths == ["Datasets/lorenz63_noise0.05_train.npy"] && run.data.inputPaths.isEmpty && run.data.standardize)
    #expect(run.training.precision == .float32 && run.training.seed == 1)
    let s = run.training.settings
    #expect(s.sequenceLength == 200 && s.batchSize == 16 && s.batchesPerEpoch == 50 && s.epochs == 2000)
    #expect(s.forcing == .generalized(GTFSettings(alpha: 1, method: .automatic, decay: 0.999, updateInterval: 5)))
    #expect(s.optimizer == .radam && s.startLearningRate == 1e-3 && s.endLearningRate == 1e-5 && s.latentRegularization == 1e-5)
    #expect(run.monitoring == .init(interval: 50, imageSavingInterval: 25, bins: 30, gmmScaling: 1, smoothing: 20, predictionSteps: 20, modelSelection: .best, patience: 10))
    #expect(run.output == .init(resultsDirectory: "Results", experiment: "default", name: "lorenz63", run: 1))
  }

  @Test("overrides reach the records: sparse forcing, Adam, float64, an ALRNN with Affine observations")
  func overrides() throws {
    let c = try Configuration.load(file: nil, overrides: [
      "use_gtf=false", "teacher_forcing_interval=7", "optimizer=Adam", "precision=float64", "model=ALRNN", "latent_dim=5",
      "pwl_units=3", "observation_model=Affine", "model_selection=last", "run=12", #"path_to_inputs=["s.npy"]"#,
    ])
    let run = c.decoded
    #expect(run.training.settings.forcing == .sparse(interval: 7) && run.training.settings.optimizer == .adam)
    #expect(run.training.precision == .float64 && run.monitoring.modelSelection == .last && run.output.run == 12)
    #expect(run.model.kind == .alrnn && run.model.latentDimension == 5 && run.model.piecewiseLinearUnits == 3 && run.model.observation == .affine)
    #expect(run.data.inputPaths == ["s.npy"])
  }

  @Test("set keeps the records in step with the values")
  func set() throws {
    var c = Configuration()
    try c.set("hidden_dim", .int(7), source: "test")
    try c.set("name", .string("other"), source: "test")
    #expect(c.decoded.model.hiddenDimension == 7 && c.decoded.output.name == "other")
    #expect(RunDirectory(c).path == "Results/default/other/001")
  }

  @Test("a misspelt choice names the valid ones and the nearest, as before")
  func choices() {
    func message(_ overrides: [String]) -> String {
      do { _ = try Configuration.load(file: nil, overrides: overrides); return "" } catch { return "\(error)" }
    }
    #expect(message(["model=shallowPLRN"]) == "configuration: key 'model': 'shallowPLRN' is not one of "
      + "PLRNN, mcPLRNN, dendPLRNN, clippedDendPLRNN, shallowPLRNN, clippedShallowPLRNN, ALRNN (did you mean 'shallowPLRNN'? pick one of those)")
    #expect(message(["gtf_alpha_method=batch_maximm"]).contains("did you mean 'batch_maximum'?"))
    #expect(message(["model=PLRNN", "gtf_alpha_method=jacobian_upper_bound"])
      == "configuration: key 'gtf_alpha_method': jacobian_upper_bound is defined only for shallowPLRNN and clippedShallowPLRNN, not PLRNN "
      + "(use product_upper_bound or arithmetic_mean)")
  }

  @Test("ModelKind is the one list of names: the model key's meaning and the shallow kinds")
  func modelKind() {
    #expect(ModelKind.allCases.map(\.rawValue) == ["PLRNN", "mcPLRNN", "dendPLRNN", "clippedDendPLRNN", "shallowPLRNN", "clippedShallowPLRNN", "ALRNN"])
    #expect(ModelKind.namesInWords == "PLRNN, mcPLRNN, dendPLRNN, clippedDendPLRNN, shallowPLRNN, clippedShallowPLRNN or ALRNN")
    #expect(Configuration.keys.first { $0.name == "model" }?.meaning == ModelKind.namesInWords)
    #expect(ModelKind.allCases.filter(\.isShallow) == [.shallowPLRNN, .clippedShallowPLRNN])
  }
}
