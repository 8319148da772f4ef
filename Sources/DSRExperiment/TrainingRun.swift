import DSRData
import DSRDynamics
import DSRMeasures
import DSRModels
import DSRTensor
import DSRTraining
import Foundation

/// Trains a configuration end to end: data, models, run directory, monitoring, checkpoints,
/// resume, divergence handling, final `model.json`.
public enum TrainingRun {
  /// Starts a new run.
  ///
  /// - Returns: ``TrainingOutcome/finished(_:)`` or, when the loss or the parameters became
  ///   non-finite, ``TrainingOutcome/diverged(_:)`` (recorded in metrics.jsonl).
  /// - Throws: ``ConfigurationError`` or `DataFileError` before anything is written when the
  ///   configuration or the data is unusable.
  @discardableResult
  public static func start(_ config: Configuration) throws -> TrainingOutcome {
    try start(config, lock: nil)
  }

  static func start(_ config: Configuration, lock: RunLock?) throws -> TrainingOutcome {
    switch config.decoded.training.precision {
    case .float64: return try Runner<Double>(config: config, resumeFrom: nil, lock: lock).run()
    case .float32: return try Runner<Float>(config: config, resumeFrom: nil, lock: lock).run()
    }
  }

  /// Continues the run in `directory` from its last checkpoint.
  @discardableResult
  public static func resume(_ directory: String) throws -> TrainingOutcome {
    try resume(directory, lock: nil)
  }

  static func resume(_ directory: String, lock: RunLock?) throws -> TrainingOutcome {
    let dir = RunDirectory(path: directory)
    guard FileManager.default.fileExists(atPath: dir.config) else {
      throw ConfigurationError(source: directory, key: "", problem: "is not a run directory (no config.json)",
                               remedy: "give a directory like Results/<experiment>/<name>/001")
    }
    let config = try Configuration.resolved(from: dir.config)
    switch config.decoded.training.precision {
    case .float64: return try Runner<Double>(config: config, resumeFrom: dir, lock: lock).run()
    case .float32: return try Runner<Float>(config: config, resumeFrom: dir, lock: lock).run()
    }
  }

  /// The configuration of the run in `directory` when it trains several restarts
  /// (``TrainingRestarts``; `restarts > 1`), nil for a single training.
  public static func restartsConfiguration(of directory: String) throws -> Configuration? {
    let dir = RunDirectory(path: directory)
    guard FileManager.default.fileExists(atPath: dir.config) else { return nil }
    let config = try Configuration.resolved(from: dir.config)
    return config.decoded.training.restarts > 1 ? config : nil
  }

  /// What a grid worker did with its task.
  public enum GridTaskAction: String, Sendable {
    /// The run had finished before.
    case skippedFinished = "skipped finished"
    /// The run had diverged before.
    case skippedDiverged = "skipped diverged"
    /// The run was interrupted after a checkpoint and continued from it.
    case resumed
    /// The run was trained from the start.
    case trained

    /// Whether the task was left as it was.
    public var skipped: Bool { self == .skippedFinished || self == .skippedDiverged }
  }

  /// What a grid worker or Slurm array element does with its task file (a resolved
  /// configuration): nothing if the run finished or diverged, resume it if it was interrupted
  /// after a checkpoint, start it (again) otherwise.
  ///
  /// - Returns: what was done and how the run stands (a skipped diverged run is `diverged`
  ///   only when trained now; skipped runs report ``TrainingOutcome/finished(_:)``).
  @discardableResult
  public static func runGridTask(_ file: String) throws -> (GridTaskAction, TrainingOutcome) {
    let config = try Configuration.resolved(from: file)
    let dir = RunDirectory(config)
    // Held from before the state is read until the training ends: a second grid (or an orphaned
    // worker) on the same task makes this one refuse instead of training it twice.
    let lock = try RunLock(directory: dir.path)
    switch TaskState.of(dir) {
    case .finished: return (.skippedFinished, .finished(dir))
    case .diverged: return (.skippedDiverged, .finished(dir))
    case .running, .interrupted:
      // Started before (this process holds the lock now, so it reads as running): resume it from
      // a checkpoint, or start it again if it never reached one (ResumePoint.none).
      if FileManager.default.fileExists(atPath: dir.latestCheckpoint) || !dir.modelSnapshotEpochs().isEmpty {
        return (.resumed, try resume(dir.path, lock: lock))
      }
      return (.trained, try start(config, lock: lock))
    case .pending, .failed:
      return (.trained, try start(config, lock: lock))
    }
  }
}

