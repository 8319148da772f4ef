import DSRData
import DSRModels
import DSRTensor
import DSRTraining

/// A validated configuration as typed values, in five parts: what to train on (``data``), which
/// model (``model``), how to train (``training``), what to monitor (``monitoring``) and where the
/// run goes (``output``).
///
/// ``Configuration`` decodes it once from the reference's keys, in the same pass that validates
/// them (so every message and "did you mean" comes from there); everything else reads these
/// fields, never a key.
public struct RunConfiguration: Sendable, Equatable {
  /// The training data.
  public struct DataSpecification: Sendable, Equatable {
    /// The trajectories (`path_to_data`: files, directories of .npy files, or a list).
    public var paths: [String]
    /// External inputs, one per trajectory (`path_to_inputs`); empty: none.
    public var inputPaths: [String]
    /// z-score each observed column with the training data's statistics (`standardize`).
    public var standardize: Bool
    /// The sampling interval and the filters applied before embedding (`sampling_rate` or `dt`,
    /// `detrend`, `highpass`, `downsample`).
    public var preprocessing: Preprocessing
    /// How the recording is delay-embedded (`embedding`, `delays`).
    public var embedding: EmbeddingRequest
  }

  /// The model to build.
  public struct ModelSpecification: Sendable, Equatable {
    /// The latent model (`model`).
    public var kind: ModelKind
    /// M (`latent_dim`); 0 until the data decides it (as many as its observed dimensions).
    public var latentDimension: Int
    /// L, hidden units of the shallow models (`hidden_dim`).
    public var hiddenDimension: Int
    /// B, bases of the dendritic models (`num_bases`).
    public var bases: Int
    /// P, piecewise-linear units of the AL-RNN (`pwl_units`).
    public var piecewiseLinearUnits: Int
    /// The observation model (`observation_model`).
    public var observation: ObservationKind
  }

  /// How to train.
  public struct TrainingSpecification: Sendable, Equatable {
    /// Everything the trainer reads (sequence length … MAR).
    public var settings: TrainingSettings
    /// The arithmetic (`precision`).
    public var precision: Precision
    /// The base seed; the run's generator is derived from (seed, run) (`seed`).
    public var seed: Int
    /// Trainings of this run with derived seeds, the best kept (`restarts`; 1 = one training).
    public var restarts: Int
  }

  /// What training records at its monitoring epochs, and which model it keeps.
  public struct MonitoringSpecification: Sendable, Equatable {
    /// Epochs between monitoring records and checkpoints (`scalar_saving_interval`).
    public var interval: Int
    /// Epochs between the snapshots `plots/generated_<epoch>.svg` of ``TrainingFigures``
    /// (`image_saving_interval`).
    public var imageSavingInterval: Int
    /// Bins per dimension of the binned D_stsp (`D_stsp_bins`).
    public var bins: Int
    /// σ² of the Gaussian-mixture D_stsp (`D_stsp_scaling`).
    public var gmmScaling: Double
    /// σ of the spectrum smoothing in D_H (`PSE_smoothing`).
    public var smoothing: Double
    /// n of PE(n) (`PE_n`).
    public var predictionSteps: Int
    /// Which model becomes model.json (`model_selection`).
    public var modelSelection: ModelSelectionRule
    /// Monitors without a change of the checkpoint `model_selection = best` would keep after which
    /// training stops (`patience`; 0 = never).
    public var patience: Int
  }

  /// Where the run goes: `<resultsDirectory>/<experiment>/<name>/<run as 3 digits>`.
  public struct OutputSpecification: Sendable, Equatable {
    /// `results_directory`.
    public var resultsDirectory: String
    /// `experiment`.
    public var experiment: String
    /// `name`.
    public var name: String
    /// The run number 1…999 (`run`); also selects the random stream.
    public var run: Int
  }

  /// What to train on.
  public var data: DataSpecification
  /// Which model.
  public var model: ModelSpecification
  /// How to train.
  public var training: TrainingSpecification
  /// What to monitor.
  public var monitoring: MonitoringSpecification
  /// Where the run goes.
  public var output: OutputSpecification

  /// dsr's defaults as typed records: ``Configuration/keys`` decoded, the one statement of each
  /// default (what `Configs/defaults.json` and `dsr train --print-config` show). Code that needs
  /// "the default settings" (a benchmark, a test, the report's fallbacks) reads them here.
  public static let defaults: RunConfiguration = Configuration().decoded
}

/// How `dsr train` delay-embeds a recording (`embedding`, `delays`; see ``DelayEmbedding``).
public struct EmbeddingRequest: Sendable, Equatable {
  /// How the lags are chosen.
  public enum Method: String, CaseIterable, Sendable {
    /// A one-column recording gets ``uniform``, a recording of several columns ``none``.
    case auto
    /// Every channel at lags 0, τ, …, (m − 1)·τ: τ from the auto-mutual information, m from Cao's method.
    case uniform
    /// Lags added one at a time where they best reduce false neighbours.
    case nonuniform
    /// The recording's columns as they are.
    case none
  }

  /// How the lags are chosen when ``delays`` is empty.
  public var method: Method
  /// Explicit lags (samples) for every channel; non-empty wins over ``method``.
  public var delays: [Int]

  /// The method that applies to a recording of `channels` columns (``Method/auto`` resolved; nil:
  /// explicit ``delays``).
  public func method(forChannels channels: Int) -> Method? {
    guard delays.isEmpty else { return nil }
    if method == .auto { return channels == 1 ? .uniform : Method.none }
    return method
  }
}

/// The observation models (`observation_model`).
public enum ObservationKind: String, CaseIterable, Sendable {
  /// `x = z[1…N]`, with the learned estimate `L·x` of the unobserved initial units when M > N.
  case identity = "Identity"
  /// `x = B·z`.
  case affine = "Affine"

  /// The same kind as ``ObservationModel``'s kind in precision `S`.
  public func kind<S: BLASScalar>(_: S.Type = S.self) -> ObservationModel<S>.Kind {
    switch self {
    case .identity: return .identity
    case .affine: return .affine
    }
  }
}

/// The arithmetic of a run (`precision`).
public enum Precision: String, CaseIterable, Sendable {
  /// `Float` (like the reference).
  case float32
  /// `Double`.
  case float64
}

/// Which model becomes model.json (`model_selection`, see ``ModelSelection``).
public enum ModelSelectionRule: String, CaseIterable, Sendable {
  /// The monitored checkpoint whose free run matched the training data best.
  case best
  /// The model after the last epoch (the reference).
  case last
}
