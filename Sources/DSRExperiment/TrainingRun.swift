import DSRData
import DSRDynamics
import DSRMeasures
import DSRModels
import DSRTensor
import DSRTraining
import Foundation

/// A run that stopped because the loss or the parameters became non-finite.
public struct DivergenceError: Error, CustomStringConvertible {
  public var epoch: Int
  public var batch: Int
  public var reason: String
  public var directory: String
  public var lastCheckpoint: Int?

  public var description: String {
    let kept = lastCheckpoint.map { "the last good checkpoint (epoch \($0)) is kept in \(directory)/checkpoints" }
      ?? "no checkpoint had been written yet"
    return "training diverged at epoch \(epoch), batch \(batch): \(reason); \(kept). "
      + "Try a smaller start_lr, gradient_clipping_norm > 0 (e.g. 10), a larger gtf_alpha, or lat_model_regularization > 0."
  }
}

/// Trains a configuration end to end: data, models, run directory, monitoring, checkpoints,
/// resume, divergence handling, final `model.json`.
public enum TrainingRun {
  /// Starts a new run; returns its directory.
  ///
  /// - Throws: ``ConfigurationError`` or `DataFileError` before anything is written when the
  ///   configuration or the data is unusable, ``DivergenceError`` if training diverges.
  @discardableResult
  public static func start(_ config: Configuration) throws -> RunDirectory {
    config.string("precision") == "float64"
      ? try Runner<Double>(config: config, resumeFrom: nil).run()
      : try Runner<Float>(config: config, resumeFrom: nil).run()
  }

  /// Continues the run in `directory` from its last checkpoint.
  @discardableResult
  public static func resume(_ directory: String) throws -> RunDirectory {
    let dir = RunDirectory(path: directory)
    guard FileManager.default.fileExists(atPath: dir.config) else {
      throw ConfigurationError(source: directory, key: "", problem: "is not a run directory (no config.json)",
                               remedy: "give a directory like Results/<experiment>/<name>/001")
    }
    let config = try Configuration.resolved(from: dir.config)
    return config.string("precision") == "float64"
      ? try Runner<Double>(config: config, resumeFrom: dir).run()
      : try Runner<Float>(config: config, resumeFrom: dir).run()
  }

  /// What a grid worker or Slurm array element does with its task file (a resolved
  /// configuration): nothing if the run finished or diverged, resume it if it was interrupted
  /// after a checkpoint, start it (again) otherwise.
  ///
  /// - Returns: the run directory and what was done (`"skipped finished"`, `"skipped diverged"`,
  ///   `"resumed"`, `"trained"`).
  @discardableResult
  public static func runGridTask(_ file: String) throws -> (RunDirectory, String) {
    let config = try Configuration.resolved(from: file)
    let dir = RunDirectory(config)
    switch TaskState.of(dir) {
    case .finished: return (dir, "skipped finished")
    case .diverged: return (dir, "skipped diverged")
    case .running where FileManager.default.fileExists(atPath: dir.latestCheckpoint):
      return (try resume(dir.path), "resumed")
    case .running:
      // Interrupted before its first checkpoint: nothing worth keeping.
      for f in [dir.config, dir.metrics] { try? FileManager.default.removeItem(atPath: f) }
      return (try start(config), "trained")
    case .pending, .failed:
      return (try start(config), "trained")
    }
  }
}

/// The training loop of one run in precision `S`.
final class Runner<S: BLASScalar> {
  let config: Configuration
  let directory: RunDirectory
  let trainer: Trainer<S>
  /// The z-scoring of the training data (nil with `standardize = false`).
  let standardization: Standardization?
  var monitorRNG: RandomGenerator
  var startEpoch = 0
  var elapsed = 0.0
  var lastCheckpoint: Int? = nil
  var resumedEpochLoss = Double.nan
  /// The measures of the latest monitoring epoch (the verdict reuses the final one).
  var lastMeasures: (ReconstructionMeasures.Values, StateSpaceDivergence.Method)? = nil
  let resumed: Bool

