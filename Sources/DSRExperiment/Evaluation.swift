import DSRData
import DSRDynamics
import DSRMeasures
import DSRModels
import DSRTensor
import Foundation

/// The final evaluation of trained runs on test data (gtf-shplrnn.md §3.4, `dsr evaluate`).
///
/// For every run directory (one holding `config.json`) under a results directory: load the final
/// `model.json`, or the checkpoint with the largest epoch if the run has none; free-run
/// ⌊1.25·T⌋ steps from the first test point and drop ⌊0.25·T⌋ (no transient with external
/// inputs, whose test series is only T long); compute D_stsp, D_H and PE(n) against the test
/// data in the model's units (``ModelFile/modelUnits(_:)``: z-scored with the training data's mean
/// and std when the run standardised its data), and optionally the Lyapunov spectrum of the latent map. Runs are evaluated in parallel;
/// each result is written into its own slot, so the order of the output does not depend on timing.
public enum Evaluation {
  /// What to evaluate and with which settings; nil settings come from each run's configuration.
  public struct Settings: Sendable {
    /// The test data (file, directory of .npy files, or list) and its inputs.
    public var dataPaths: [String]
    /// External inputs of the test data (same forms); empty: none.
    public var inputPaths: [String] = []
    /// Force the binned D_stsp with this many bins per dimension.
    public var bins: Int? = nil
    /// Force the Gaussian-mixture D_stsp with this σ².
    public var gmmScaling: Double? = nil
    /// σ of the D_H spectrum smoothing (nil: the run's `PSE_smoothing`).
    public var smoothing: Double? = nil
    /// n of PE(n) (nil: the run's `PE_n`).
    public var predictionSteps: Int? = nil
    /// Seed of the Gaussian-mixture Monte-Carlo samples.
    public var seed: UInt64 = 0
    /// Lyapunov spectrum of the latent map (autonomous runs), `lyapunovSteps` steps from the
    /// last compared state; exponents per step, or per time unit with `dt`.
    public var lyapunov = false
    /// Steps of the Lyapunov computation.
    public var lyapunovSteps = 100_000
    /// Time step of the data: exponents per time unit instead of per step.
    public var dt: Double? = nil
    /// Runs evaluated at once.
    public var workers = 1
    /// Forecast evaluation (``ForecastEvaluation``): nil skips it.
    public var forecast: ForecastEvaluation.Settings? = nil

    /// Settings for the test data `dataPaths`, the rest from each run.
    public init(dataPaths: [String]) { self.dataPaths = dataPaths }
  }

  /// One run's result.
  public struct RunResult: Sendable, Equatable {
    /// The run directory.
    public var run: String
    /// The directory grouping runs of one setting (the run directory's parent).
    public var group: String
    /// `finished`, `diverged` (training stopped on divergence; its last checkpoint is
    /// evaluated), `unfinished` (still training or interrupted), `no model` or `error`.
    public var status: RunStatus
    /// The epoch of the evaluated model (nil without one).
    public var epoch: Int?
    /// D_stsp against the test data (mean over test trajectories).
    public var dstsp = Double.nan
    /// How D_stsp was computed (`binned, 30 bins`, `gmm, σ² = 1.0`).
    public var dstspSetting = ""
    /// D_H against the test data.
    public var dh = Double.nan
    /// PE(n) on the test data.
    public var pe = Double.nan
    /// PE(n) over the test data's mean column variance: 1 = as bad as predicting the mean.
    public var peNormalized = Double.nan
    /// The persistence baseline PE(n) (x(t + n) predicted by x(t)) on the same start points,
    /// normalised the same way.
    public var persistenceNormalized = Double.nan
    /// The free run's ``FreeRunHealth`` name (`alive`, `periodic`, `fixed_point`, `divergent`):
    /// the worst over the test trajectories; empty when nothing was generated.
    public var health = ""
    /// The Lyapunov spectrum of the latent map, when asked for.
    public var lyapunov: [Double]? = nil
    /// The time step the exponents are per (`--dt`, else the model's recording's; nil: per step).
    public var lyapunovDt: Double? = nil
    /// The forecast evaluation, when asked for.
    public var forecast: ForecastEvaluation.Result? = nil
    /// Why a measure is missing, if it is.
    public var note: String? = nil
    /// Whether a model (model.json or a checkpoint) was found and evaluated.
    public var hasModel = false
  }

