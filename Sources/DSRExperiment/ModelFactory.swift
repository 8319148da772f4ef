import DSRData
import DSRDynamics
import DSRModels
import DSRTensor

/// Builds the freshly initialised models a configuration describes.
enum ModelFactory {
  /// The latent model, observation model and input weights, drawn from `rng` in that order
  /// (reference initialisations, gtf-shplrnn.md §1).
  static func make<S: BLASScalar>(
    _ config: Configuration, data: Dataset<S>, using rng: inout RandomGenerator
  ) -> (model: any LatentModel<S>, observation: ObservationModel<S>, inputWeights: Tensor<S>?) {
    let m = config.int("latent_dim"), n = data.observedDimension, k = data.inputDimension
    let kind = ObservationModel<S>.Kind(rawValue: config.string("observation_model"))!
    let model: any LatentModel<S>
    switch config.string("model") {
    case "PLRNN": model = PLRNN(latentDimension: m, using: &rng)
    case "mcPLRNN": model = PLRNN(latentDimension: m, meanCentered: true, using: &rng)
    case "dendPLRNN", "clippedDendPLRNN":
      // Thresholds span the data range for Identity, N(0, 1) for Affine.
      var range: (S, S)? = nil
      if kind == .identity {
        let all = data.trajectories.flatMap(\.scalars)
        range = (all.min()!, all.max()!)
      }
      model = DendriticPLRNN(latentDimension: m, bases: config.int("num_bases"), clipped: config.string("model") == "clippedDendPLRNN",
                             thresholdRange: range, using: &rng)
    case "shallowPLRNN", "clippedShallowPLRNN":
      model = ShallowPLRNN(latentDimension: m, hiddenDimension: config.int("hidden_dim"), clipped: config.string("model") == "clippedShallowPLRNN", using: &rng)
    case "ALRNN": model = ALRNN(latentDimension: m, piecewiseLinearUnits: config.int("pwl_units"), using: &rng)
    default: preconditionFailure("unvalidated model \(config.string("model"))")
    }
    let observation = ObservationModel<S>(kind: kind, observedDimension: n, latentDimension: m, using: &rng)
    var c: Tensor<S>? = nil
    if k > 0 {
      let bound = S.sqrt(6 / S(m + k))  // Glorot uniform
      c = Tensor.uniform(shape: [m, k], low: -bound, high: bound, using: &rng)
    }
    return (model, observation, c)
  }

  /// Checks the configuration against the data (dimensions), before anything is written.
  static func check<S: BLASScalar>(_ config: Configuration, data: Dataset<S>) throws {
    let m = config.int("latent_dim"), n = data.observedDimension
    if config.string("observation_model") == "Identity" && m < n {
      throw ConfigurationError(
        source: "configuration", key: "latent_dim",
        problem: "M = \(m) is smaller than the data's N = \(n) observed dimensions, which the Identity observation model reads from the first N latent units",
        remedy: "set latent_dim ≥ \(n), or observation_model to Affine")
    }
  }
}
