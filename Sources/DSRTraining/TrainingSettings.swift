/// Everything the trainer needs to know, already validated (the JSON configuration is parsed and
/// checked in `DSRExperiment`; see the Configuration keys article of DSRExperiment for the key of each field).
///
/// The type states no values of its own: dsr's defaults are stated once, in DSRExperiment's
/// `Configuration.keys` (what `Configs/defaults.json` and `dsr train --print-config` show), and
/// code that wants them takes `RunConfiguration.defaults.training.settings` from there.
public struct TrainingSettings: Codable, Sendable, Equatable {
  /// T̃: windows have T̃ + 1 rows (`sequence_length`).
  public var sequenceLength: Int
  /// S (`batch_size`).
  public var batchSize: Int
  /// Sₑ (`batches_per_epoch`).
  public var batchesPerEpoch: Int
  /// E (`epochs`).
  public var epochs: Int
  /// The forcing scheme (`use_gtf` and the keys of ``GTFSettings``, or `teacher_forcing_interval`).
  public var forcing: Forcing
  /// Force only the first N latent units (`partial_forcing`).
  public var partialForcing: Bool
  /// σ of Gaussian noise added to every training batch (`gaussian_noise_level`).
  public var noiseLevel: Double
  /// The optimiser (`optimizer`).
  public var optimizer: OptimizerKind
  /// The learning rate decays exponentially, once per epoch, from `start_lr` to `end_lr`.
  public var startLearningRate: Double
  /// The rate the decay ends at (`end_lr`).
  public var endLearningRate: Double
  /// Per-array gradient norm clip; 0 = off (`gradient_clipping_norm`).
  public var gradientClippingNorm: Double
  /// λ_l, the weight of the latent L2 regulariser (`lat_model_regularization`; gtf-shplrnn.md §2.6).
  public var latentRegularization: Double
  /// λ_o, the weight of the observation-model regulariser (`obs_model_regularization`).
  public var observationRegularization: Double
  /// κ, the fraction of latent units under manifold-attractor regularisation; 0 = off (`MAR_ratio`).
  public var marRatio: Double
  /// λ_MAR, the weight of manifold-attractor regularisation (`MAR_lambda`).
  public var marLambda: Double
  /// The number of threads one batch is computed on (`threads`): with k > 1 the S windows are
  /// split into k contiguous shards whose forward and backward sweeps run in parallel and whose
  /// gradients are summed in shard order — deterministic for a given k, and equal to the
  /// one-thread result up to rounding (the sums are grouped differently).
  public var threads: Int

  /// Settings with every value given (there are no defaults here; see the type's description).
  public init(
    sequenceLength: Int, batchSize: Int, batchesPerEpoch: Int, epochs: Int, forcing: Forcing, partialForcing: Bool,
    noiseLevel: Double, optimizer: OptimizerKind, startLearningRate: Double, endLearningRate: Double,
    gradientClippingNorm: Double, latentRegularization: Double, observationRegularization: Double, marRatio: Double,
    marLambda: Double, threads: Int
  ) {
    self.sequenceLength = sequenceLength
    self.batchSize = batchSize
    self.batchesPerEpoch = batchesPerEpoch
    self.epochs = epochs
    self.forcing = forcing
    self.partialForcing = partialForcing
    self.noiseLevel = noiseLevel
    self.optimizer = optimizer
    self.startLearningRate = startLearningRate
    self.endLearningRate = endLearningRate
    self.gradientClippingNorm = gradientClippingNorm
    self.latentRegularization = latentRegularization
    self.observationRegularization = observationRegularization
    self.marRatio = marRatio
    self.marLambda = marLambda
    self.threads = threads
  }
}

/// Generalized teacher forcing settings (gtf-shplrnn.md §2.3, §2.7); like ``TrainingSettings``,
/// without values of its own (the defaults are the configuration's).
public struct GTFSettings: Codable, Sendable, Equatable {
  /// α₀ (`gtf_alpha`).
  public var alpha: Double
  /// How α is re-estimated (`gtf_alpha_method`).
  public var method: AlphaMethod
  /// γ of the annealing (`gtf_alpha_decay`).
  public var decay: Double
  /// k: α is re-estimated on batches k, 2k, … of each epoch (`alpha_update_interval`).
  public var updateInterval: Int

  /// GTF settings with α₀, the re-estimation method, the annealing γ and the interval k.
  public init(alpha: Double, method: AlphaMethod, decay: Double, updateInterval: Int) {
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
  /// RAdam (the reference's optimiser).
  case radam = "RADAM"
  /// Adam.
  case adam = "Adam"
}