  /// Every run directory at or below `root`, sorted.
  public static func findRuns(in root: String) throws -> [String] {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw DataFileError(path: root, problem: "is not a directory", remedy: "give a results directory (e.g. Results/<experiment>) or one run directory")
    }
    var runs: [String] = []
    func walk(_ path: String) {
      if fm.fileExists(atPath: (path as NSString).appendingPathComponent("config.json")) {
        runs.append(path)
        return
      }
      guard let entries = try? fm.contentsOfDirectory(atPath: path) else { return }
      for entry in entries.sorted() where !entry.hasPrefix(".") {
        let child = (path as NSString).appendingPathComponent(entry)
        if fm.fileExists(atPath: child, isDirectory: &isDirectory), isDirectory.boolValue { walk(child) }
      }
    }
    walk((root as NSString).standardizingPath)
    return runs.sorted()
  }

  /// The model file to evaluate: `model.json`, else the checkpoint with the largest epoch.
  public static func modelFile(of run: RunDirectory) -> String? {
    let fm = FileManager.default
    if fm.fileExists(atPath: run.model) { return run.model }
    guard let entries = try? fm.contentsOfDirectory(atPath: run.checkpoints) else { return nil }
    let epochs = entries.compactMap { name -> Int? in
      guard name.hasPrefix("model_"), name.hasSuffix(".json") else { return nil }
      return Int(name.dropFirst(6).dropLast(5))
    }
    return epochs.max().map { run.modelCheckpoint(epoch: $0) }
  }

  /// The model file given as a model.json or a run directory (its ``modelFile(of:)``).
  public static func resolveModel(_ path: String) throws -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DataFileError(path: path, problem: "does not exist", remedy: "give a model.json or a run directory")
    }
    guard isDirectory.boolValue else { return path }
    guard let file = modelFile(of: RunDirectory(path: path)) else {
      throw DataFileError(path: path, problem: "holds no model.json and no checkpoint", remedy: "train it first, or give a model.json")
    }
    return file
  }

  /// Evaluates all runs under `root`, `settings.workers` at a time (``WorkerPool``).
  public static func evaluate(root: String, settings: Settings) async throws -> [RunResult] {
    let runs = try findRuns(in: root)
    guard !runs.isEmpty else {
      throw DataFileError(path: root, problem: "holds no run directories (none with a config.json)", remedy: "give the directory dsr train wrote into, e.g. Results/<experiment>")
    }
    let data = try Dataset<Double>.load(paths: settings.dataPaths, inputPaths: settings.inputPaths, allowingMissing: true)
    return await WorkerPool.map(runs, width: settings.workers) { evaluate(run: $0, data: data, settings: settings) }
  }

  /// Evaluates one run directory (never throws: problems become the result's status and note).
  public static func evaluate(run path: String, data: Dataset<Double>, settings: Settings) -> RunResult {
    let run = RunDirectory(path: path)
    var result = RunResult(run: path, group: (path as NSString).deletingLastPathComponent, status: RunStatus(TaskState.of(run)))
    do {
      let configuration = try Configuration.load(file: run.config).decoded
      let monitoring = configuration.monitoring
      guard let file = modelFile(of: run) else {
        // A run still training before its first checkpoint stays `unfinished` (left out of the
        // medians like any run in progress); anything else without a model is `no model`.
        if result.status == .unfinished && RunLock.holder(of: path) != nil {
          result.note = "still training, no checkpoint yet"
        } else {
          if result.status != .diverged { result.status = .noModel }
          result.note = "no model.json and no checkpoint"
        }
        return result
      }
      let model = try ModelFile.read(file)
      result.hasModel = true
      result.epoch = model.training?.epochs
      // The forecast baselines' library: the run's training data, when it is still where the run found it.
      let training = settings.forecast == nil ? nil : try model.trainingData(configuration.data)
      if model.precision == "float64" {
        try measure(model, file: file, monitoring: monitoring, data: data, training: training, settings: settings, into: &result, Double.self)
      } else {
        try measure(model, file: file, monitoring: monitoring, data: data, training: training, settings: settings, into: &result, Float.self)
      }
    } catch {
      result.status = .error
      result.note = describe(error)
    }
    return result
  }

  /// The measures of one model on the test data `data` (raw), and with `settings.forecast` its
  /// forecast evaluation against `training` (model units) as the baselines' library.
  static func measure<S: BLASScalar>(
    _ file: ModelFile, file path: String, monitoring: RunConfiguration.MonitoringSpecification, data: Dataset<Double>,
    training: Dataset<Double>?, settings: Settings, into result: inout RunResult, _: S.Type
  ) throws {
    let (model, observation, c) = try file.instantiate(S.self, path: path)
    let system = ReconstructedSystem(model: model, observation: observation, inputWeights: c)
    // The measures are computed in the model's units: the test data is z-scored with the
    // training data's mean and std when the run standardised its data.
    let data = try file.modelUnits(data)
    let n = data.observedDimension
    let peSteps = settings.predictionSteps ?? monitoring.predictionSteps
    let minimum = Swift.max(peSteps + 2, 16)
    if let shortest = data.trajectories.indices.min(by: { data.trajectories[$0].shape[0] < data.trajectories[$1].shape[0] }),
       data.trajectories[shortest].shape[0] < minimum {
      throw DataFileError(
        path: data.sources[shortest], problem: "has \(data.trajectories[shortest].shape[0]) row(s), too few to evaluate a model on",
        remedy: "the measures need at least \(minimum) rows (a spectrum, a state-space histogram and PE over \(peSteps) steps); give a longer test stretch")
    }
    let method: StateSpaceDivergence.Method =
      settings.bins.map { .binned(bins: $0) } ?? settings.gmmScaling.map { .gaussianMixture(scaling: $0) }
      ?? .reference(dimension: n, bins: monitoring.bins, scaling: monitoring.gmmScaling)
    if case .binned(let bins) = method {
      let points = data.trajectories.map { CompleteRows.completeRows($0).shape[0] }.min() ?? 0
      if let problem = StateSpaceDivergence.binCountProblem(bins, dimension: n, points: points) {
        let largest = StateSpaceDivergence.largestBinCount(dimension: n, points: points)
        throw UsageError((settings.bins == nil ? "D_stsp_bins \(bins) of the run" : "--bins \(bins)") + " on the test data: \(problem); "
          + "give --bins \(largest) or fewer (or --gmm-scaling), or longer test data")
      }
    }
    let measureSettings = ReconstructionMeasures.Settings(
      dstsp: method, smoothing: settings.smoothing ?? monitoring.smoothing,
      predictionSteps: settings.predictionSteps ?? monitoring.predictionSteps, seed: settings.seed, transientFraction: 0.25)
    switch method {
    case .binned(let b): result.dstspSetting = "binned, \(b) bins"
    case .gaussianMixture(let s): result.dstspSetting = "gmm, σ² = \(s)"
    }
    // With --forecast, last (after the other measures, also for a model that has none).
    func forecast() throws {
      guard let options = settings.forecast else { return }
      result.forecast = try ForecastEvaluation.evaluate(
        system, test: data, training: training, transform: file.dataTransform, dt: settings.dt ?? file.dt, settings: options)
    }
    guard system.parametersAreFinite else {
      result.note = "the model has non-finite parameters"
      return try forecast()
    }
    // Several test trajectories: the mean of each measure over them.
    var sums = [Double](repeating: 0, count: 5)
    var lastLatent: Tensor<S>? = nil
    var notes: [String] = []
    var worst: FreeRunHealth? = nil
    for (i, x) in data.trajectories.enumerated() {
      let (values, latent) = try ReconstructionMeasures.measure(
        system, on: x.converted(to: S.self), inputs: data.inputs?[i].converted(to: S.self), settings: measureSettings)
      for (k, v) in [values.dstsp, values.dh, values.pe, values.peNormalized, values.persistenceNormalized].enumerated() { sums[k] += v }
      if worst == nil || (values.health.isDead && !(worst?.isDead ?? false)) { worst = values.health }
      if notes.isEmpty {
        // Why a measure is not a number, from the first trajectory that has a reason.
        if let reason = values.health.reason {
          notes = ["D_stsp and D_H undefined — \(reason)"]
        } else {
          notes = [("D_stsp", values.dstspNote), ("D_H", values.dhNote), ("PE", values.peNote)]
            .compactMap { name, note in note.map { "\(name) is undefined: \($0)" } }
        }
      }
      if i == 0 { lastLatent = latent }
    }
    let k = Double(data.trajectories.count)
    (result.dstsp, result.dh, result.pe) = (sums[0] / k, sums[1] / k, sums[2] / k)
    (result.peNormalized, result.persistenceNormalized) = (sums[3] / k, sums[4] / k)
    result.health = worst?.name ?? ""
    if settings.lyapunov {
      if system.inputDimension > 0 {
        notes.append("Lyapunov spectrum skipped: the model is driven by external inputs")
      } else if let latent = lastLatent, let start = Optional(latent.row(latent.shape[0] - 1)), start.scalars.allSatisfy(\.isFinite) {
        let r = LyapunovSpectrum.compute(model, from: start, options: .init(steps: settings.lyapunovSteps, transient: 0, dt: settings.dt ?? file.dt))
        result.lyapunov = r.exponents
        result.lyapunovDt = settings.dt ?? file.dt
      } else {
        result.lyapunov = Array(repeating: .nan, count: system.latentDimension)
      }
    }
    result.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
    try forecast()
  }
}
