import DSRMeasures
import DSRModels
import DSRTensor
import Foundation

extension Runner {
  /// Steps of each free run of the model selection and the verdict (``OrbitSurvey/steps(rows:latent:)``).
  var freeRunSteps: Int {
    OrbitSurvey.steps(rows: trainer.sampler.data.trajectories.map { $0.shape[0] }.max() ?? 0, latent: trainer.model.dimension)
  }

  /// Under `model_selection = best`: the best-scoring monitored checkpoint whose free runs from
  /// the training data stay alive (``ModelSelection/choose(in:trajectories:steps:starts:)``);
  /// nil under `last`.
  func selectModel() throws -> ModelSelection.Decision? {
    guard spec.monitoring.modelSelection == .best else { return nil }
    return try ModelSelection.choose(in: directory, trajectories: trainer.sampler.data.trajectories, steps: freeRunSteps)
  }

  /// The verdict (``TrainingVerdict``) on the model that becomes model.json: the selected
  /// checkpoint with the measures its monitor recorded, or the trained model with the final
  /// monitor's measures; its free runs are the selection's when it ran them all, the advice
  /// reads the run's configuration (``TrainingAdvice``).
  func assessment(decision: ModelSelection.Decision?) throws -> TrainingVerdict {
    let system: ReconstructedSystem<S>
    let dstsp: Double, dh: Double, method: String
    if let selected = decision?.kept, selected.epoch != spec.training.settings.epochs {
      let path = directory.modelCheckpoint(epoch: selected.epoch)
      let (model, observation, c) = try ModelFile.read(path).instantiate(S.self, path: path)
      system = ReconstructedSystem(model: model, observation: observation, inputWeights: c)
      (dstsp, dh) = (selected.dstsp, selected.dh)
      method = StateSpaceDivergence.Method.reference(
        dimension: system.observedDimension, bins: spec.monitoring.bins, scaling: spec.monitoring.gmmScaling).name
    } else {
      system = ReconstructedSystem(model: trainer.model, observation: trainer.observation, inputWeights: trainer.inputWeights)
      let (values, m) = try lastMeasures ?? measures()
      (dstsp, dh, method) = (values.dstsp, values.dh, m.name)
    }
    var verdict: TrainingVerdict
    if system.inputDimension > 0 {
      verdict = TrainingVerdict(orbit: nil, dstsp: dstsp, dh: dh, dstspMethod: method)
    } else {
      let data = trainer.sampler.data.trajectories
      // The selection stops running a checkpoint once most of its starts died: run again then.
      let survey = try decision.flatMap { $0.allDead ? nil : $0.survey }
        ?? OrbitSurvey.survey(system, trajectories: data, steps: freeRunSteps)
      verdict = TrainingVerdict(survey: survey, dstsp: dstsp, dh: dh, dstspMethod: method)
      let run = TrainingAdvice.Run(configuration: spec, forcing: trainer.settings.forcing, configPath: directory.config,
                                   shortestTrajectory: data.map { $0.shape[0] }.min() ?? 0)
      verdict.advice = TrainingAdvice.advice(for: survey, run: run)
    }
    verdict.selection = decision
    return verdict
  }
}