/// The training loop of one run in precision `S`.
final class Runner<S: BLASScalar> {
  /// The resolved configuration (written to config.json).
  let config: Configuration
  /// Its typed records.
  let spec: RunConfiguration
  let directory: RunDirectory
  let trainer: Trainer<S>
  /// The z-scoring of the training data (nil with `standardize = false`).
  let standardization: Standardization?
  /// The recording's sampling interval and filters (nil: neither given).
  let preprocessing: Preprocessing?
  /// The delay embedding and how it was chosen (nil: the recording's columns as they are).
  let embedding: RecordingEmbedding?
  var monitorRNG: RandomGenerator
  var startEpoch = 0
  var elapsed = 0.0
  var lastCheckpoint: Int? = nil
  var resumedEpochLoss = Double.nan
  /// The measures of the latest monitoring epoch (the verdict reuses the final one).
  var lastMeasures: (ReconstructionMeasures.Values, StateSpaceDivergence.Method)? = nil
  let resumed: Bool

  /// The run directory's lock, held while this runner exists.
  let lock: RunLock
  /// The largest |value| of the data as trained, when large enough to explain a divergence.
  let dataScale: Double?

  init(config: Configuration, resumeFrom resumeDirectory: RunDirectory?, lock existingLock: RunLock? = nil) throws {
    // NaN in the trajectories is a missing value: windows are drawn where the data are complete.
    // Restarts are trained by `dsr train` (TrainingRestarts), each restart a run of its own: a
    // grid or suite task with restarts > 1 would train once under a directory that a later
    // `--resume` takes for a restarts run.
    guard config.decoded.training.restarts == 1 else {
      throw ConfigurationError(
        source: "configuration", key: "restarts", problem: "is \(config.decoded.training.restarts), which only `dsr train` runs (not a grid or suite task)",
        remedy: "use the grid's `runs` (or `dsr suite --runs`) for several seeds, or train the run with `dsr train`")
    }
    let recording = try Dataset<S>.load(paths: config.decoded.data.paths, inputPaths: config.decoded.data.inputPaths, allowingMissing: true)
    let fingerprint = DataFingerprint(recording, inputSources: config.decoded.data.inputPaths)
    let trace = try BatchTrace.Settings(environment: ProcessInfo.processInfo.environment)  // checked before anything is written
    // Values beyond the precision's range are infinite by now: name the file, not the learning rate.
    let precision = config.decoded.training.precision
    for (x, source) in zip(recording.trajectories, recording.sources) where x.scalars.contains(where: \.isInfinite) {
      throw DataFileError(
        path: source, problem: "holds values too large for \(precision.rawValue) (they become infinite)",
        remedy: precision == .float32 ? "set precision=float64, or divide the data by a constant" : "divide the data by a constant")
    }
    // The recording → preprocessing → delay embedding → standardisation; each step is stored in
    // model.json and replayed by every command that reads data.
    let requested = config.decoded.data.preprocessing
    preprocessing = requested.dt == nil && !requested.changesValues ? nil : requested
    let preprocessed = try requested.apply(to: recording)
    let stored = try resumeDirectory.flatMap { try RecordingEmbedding.read(from: $0) }
    embedding = try stored ?? RecordingEmbedding.resolve(config.decoded.data.embedding, for: preprocessed)
    let raw = try embedding.map { try $0.embedding.apply(to: preprocessed) } ?? preprocessed
    // latent_dim = 0: as many latent units as observed dimensions (recorded in config.json).
    var config = config
    if config.decoded.model.latentDimension == 0 {
      try config.set("latent_dim", .int(raw.observedDimension), source: "latent_dim = 0 (the data's N)")
      try config.validate()
    }
    self.config = config
    let spec = config.decoded
    self.spec = spec
    // Constant columns are refused whether or not the data is standardised; the model trains on
    // (and model.json records) the z-scored data when `standardize` is true. Inputs stay as they are.
    try Standardization.checkColumns(of: raw)
    standardization = spec.data.standardize ? try Standardization.fit(raw) : nil
    let data = try standardization.map { try $0.apply(to: raw) } ?? raw
    let largest = data.trajectories.map { $0.scalars.reduce(0.0) { Swift.max($0, Swift.abs(Double($1))) } }.max() ?? 0
    dataScale = largest > 1e3 ? largest : nil
    try ModelFactory.check(spec.model, data: data)
    try MemoryEstimate(spec, observed: data.observedDimension, inputs: data.inputDimension,
                       longestTrajectory: data.trajectories.map { $0.shape[0] }.max() ?? 0).check(source: "configuration")
    try Self.checkBins(spec.monitoring.bins, data: data, source: resumeDirectory?.config)
    if resumeDirectory == nil, let warning = ModelFactory.forcingWarning(spec.model, settings: spec.training.settings, observed: data.observedDimension) {
      FileHandle.standardError.write(Data("Warning: \(warning)\n".utf8))
    }
    for (x, source) in zip(preprocessed.trajectories, preprocessed.sources) {
      for warning in SamplingCheck(x).warnings(for: source) { FileHandle.standardError.write(Data("Warning: \(warning)\n".utf8)) }
    }
    for spiked in Standardization.spikedColumns(of: preprocessed.trajectories) {
      FileHandle.standardError.write(Data("Warning: \(spiked.warning(for: preprocessed.sourceList))\n".utf8))
    }
    var root = RandomGenerator(seed: UInt64(spec.training.seed), stream: UInt64(spec.output.run))
    var initRNG = RandomGenerator(seed: root.next())
    let trainingRNG = RandomGenerator(seed: root.next())
    monitorRNG = RandomGenerator(seed: root.next())
    let (model, observation, c) = ModelFactory.make(spec.model, data: data, using: &initRNG)
    trainer = try Trainer(model: model, observation: observation, inputWeights: c, data: data,
                          settings: spec.training.settings, rng: trainingRNG)
    directory = resumeDirectory ?? RunDirectory(config)
    lock = try existingLock ?? RunLock(directory: directory.path)
    directory.removeStaleTemporaries()
    let fm = FileManager.default
    let point: ResumePoint<S> = fm.fileExists(atPath: directory.config) ? .newest(in: directory) : .none
    // Continuing on other data than the run was trained on is refused; a run without a
    // fingerprint (an older dsr) resumes with a notice and gets one.
    var fingerprintNotice: String? = nil
    if resumeDirectory != nil, let epoch = point.epoch, Self.runWillTrainOrFinish(directory, from: epoch, epochs: spec.training.settings.epochs, monitoring: spec.monitoring) {
      fingerprintNotice = try DataFingerprint.check(fingerprint, run: directory)
    }
    if resumeDirectory == nil, fm.fileExists(atPath: directory.config) {
      if fm.fileExists(atPath: directory.model) || !point.isNone {
        throw ConfigurationError(
          source: directory.path, key: "run", problem: "already holds a run",
          remedy: "continue it with `dsr train --resume \(directory.path)`, or choose another run / name / experiment")
      }
    }
    switch point {
    case .damaged(let problems):
      throw DataFileError(
        path: directory.checkpoints, problem: "every checkpoint of the run is damaged: \(problems)",
        remedy: "restore checkpoints/ from a backup, or move checkpoints/ and metrics.jsonl away to train the run again from its configuration")
    case .checkpoint(let checkpoint):
      resumed = true
      try Self.checkFamily(saved: try? ModelFile.read(directory.modelCheckpoint(epoch: checkpoint.epoch)).model,
                           built: trainer.model.referenceName, config: directory.config)
      try Self.checkShapes(of: checkpoint.parameters, against: trainer.parameters, names: trainer.parameterNames, path: directory.latestCheckpoint)
      trainer.parameters = checkpoint.parameters
      trainer.optimizer = checkpoint.optimizer
      trainer.alpha = checkpoint.alpha
      trainer.rng = checkpoint.trainingRNG
      monitorRNG = checkpoint.monitorRNG
      (startEpoch, elapsed, lastCheckpoint) = (checkpoint.epoch, checkpoint.elapsed, checkpoint.epoch)
      resumedEpochLoss = checkpoint.epochMeanLoss ?? checkpoint.loss
      if runWillTrainOrFinish(from: startEpoch, epochs: spec.training.settings.epochs) { try directory.truncateMetrics(after: startEpoch) }
    case .snapshot(let epoch, let file, let path, let problem):
      // latest.json is damaged: continue from the newest model snapshot (parameters and α).
      resumed = true
      try Self.checkFamily(saved: file.model, built: trainer.model.referenceName, config: directory.config)
      let restored = try file.instantiate(S.self, path: path)
      let parameters = Trainer<S>.parameterList(restored.model, restored.observation, restored.inputWeights)
      try Self.checkShapes(of: parameters, against: trainer.parameters, names: trainer.parameterNames, path: path)
      trainer.parameters = parameters
      if let alpha = file.training?.alpha { trainer.alpha = alpha }
      (startEpoch, lastCheckpoint) = (epoch, epoch)
      resumedEpochLoss = file.training?.loss ?? .nan
      if runWillTrainOrFinish(from: startEpoch, epochs: spec.training.settings.epochs) { try directory.truncateMetrics(after: startEpoch) }
      Self.note("\(problem)\nResuming \(directory.path) from \(path) (epoch \(epoch)): parameters and α restored, the optimiser's moments and the random streams start afresh.")
    case .none:
      // Never reached a checkpoint (killed, disk full, diverged in the first epoch): nothing
      // worth keeping; start again from the configuration.
      resumed = false
      if fm.fileExists(atPath: directory.config) {
        Self.note("\(directory.path) never reached its first checkpoint (scalar_saving_interval \(spec.monitoring.interval)); starting it again from its configuration.")
        for f in [directory.config, directory.metrics, directory.checkpoints] { try? fm.removeItem(atPath: f) }
      }
      try directory.create()
      try AtomicFile.write(config.jsonData(), to: directory.config)
      if let embedding { try embedding.write(to: directory) }
      try fingerprint.write(to: directory)
    }
    if let fingerprintNotice {
      Self.note(fingerprintNotice)
      try fingerprint.write(to: directory)
    }
    if let trace {
      try BatchTrace.attach(
        trace, to: trainer, run: directory, batchesPerEpoch: spec.training.settings.batchesPerEpoch,
        initialModel: resumed ? nil : ModelFile(model: trainer.model, observation: trainer.observation, inputWeights: trainer.inputWeights,
                                                training: nil, standardization: standardization, preprocessing: preprocessing,
                                                embedding: embedding?.embedding))
    }
  }