  init(config: Configuration, resumeFrom resumeDirectory: RunDirectory?) throws {
    let raw = try Dataset<S>.load(paths: config.paths("path_to_data"), inputPaths: config.paths("path_to_inputs"))
    // latent_dim = 0: as many latent units as observed dimensions (recorded in config.json).
    var config = config
    if config.int("latent_dim") == 0 {
      try config.set("latent_dim", .int(raw.observedDimension), source: "latent_dim = 0 (the data's N)")
      try config.validate()
    }
    self.config = config
    // Constant columns are refused whether or not the data is standardised; the model trains on
    // (and model.json records) the z-scored data when `standardize` is true. Inputs stay as they are.
    try Standardization.checkColumns(of: raw)
    standardization = config.bool("standardize") ? try Standardization.fit(raw) : nil
    let data = try standardization.map { try $0.apply(to: raw) } ?? raw
    try ModelFactory.check(config, data: data)
    for (x, source) in zip(raw.trajectories, raw.sources) {
      for warning in SamplingCheck(x).warnings(for: source) { FileHandle.standardError.write(Data("Warning: \(warning)\n".utf8)) }
    }
    var root = RandomGenerator(seed: UInt64(config.int("seed")), stream: UInt64(config.int("run")))
    var initRNG = RandomGenerator(seed: root.next())
    let trainingRNG = RandomGenerator(seed: root.next())
    monitorRNG = RandomGenerator(seed: root.next())
    let (model, observation, c) = ModelFactory.make(config, data: data, using: &initRNG)
    trainer = try Trainer(model: model, observation: observation, inputWeights: c, data: data,
                          settings: Self.settings(config), rng: trainingRNG)
    if let resumeDirectory {
      directory = resumeDirectory
      resumed = true
      let checkpoint = try Checkpoint<S>.read(directory.latestCheckpoint)
      trainer.parameters = checkpoint.parameters
      trainer.optimizer = checkpoint.optimizer
      trainer.alpha = checkpoint.alpha
      trainer.rng = checkpoint.trainingRNG
      monitorRNG = checkpoint.monitorRNG
      (startEpoch, elapsed, lastCheckpoint) = (checkpoint.epoch, checkpoint.elapsed, checkpoint.epoch)
      resumedEpochLoss = checkpoint.epochMeanLoss ?? checkpoint.loss
      try directory.truncateMetrics(after: startEpoch)
    } else {
      directory = RunDirectory(config)
      resumed = false
      if FileManager.default.fileExists(atPath: directory.config) {
        throw ConfigurationError(
          source: directory.path, key: "run", problem: "already holds a run",
          remedy: "continue it with `dsr train --resume \(directory.path)`, or choose another run / name / experiment")
      }
      try directory.create()
      try AtomicFile.write(config.jsonData(), to: directory.config)
    }
  }

  static func settings(_ config: Configuration) -> TrainingSettings {
    var s = TrainingSettings()
    s.sequenceLength = config.int("sequence_length")
    s.batchSize = config.int("batch_size")
    s.batchesPerEpoch = config.int("batches_per_epoch")
    s.epochs = config.int("epochs")
    s.forcing = config.bool("use_gtf")
      ? .generalized(GTFSettings(alpha: config.double("gtf_alpha"), method: AlphaMethod(rawValue: config.string("gtf_alpha_method"))!,
                                 decay: config.double("gtf_alpha_decay"), updateInterval: config.int("alpha_update_interval")))
      : .sparse(interval: config.int("teacher_forcing_interval"))
    s.partialForcing = config.bool("partial_forcing")
    s.noiseLevel = config.double("gaussian_noise_level")
    s.optimizer = OptimizerKind(rawValue: config.string("optimizer"))!
    s.startLearningRate = config.double("start_lr")
    s.endLearningRate = config.double("end_lr")
    s.gradientClippingNorm = config.double("gradient_clipping_norm")
    s.latentRegularization = config.double("lat_model_regularization")
    s.observationRegularization = config.double("obs_model_regularization")
    s.marRatio = config.double("MAR_ratio")
    s.marLambda = config.double("MAR_lambda")
    return s
  }

  var label: String {
    "\(config.string("experiment"))/\(config.string("name"))::" + String(format: "%03d", config.int("run"))
  }

  func modelFile(epoch: Int, loss: Double) -> ModelFile {
    let gtf = config.bool("use_gtf")
    return ModelFile(
      model: trainer.model, observation: trainer.observation, inputWeights: trainer.inputWeights,
      training: .init(epochs: epoch, seed: config.int("seed"), run: config.int("run"), loss: loss, alpha: gtf ? trainer.alpha : nil),
      standardization: standardization)
  }

