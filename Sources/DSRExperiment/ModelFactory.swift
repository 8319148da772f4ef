import DSRData
import DSRDynamics
import DSRModels
import DSRTensor
import DSRTraining

/// Builds the freshly initialised models a configuration describes.
enum ModelFactory {
  /// The latent model, observation model and input weights, drawn from `rng` in that order
  /// (reference initialisations, gtf-shplrnn.md §1).
  static func make<S: BLASScalar>(
    _ spec: RunConfiguration.ModelSpecification, data: Dataset<S>, using rng: inout RandomGenerator
  ) -> (model: any LatentModel<S>, observation: ObservationModel<S>, inputWeights: Tensor<S>?) {
    let m = spec.latentDimension, n = data.observedDimension, k = data.inputDimension
    let kind = spec.observation.kind(S.self)
    let model: any LatentModel<S>
    switch spec.kind {
    case .plrnn: model = PLRNN(latentDimension: m, using: &rng)
    case .meanCenteredPLRNN: model = PLRNN(latentDimension: m, meanCentered: true, using: &rng)
    case .dendriticPLRNN, .clippedDendriticPLRNN:
      // Thresholds span the data range for Identity, N(0, 1) for Affine.
      var range: (S, S)? = nil
      if kind == .identity {
        let all = data.trajectories.flatMap(\.scalars).filter { !$0.isNaN }  // missing values left out
        range = (all.min()!, all.max()!)
      }
      model = DendriticPLRNN(latentDimension: m, bases: spec.bases, clipped: spec.kind == .clippedDendriticPLRNN,
                             thresholdRange: range, using: &rng)
    case .shallowPLRNN, .clippedShallowPLRNN:
      model = ShallowPLRNN(latentDimension: m, hiddenDimension: spec.hiddenDimension, clipped: spec.kind == .clippedShallowPLRNN, using: &rng)
    case .alrnn: model = ALRNN(latentDimension: m, piecewiseLinearUnits: spec.piecewiseLinearUnits, using: &rng)
    }
    let observation = ObservationModel<S>(kind: kind, observedDimension: n, latentDimension: m, using: &rng)
    var c: Tensor<S>? = nil
    if k > 0 {
      let bound = S.sqrt(6 / S(m + k))  // Glorot uniform
      c = Tensor.uniform(shape: [m, k], low: -bound, high: bound, using: &rng)
    }
    return (model, observation, c)
  }

  /// A warning for a configuration the reference accepts but documents as invalid: with the
  /// Identity observation model, M > N and full forcing, the M − N unobserved units are forced
  /// towards 0 at every forcing step, so their free run is never trained (in the benchmark suite
  /// it diverged on Arneodo and Lü–Chen). nil when the configuration is fine.
  static func forcingWarning(_ spec: RunConfiguration.ModelSpecification, settings: TrainingSettings, observed n: Int) -> String? {
    let m = spec.latentDimension
    guard spec.observation == .identity, m > n, !settings.partialForcing else { return nil }
    return "latent_dim \(m) > the data's N = \(n) with the Identity observation model and partial_forcing false forces "
      + "the \(m - n) unobserved latent units towards 0 during training, so their free run is never trained "
      + "and usually diverges; set partial_forcing=true (force only the first N units) or latent_dim=0"
  }

  /// Checks the configuration against the data (dimensions), before anything is written.
  static func check<S: BLASScalar>(_ spec: RunConfiguration.ModelSpecification, data: Dataset<S>) throws {
    let m = spec.latentDimension, n = data.observedDimension
    if spec.observation == .identity && m < n {
      throw ConfigurationError(
        source: "configuration", key: "latent_dim",
        problem: "M = \(m) is smaller than the data's N = \(n) observed dimensions, which the Identity observation model reads from the first N latent units",
        remedy: "set latent_dim ≥ \(n), or observation_model to Affine")
    }
  }
}