  /// Refuses a `D_stsp_bins` that the monitoring's binned D_stsp (N < 6) cannot use on the
  /// monitored trajectory (``StateSpaceDivergence/binCountProblem(_:dimension:points:)``), before
  /// anything is written; `source` is the run's config.json on a resume.
  static func checkBins(_ bins: Int, data: Dataset<S>, source: String?) throws {
    let n = data.observedDimension
    guard case .binned = StateSpaceDivergence.Method.reference(dimension: n, bins: bins, scaling: 1) else { return }
    let trajectory = data.trajectories[data.firstCompleteRow?.trajectory ?? 0].converted(to: Double.self)
    let points = CompleteRows.completeRows(trajectory).shape[0]
    guard let problem = StateSpaceDivergence.binCountProblem(bins, dimension: n, points: points) else { return }
    let largest = StateSpaceDivergence.largestBinCount(dimension: n, points: points)
    throw ConfigurationError(
      source: source ?? "configuration", key: "D_stsp_bins", problem: "is \(bins): \(problem)",
      remedy: "set D_stsp_bins to \(largest) or fewer" + (source.map { " in \($0)" } ?? "") + "; the default is \(RunConfiguration.defaults.monitoring.bins)")
  }

  /// Refuses to resume a model of another family than the one saved (`model` edited in
  /// config.json after the run started), which the parameter shapes may not reveal.
  static func checkFamily(saved: String?, built: String, config: String) throws {
    guard let saved, saved != built else { return }
    throw ConfigurationError(
      source: config, key: "model", problem: "is \(built), but the run was trained as \(saved): the model family changed after the run started",
      remedy: "restore \"model\": \"\(saved)\" to resume, or start a new run for \(built)")
  }