  func run() throws -> RunDirectory {
    let epochs = config.int("epochs"), perEpoch = config.int("batches_per_epoch"), interval = config.int("scalar_saving_interval")
    let progress = Progress(label: label, epochs: epochs)
    let model = trainer.model
    if resumed {
      progress.message("Resuming \(directory.path) after epoch \(startEpoch) of \(epochs)")
    } else {
      let forcing: String
      if config.bool("use_gtf") {
        let method = config.string("gtf_alpha_method")
        forcing = "GTF, α₀ = \(config.double("gtf_alpha")), " + (method == "constant" ? "constant" : "\(method) (γ = \(config.double("gtf_alpha_decay")), k = \(config.int("alpha_update_interval")))")
      } else {
        forcing = "sparse TF, τ = \(config.int("teacher_forcing_interval"))"
      }
      progress.message("""
        \(directory.path): \(model.referenceName) (M = \(model.dimension), \(model.parameterCount) parameters) + \
        \(trainer.observation.kind.rawValue) (\(trainer.observation.parameterCount) parameters), \(forcing), \
        partial forcing \(config.bool("partial_forcing")), \(config.string("precision")), \
        \(trainer.sampler.data.trajectories.count) trajector\(trainer.sampler.data.trajectories.count == 1 ? "y" : "ies"), N = \(trainer.sampler.data.observedDimension)
        """)
      if let s = standardization {
        func list(_ v: [Double]) -> String { "(" + v.prefix(6).map { String(format: "%.4g", $0) }.joined(separator: ", ") + (v.count > 6 ? ", …" : "") + ")" }
        progress.message("Standardised: each column z-scored with the training data's mean \(list(s.mean)) and std \(list(s.std)) (stored in model.json)")
      }
    }
    var lastLoss = resumedEpochLoss
    let modelMissing = !FileManager.default.fileExists(atPath: directory.model)
    if startEpoch >= epochs && !modelMissing {
      progress.message("Nothing to do: the run already finished \(epochs) epochs.")
    }
    for epoch in stride(from: startEpoch + 1, through: epochs, by: 1) {
      let t0 = Date()
      var sum = 0.0
      for batch in 1...perEpoch {
        let loss = try trainer.trainBatch(indexInEpoch: batch)
        if !loss.total.isFinite || !trainer.parametersAreFinite {
          let reason = loss.total.isFinite ? "a parameter became non-finite" : "the loss is \(loss.total)"
          try directory.appendMetrics(#"{"batch":\#(batch),"epoch":\#(epoch),"event":"diverged","reason":"\#(reason)"}"#)
          progress.message("")
          throw DivergenceError(epoch: epoch, batch: batch, reason: reason, directory: directory.path, lastCheckpoint: lastCheckpoint)
        }
        sum += loss.total
      }
      lastLoss = sum / Double(perEpoch)
      let seconds = Date().timeIntervalSince(t0)
      elapsed += seconds
      progress.epochFinished(seconds: seconds)
      var fields: [(String, String)] = [("loss", scientific(lastLoss))]
      if config.bool("use_gtf") { fields.append(("α", String(format: "%.3f", trainer.alpha))) }
      if epoch % interval == 0 || epoch == epochs {
        try monitor(epoch: epoch, trainingLoss: lastLoss, progress: progress)
      } else {
        progress.update(epoch: epoch, fields: fields, now: elapsed)
      }
      saveFigures(epoch: epoch, progress: progress)
    }
    if startEpoch < epochs || modelMissing {
      // Also when a run was killed between its last checkpoint and model.json.
      let selected = config.string("model_selection") == "best" ? ModelSelection.best(in: directory) : nil
      var note = ""
      if let selected, selected.epoch != epochs {
        // The monitored checkpoint whose free run matched the training data best.
        try AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: directory.modelCheckpoint(epoch: selected.epoch))), to: directory.model)
        note = " (the checkpoint of epoch \(selected.epoch), whose free run matched the training data best)"
      } else {
        try AtomicFile.write(try modelFile(epoch: epochs, loss: lastLoss).jsonData(), to: directory.model)
      }
      let modelEpoch = selected?.epoch ?? epochs
      let verdict = try assessment(selected: selected)
      try directory.appendMetrics(verdict.record(epoch: epochs))
      try directory.appendMetrics(#"{"epoch":\#(epochs),"event":"finished","model_epoch":\#(modelEpoch),"seconds":\#(String(format: "%.3f", elapsed))}"#)
      progress.message("Finished \(epochs) epochs in \(String(format: "%.1f", elapsed)) s. Model: \(directory.model)\(note)")
      progress.message(verdict.line)
    }
    return directory
  }

  /// Monitoring at the end of `epoch`: a fresh batch without noise, a metrics record, a model
  /// snapshot and the resume checkpoint (written last, atomically).
  func monitor(epoch: Int, trainingLoss: Double, progress: Progress) throws {
    guard trainer.optimizer.stateIsFinite else {
      // The parameters are finite but the optimiser's moments overflowed: the run has diverged,
      // and its state could not be checkpointed (JSON has no infinity).
      let reason = "the optimiser's moment estimates overflowed (gradients too large; the epoch's mean loss was \(trainingLoss))"
      try directory.appendMetrics(#"{"epoch":\#(epoch),"event":"diverged","reason":"\#(reason)"}"#)
      progress.message("")
      throw DivergenceError(epoch: epoch, batch: config.int("batches_per_epoch"), reason: reason, directory: directory.path, lastCheckpoint: lastCheckpoint)
    }
    let batch = try trainer.evaluateBatch(using: &monitorRNG)
    var record: [(String, String)] = [
      ("epoch", "\(epoch)"), ("loss", json(batch.total)), ("loss_training", json(batch.training)),
      ("loss_regularization", json(batch.regularization)), ("epoch_mean_loss", json(trainingLoss)),
      ("learning_rate", json(trainer.schedule.rate(atStep: max(trainer.stepCount, 1)))), ("seconds", String(format: "%.3f", elapsed)),
    ]
    var fields: [(String, String)] = [("∑L", scientific(batch.total))]
    if batch.regularization > 0 {
      fields += [("Lₜᵣ", scientific(batch.training)), ("Lᵣ", scientific(batch.regularization))]
    }
    if config.bool("use_gtf") {
      record.append(("alpha", json(trainer.alpha)))
      fields.append(("α", String(format: "%.3f", trainer.alpha)))
    }
    let (values, method) = try measures()
    lastMeasures = (values, method)
    let tag = method.name == "binned" ? "BIN" : "GMM"
    record += [("dstsp", json(values.dstsp)), ("dh", json(values.dh)), ("pe", json(values.pe))]
    fields += [("Dₛₜₛₚ (\(tag))", String(format: "%.3f", values.dstsp)), ("Dₕ", String(format: "%.3f", values.dh)),
               ("PE(\(config.int("PE_n")))", scientific(values.pe))]
    if trainer.observation.kind == .affine, let cond = try? trainer.observation.conditionNumber() {
      record.append(("cond_B", json(Double(cond))))
      fields.append(("cond(B)", String(format: "%.3f", Double(cond))))
    }
    try directory.appendMetrics("{" + record.sorted { $0.0 < $1.0 }.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
    progress.report(epoch: epoch, fields: fields)
    try AtomicFile.write(try modelFile(epoch: epoch, loss: batch.total).jsonData(), to: directory.modelCheckpoint(epoch: epoch))
    let checkpoint = Checkpoint<S>(
      epoch: epoch, parameters: trainer.parameters, optimizer: trainer.optimizer, alpha: trainer.alpha,
      trainingRNG: trainer.rng, monitorRNG: monitorRNG, elapsed: elapsed, loss: batch.total, epochMeanLoss: trainingLoss)
    try checkpoint.write(to: directory.latestCheckpoint)
    lastCheckpoint = epoch
  }
}

extension Runner {
  /// The training-time measures (gtf-shplrnn.md §2.10): free-run the full length of the first
  /// training trajectory from its first point, no transient, and compare with it.
  func measures() throws -> (ReconstructionMeasures.Values, StateSpaceDivergence.Method) {
    let data = trainer.sampler.data
    let method = StateSpaceDivergence.Method.reference(
      dimension: data.observedDimension, bins: config.int("D_stsp_bins"), scaling: config.double("D_stsp_scaling"))
    let settings = ReconstructionMeasures.Settings(
      dstsp: method, smoothing: config.double("PSE_smoothing"), predictionSteps: config.int("PE_n"),
      seed: UInt64(config.int("seed")), transientFraction: 0)
    let system = ReconstructedSystem(model: trainer.model, observation: trainer.observation, inputWeights: trainer.inputWeights)
    let (values, _) = try ReconstructionMeasures.measure(system, on: data.trajectories[0], inputs: data.inputs?[0], settings: settings)
    return (values, method)
  }
}

extension Runner {
  /// The verdict (``TrainingVerdict``) on the model that becomes model.json: the selected
  /// checkpoint with the measures its monitor recorded, or the trained model with the final
  /// monitor's measures.
  func assessment(selected: ModelSelection.Choice?) throws -> TrainingVerdict {
    let system: ReconstructedSystem<S>
    let dstsp: Double, dh: Double, method: String
    if let selected, selected.epoch != config.int("epochs") {
      let path = directory.modelCheckpoint(epoch: selected.epoch)
      let (model, observation, c) = try ModelFile.read(path).instantiate(S.self, path: path)
      system = ReconstructedSystem(model: model, observation: observation, inputWeights: c)
      (dstsp, dh) = (selected.dstsp, selected.dh)
      method = StateSpaceDivergence.Method.reference(
        dimension: system.observedDimension, bins: config.int("D_stsp_bins"), scaling: config.double("D_stsp_scaling")).name
    } else {
      system = ReconstructedSystem(model: trainer.model, observation: trainer.observation, inputWeights: trainer.inputWeights)
      let (values, m) = try lastMeasures ?? measures()
      (dstsp, dh, method) = (values.dstsp, values.dh, m.name)
    }
    if system.inputDimension > 0 {
      return TrainingVerdict(orbit: nil, dstsp: dstsp, dh: dh, dstspMethod: method)
    }
    let data = trainer.sampler.data.trajectories[0]
    return try TrainingVerdict.assess(system, from: data.rows(0..<1).reshaped([data.shape[1]]), dstsp: dstsp, dh: dh, dstspMethod: method)
  }
}

/// A finite number as JSON, non-finite as null.
func json(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
