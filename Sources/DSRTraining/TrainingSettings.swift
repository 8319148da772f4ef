/// Everything the trainer needs to know, already validated (the JSON configuration is parsed and
/// checked in `DSRExperiment`; see README "Configuration keys" for the key of each field).
public struct TrainingSettings: Codable, Sendable, Equatable {
  /// T̃: windows have T̃ + 1 rows (`sequence_length`).
  public var sequenceLength: Int = 200
  /// S (`batch_size`).
  public var batchSize: Int = 16
  /// Sₑ (`batches_per_epoch`).
  public var batchesPerEpoch: Int = 50
  /// E (`epochs`).
  public var epochs: Int = 5000
  /// The forcing scheme.
  public var forcing: Forcing = .generalized(GTFSettings())
  /// Force only the first N latent units (`partial_forcing`).
  public var partialForcing: Bool = false
  /// σ of Gaussian noise added to every training batch (`gaussian_noise_level`).
  public var noiseLevel: Double = 0
  /// The optimiser (`optimizer`).
  public var optimizer: OptimizerKind = .radam
  /// The learning rate decays exponentially, once per epoch, from `start_lr` to `end_lr`.
  public var startLearningRate: Double = 1e-3
  /// The rate the decay ends at (`end_lr`).
  public var endLearningRate: Double = 1e-6
  /// Per-array gradient norm clip; 0 = off (`gradient_clipping_norm`).
  public var gradientClippingNorm: Double = 0
  /// λ_l, λ_o, κ and λ_MAR of gtf-shplrnn.md §2.6.
  public var latentRegularization: Double = 1e-5
  /// λ_o, the weight of the observation-model regulariser (`obs_model_regularization`).
  public var observationRegularization: Double = 0
  /// κ, the fraction of latent units under manifold-attractor regularisation; 0 = off (`MAR_ratio`).
  public var marRatio: Double = 0
  /// λ_MAR, the weight of manifold-attractor regularisation (`MAR_lambda`).
  public var marLambda: Double = 0

  /// The default settings.
  public init() {}
}

/// Generalized teacher forcing settings (gtf-shplrnn.md §2.3, §2.7).
public struct GTFSettings: Codable, Sendable, Equatable {
  /// α₀ (`gtf_alpha`).
  public var alpha: Double = 1
  /// How α is re-estimated (`gtf_alpha_method`).
  public var method: AlphaMethod = .productUpperBound
  /// γ of the annealing (`gtf_alpha_decay`).
  public var decay: Double = 0.999
  /// k: α is re-estimated on batches k, 2k, … of each epoch (`alpha_update_interval`).
  public var updateInterval: Int = 5

  /// GTF settings with α₀, the re-estimation method, the annealing γ and the interval k.
  public init(alpha: Double = 1, method: AlphaMethod = .productUpperBound, decay: Double = 0.999, updateInterval: Int = 5) {
    (self.alpha, self.method, self.decay, self.updateInterval) = (alpha, method, decay, updateInterval)
  }
}

/// The forcing scheme of a training run.
public enum Forcing: Codable, Sendable, Equatable {
  /// GTF (`use_gtf = true`): `z̃_t = (1−α)·z_t + α·ẑ_t` on the forced units at every step.
  case generalized(GTFSettings)
  /// Sparse teacher forcing (`use_gtf = false`): the forced units are replaced by ẑ_t at every
  /// step t that is a multiple of τ (`teacher_forcing_interval`).
  case sparse(interval: Int)
}

/// The optimisers (`optimizer`): Flux's RAdam (the reference's `"RADAM"`) and Adam.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
  /// RAdam (the default).
  case radam = "RADAM"
  /// Adam.
  case adam = "Adam"
}