  /// Refuses saved parameters that do not fit the model the run's config.json builds (the file
  /// was edited after the run started, e.g. hidden_dim), naming the first array that differs.
  static func checkShapes(of saved: [Tensor<S>], against built: [Tensor<S>], names: [String], path: String) throws {
    let differs = saved.count != built.count ? 0 : Array(zip(saved, built)).firstIndex { $0.shape != $1.shape }
    guard let index = differs else { return }
    let name = index < names.count ? names[index] : "#\(index)"
    let savedShape = index < saved.count ? "\(saved[index].shape)" : "absent"
    let builtShape = index < built.count ? "\(built[index].shape)" : "absent"
    throw DataFileError(
      path: path, problem: "holds parameter \(name) of shape \(savedShape), but the run's config.json now builds \(builtShape)",
      remedy: "config.json was edited after the run started; restore its model keys (hidden_dim, latent_dim, …), or start a new run")
  }

  /// Whether a run resumed after `epoch` will train or write its model again: not when it
  /// finished all `epochs` or was stopped there by patience, and its model.json is there
  /// (`dsr train --resume` on a finished run then does nothing and keeps its verdict and finished
  /// records).
  func runWillTrainOrFinish(from epoch: Int, epochs: Int) -> Bool {
    Self.runWillTrainOrFinish(directory, from: epoch, epochs: epochs, monitoring: spec.monitoring)
  }

  /// ``runWillTrainOrFinish(from:epochs:)`` for `directory` with its monitoring settings (the
  /// patience rule reads its metrics.jsonl).
  static func runWillTrainOrFinish(_ directory: RunDirectory, from epoch: Int, epochs: Int, monitoring: RunConfiguration.MonitoringSpecification) -> Bool {
    guard (try? ModelFile.read(directory.model)) != nil else { return true }
    return epoch < epochs && patienceStop(directory, at: epoch, monitoring: monitoring) == nil
  }

  static func note(_ text: String) { FileHandle.standardError.write(Data("Note: \(text)\n".utf8)) }

  /// Why `gtf_alpha_method = auto` chose the trainer's estimator (empty for any other setting).
  var automaticNote: String {
    guard gtf?.method == .automatic, case .generalized(let chosen) = trainer.settings.forcing else { return "" }
    let r = AlphaMethod.meanLagOneAutocorrelation(trainer.sampler.data)
    let map = chosen.method == .batchMaximum
    return " by auto: lag-1 autocorrelation \(String(format: "%.2f", r)) \(map ? "<" : "≥") \(AlphaMethod.mapAutocorrelation), "
      + (map ? "a map" : "a flow")
  }

  /// The GTF settings (nil under sparse teacher forcing).
  var gtf: GTFSettings? {
    if case .generalized(let gtf) = spec.training.settings.forcing { return gtf }
    return nil
  }

  var label: String {
    "\(spec.output.experiment)/\(spec.output.name)::" + String(format: "%03d", spec.output.run)
  }

  func modelFile(epoch: Int, loss: Double) -> ModelFile {
    ModelFile(
      model: trainer.model, observation: trainer.observation, inputWeights: trainer.inputWeights,
      training: .init(epochs: epoch, seed: spec.training.seed, run: spec.output.run, loss: loss, alpha: gtf != nil ? trainer.alpha : nil),
      standardization: standardization, preprocessing: preprocessing, embedding: embedding?.embedding)
  }

  func run() throws -> TrainingOutcome {
    let epochs = spec.training.settings.epochs, perEpoch = spec.training.settings.batchesPerEpoch, interval = spec.monitoring.interval
    let progress = Progress(label: label, epochs: epochs)
    let model = trainer.model
    if resumed {
      progress.message("Resuming \(directory.path) after epoch \(startEpoch) of \(epochs)")
    } else {
      let forcing: String
      switch trainer.settings.forcing {
      case .generalized(let gtf):
        forcing = "GTF, α₀ = \(gtf.alpha), "
          + (gtf.method == .constant ? "constant" : "\(gtf.method.rawValue)\(automaticNote) (γ = \(gtf.decay), k = \(gtf.updateInterval))")
      case .sparse(let interval):
        forcing = "sparse TF, τ = \(interval)"
      }
      progress.message("""
        \(directory.path): \(model.referenceName) (M = \(model.dimension), \(model.parameterCount) parameters) + \
        \(trainer.observation.kind.rawValue) (\(trainer.observation.parameterCount) parameters), \(forcing), \
        partial forcing \(spec.training.settings.partialForcing), \(spec.training.precision.rawValue), \
        \(trainer.sampler.data.trajectories.count) trajector\(trainer.sampler.data.trajectories.count == 1 ? "y" : "ies"), N = \(trainer.sampler.data.observedDimension)
        """)
      if let preprocessing, preprocessing.changesValues || preprocessing.dt != nil {
        progress.message("Preprocessed: \(preprocessing.summary) (stored in model.json)")
      }
      if let embedding { progress.message(embedding.line) }
      if let s = standardization {
        func list(_ v: [Double]) -> String { "(" + v.prefix(6).map { String(format: "%.4g", $0) }.joined(separator: ", ") + (v.count > 6 ? ", …" : "") + ")" }
        progress.message("Standardised: each column z-scored with the training data's mean \(list(s.mean)) and std \(list(s.std)) (stored in model.json)")
      }
    }
    var lastLoss = resumedEpochLoss
    let modelMissing = (try? ModelFile.read(directory.model)) == nil  // absent or damaged
    // A run that patience stopped (its model.json written at that epoch) stays stopped.
    let stoppedBefore = startEpoch < epochs && !modelMissing ? patienceStop(at: startEpoch) : nil
    if startEpoch >= epochs && !modelMissing {
      progress.message("Nothing to do: the run already finished \(epochs) epochs.")
    } else if let kept = stoppedBefore {
      progress.message("Nothing to do: the run stopped at epoch \(startEpoch) of \(epochs) because the checkpoint it keeps (epoch \(kept)) had not changed for \(spec.monitoring.patience) monitors (patience); set patience to 0 in \(directory.config) and resume to train all epochs.")
      return .finished(directory)
    }
    var lastEpoch = epochs
    var stop: (epoch: Int, kept: Int)? = nil
    // SIGINT / SIGTERM, or a grid worker's grid gone (killed, even with SIGKILL): stop between
    // epochs with a checkpoint, no orphans training on.
    let gridParent = ProcessInfo.processInfo.environment[GridRunner.parentVariable].flatMap(Int32.init)
    let stopRequest = StopRequest.shared
    stopRequest.begin()
    defer { stopRequest.end() }
    for epoch in stride(from: startEpoch + 1, through: epochs, by: 1) {
      if let cause = stopRequest.cause(gridParent: gridParent) {
        return try interrupt(after: epoch - 1, cause: cause, loss: lastLoss, progress: progress)
      }
      let t0 = Date()
      var sum = 0.0
      for batch in 1...perEpoch {
        let loss = try trainer.trainBatch(indexInEpoch: batch)
        if !loss.total.isFinite || !trainer.parametersAreFinite {
          let reason = loss.total.isFinite ? "a parameter became non-finite" : "the loss is \(loss.total)"
          try directory.append(.diverged(.init(epoch: epoch, batch: batch, reason: reason)))
          progress.message("")
          return .diverged(TrainingDivergence(epoch: epoch, batch: batch, reason: reason, directory: directory.path, lastCheckpoint: lastCheckpoint, dataScale: dataScale))
        }
        sum += loss.total
      }
      lastLoss = sum / Double(perEpoch)
      let seconds = Date().timeIntervalSince(t0)
      elapsed += seconds
      progress.epochFinished(seconds: seconds)
      var fields: [(String, String)] = [("loss", scientific(lastLoss))]
      if gtf != nil { fields.append(("α", String(format: "%.3f", trainer.alpha))) }
      if epoch % interval == 0 || epoch == epochs {
        if let divergence = try monitor(epoch: epoch, trainingLoss: lastLoss, progress: progress) { return .diverged(divergence) }
      } else {
        progress.update(epoch: epoch, fields: fields, now: elapsed)
      }
      saveFigures(epoch: epoch, progress: progress)
      if epoch < epochs, epoch % interval == 0, let kept = patienceStop(at: epoch) {
        (stop, lastEpoch) = ((epoch, kept), epoch)
        break
      }
    }
    if startEpoch < epochs || modelMissing {
      // Also when a run was killed between its last checkpoint and model.json.
      let decision = try selectModel()
      let selected = decision?.kept
      if let selected, selected.epoch != lastEpoch {
        // The best-scoring monitored checkpoint whose free runs stay alive (ModelSelection).
        try AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: directory.modelCheckpoint(epoch: selected.epoch))), to: directory.model)
      } else {
        try AtomicFile.write(try modelFile(epoch: lastEpoch, loss: lastLoss).jsonData(), to: directory.model)
      }
      let note = decision?.note(lastEpoch: lastEpoch).map { " (\($0))" } ?? ""
      let modelEpoch = selected?.epoch ?? lastEpoch
      let verdict = try assessment(decision: decision)
      try directory.append(.verdict(verdict.record(epoch: lastEpoch)))
      try directory.append(.finished(epoch: lastEpoch, modelEpoch: modelEpoch, seconds: elapsed))
      let monitoring = monitoringShare
      if let stop {
        progress.message(
          "Stopped at epoch \(stop.epoch) of \(epochs) in \(String(format: "%.1f", elapsed)) s\(monitoring): the checkpoint of epoch \(stop.kept) scored best "
            + "and has not been beaten for \(spec.monitoring.patience) monitors (patience = \(spec.monitoring.patience); 0 trains all epochs). "
            + "Model: \(directory.model)\(note)")
      } else {
        progress.message("Finished \(epochs) epochs in \(String(format: "%.1f", elapsed)) s\(monitoring). Model: \(directory.model)\(note)")
      }
      progress.message(verdict.line)
    }
    return .finished(directory)
  }

  /// ` (+ 2.1 s of monitoring, 6 %)`: the monitors' wall seconds from metrics.jsonl beside the
  /// epochs' (``elapsed``); empty when no record has them (runs from before they were recorded).
  var monitoringShare: String {
    let seconds = directory.metricsRecords().compactMap { $0.record?.monitorSeconds }.reduce(0, +)
    guard seconds > 0 else { return "" }
    return String(format: " (+ %.1f s of monitoring, %.0f %%)", seconds, 100 * seconds / (seconds + elapsed))
  }

  /// The epoch of the checkpoint `model_selection = best` would keep by its score (from
  /// metrics.jsonl) when the patience rule stops the run at `epoch`
  /// (``ModelSelection/patienceStop(_:at:patience:interval:)``); nil when it does not.
  func patienceStop(at epoch: Int) -> Int? { Self.patienceStop(directory, at: epoch, monitoring: spec.monitoring) }

  /// ``patienceStop(at:)`` for `directory` with its monitoring settings.
  static func patienceStop(_ directory: RunDirectory, at epoch: Int, monitoring: RunConfiguration.MonitoringSpecification) -> Int? {
    guard monitoring.patience > 0 else { return nil }
    return ModelSelection.patienceStop(ModelSelection.candidates(in: directory), at: epoch, patience: monitoring.patience,
                                       interval: monitoring.interval)
  }

  /// Monitoring at the end of `epoch`: a fresh batch without noise, a metrics record, a model
  /// snapshot and the resume checkpoint (written last, atomically).
  ///
  /// - Returns: the divergence when the optimiser's state overflowed (nothing is then written
  ///   but the event), else nil.
  func monitor(epoch: Int, trainingLoss: Double, progress: Progress) throws -> TrainingDivergence? {
    guard trainer.optimizer.stateIsFinite else {
      // The parameters are finite but the optimiser's moments overflowed: the run has diverged,
      // and its state could not be checkpointed (JSON has no infinity).
      let reason = "the optimiser's moment estimates overflowed (gradients too large; the epoch's mean loss was \(trainingLoss))"
      try directory.append(.diverged(.init(epoch: epoch, batch: nil, reason: reason)))
      progress.message("")
      return TrainingDivergence(epoch: epoch, batch: spec.training.settings.batchesPerEpoch, reason: reason, directory: directory.path,
                                lastCheckpoint: lastCheckpoint, dataScale: dataScale)
    }
    let started = Date()
    let batch = try trainer.evaluateBatch(using: &monitorRNG)
    var record = MetricsRecord(epoch: epoch)
    (record.loss, record.lossTraining, record.lossRegularization) = (batch.total, batch.training, batch.regularization)
    (record.epochMeanLoss, record.learningRate) = (trainingLoss, trainer.schedule.rate(atStep: max(trainer.stepCount, 1)))
    record.seconds = elapsed
    var fields: [(String, String)] = [("∑L", scientific(batch.total))]
    if batch.regularization > 0 {
      fields += [("Lₜᵣ", scientific(batch.training)), ("Lᵣ", scientific(batch.regularization))]
    }
    if gtf != nil {
      record.alpha = trainer.alpha
      fields.append(("α", String(format: "%.3f", trainer.alpha)))
    }
    let (values, method) = try measures()
    lastMeasures = (values, method)
    let tag = method.name == "binned" ? "BIN" : "GMM"
    (record.dstsp, record.dh, record.pe) = (values.dstsp, values.dh, values.pe)
    (record.peNormalized, record.health) = (values.peNormalized, values.health.name)
    record.monitorSeconds = Date().timeIntervalSince(started)
    fields += [("Dₛₜₛₚ (\(tag))", UndefinedMeasure.text(values.dstsp, format: "%.3f", reason: values.dstspNote)),
               ("Dₕ", UndefinedMeasure.text(values.dh, format: "%.3f", reason: values.dhNote)),
               ("PE(\(spec.monitoring.predictionSteps))", UndefinedMeasure.text(values.pe, format: "%.3e", reason: values.peNote))]
    if trainer.observation.kind == .affine, let cond = try? trainer.observation.conditionNumber() {
      record.conditionNumber = Double(cond)
      fields.append(("cond(B)", String(format: "%.3f", Double(cond))))
    }
    try directory.append(record)
    progress.report(epoch: epoch, fields: fields)
    try AtomicFile.write(try modelFile(epoch: epoch, loss: batch.total).jsonData(), to: directory.modelCheckpoint(epoch: epoch))
    let checkpoint = Checkpoint<S>(
      epoch: epoch, parameters: trainer.parameters, optimizer: trainer.optimizer, alpha: trainer.alpha,
      trainingRNG: trainer.rng, monitorRNG: monitorRNG, elapsed: elapsed, loss: batch.total, epochMeanLoss: trainingLoss)
    try checkpoint.write(to: directory.latestCheckpoint)
    lastCheckpoint = epoch
    return nil
  }
}

extension Runner {
  /// Stops the training after `epoch` for `cause`: writes the checkpoint of that epoch (unless
  /// nothing was trained since the start, monitoring just wrote it, or the optimiser's state cannot
  /// be saved) and records the event.
  func interrupt(after epoch: Int, cause: TrainingInterruption.Cause, loss: Double, progress: Progress) throws -> TrainingOutcome {
    if epoch > startEpoch && lastCheckpoint != epoch && trainer.optimizer.stateIsFinite {
      let checkpoint = Checkpoint<S>(
        epoch: epoch, parameters: trainer.parameters, optimizer: trainer.optimizer, alpha: trainer.alpha,
        trainingRNG: trainer.rng, monitorRNG: monitorRNG, elapsed: elapsed, loss: loss, epochMeanLoss: loss)
      try checkpoint.write(to: directory.latestCheckpoint)
      lastCheckpoint = epoch
    }
    try directory.append(.interrupted(epoch: epoch, cause: cause))
    progress.message("")
    return .interrupted(TrainingInterruption(epoch: epoch, cause: cause, directory: directory.path, checkpoint: lastCheckpoint))
  }

  /// The trajectory the monitoring compares with and the row its free run starts from: the first
  /// complete row of the training data (``Dataset/firstCompleteRow``; row 0 of trajectory 0
  /// without missing values) and the rest of that trajectory from there.
  var monitoredTrajectory: (data: Tensor<S>, inputs: Tensor<S>?) {
    let data = trainer.sampler.data
    // The sampler found a complete window, so a complete row exists.
    let (i, row) = data.firstCompleteRow ?? (0, 0)
    let x = data.trajectories[i], u = data.inputs?[i]
    if row == 0 { return (x, u) }
    return (x.rows(row..<x.shape[0]), u.map { $0.rows(row..<$0.shape[0]) })
  }

  /// The training-time measures (gtf-shplrnn.md §2.10): free-run the full length of the first
  /// training trajectory from its first complete point (``monitoredTrajectory``), no transient,
  /// and compare with it.
  func measures() throws -> (ReconstructionMeasures.Values, StateSpaceDivergence.Method) {
    let data = trainer.sampler.data
    let monitoring = spec.monitoring
    let method = StateSpaceDivergence.Method.reference(
      dimension: data.observedDimension, bins: monitoring.bins, scaling: monitoring.gmmScaling)
    let settings = ReconstructionMeasures.Settings(
      dstsp: method, smoothing: monitoring.smoothing, predictionSteps: monitoring.predictionSteps,
      seed: UInt64(spec.training.seed), transientFraction: 0)
    let system = ReconstructedSystem(model: trainer.model, observation: trainer.observation, inputWeights: trainer.inputWeights)
    let (truth, inputs) = monitoredTrajectory
    let (values, _) = try ReconstructionMeasures.measure(system, on: truth, inputs: inputs, settings: settings)
    return (values, method)
  }
}
