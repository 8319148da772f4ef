import DSRData
import Foundation

/// `restarts = k`: k trainings of one run with derived seeds, in parallel processes, and the one
/// whose free run matches the training data best becomes the run's model.
///
/// A single recording gives a single chance: a training can end on a fixed point or a cycle where
/// another seed reconstructs the attractor. The run directory `R` then holds `restarts/<i>/<run>/`
/// (restart i, a complete run directory each, kept on disk) with its task file and log beside it
/// (`restarts/<i>.json`, `restarts/<i>.log`); restart 1 trains with the run's own `seed` (so it
/// is the training `restarts = 1` would give), restart i with `seed + 1000·(i − 1)`. At most as
/// many restarts train at once as the machine has cores. The kept restart is chosen on training
/// data by the rule `dsr suite --runs` uses (``ModelSelection/bestIndex(_:alive:)`` over each restart's
/// verdict D_stsp and D_H), among restarts whose model did not run into a fixed point or diverge
/// when any did not; its model.json, metrics.jsonl, embedding.json and plots/ are copied into
/// `R`, and `R/restarts.json` lists every restart and the choice. Interrupted restarts resume and
/// finished ones are skipped when the run is started again or resumed (`dsr train --resume R`).
public enum TrainingRestarts {
  /// The seed of restart `i` (1-based) of a run with base seed `base`.
  public static func seed(base: Int, restart i: Int) -> Int { base + 1000 * (i - 1) }

  /// The resolved configuration of restart `i`: one training (`restarts = 1`), its seed, its
  /// folder `R/restarts/<i>/<run>`.
  static func configuration(_ config: Configuration, restart i: Int, in directory: RunDirectory) throws -> Configuration {
    var c = config
    let source = "restart \(i)"
    try c.set("restarts", .int(1), source: source)
    try c.set("seed", .int(seed(base: config.decoded.training.seed, restart: i)), source: source)
    try c.set("results_directory", .string(directory.path), source: source)
    try c.set("experiment", .string("restarts"), source: source)
    try c.set("name", .string(String(i)), source: source)
    try c.validate()
    return c
  }

  /// One restart's result, from its run directory.
  public struct Restart: Sendable, Equatable {
    /// 1…k.
    public var index: Int
    /// Its seed.
    public var seed: Int
    /// Its run directory.
    public var directory: String
    /// How its process ended (`finished`, `diverged`, `failed (exit 1)`, …).
    public var outcome: String
    /// The verdict's orbit (`irregular`, `fixed_point`, …), nil without a verdict.
    public var orbit: String?
    /// D_stsp of its model against the training data (its verdict).
    public var dstsp: Double?
    /// D_H of its model against the training data.
    public var dh: Double?
    /// Training seconds.
    public var seconds: Double?
    /// Whether most of its verdict's free runs live within the data's range (``OrbitSurvey/isAlive``;
    /// from the first start's orbit for a verdict without the starts).
    public var alive: Bool? = nil

    /// Whether its model's free runs mostly die (fixed point, divergence, far outside the data).
    var isDead: Bool { alive.map { !$0 } ?? (orbit == "fixed_point" || orbit == "divergent") }
    /// Whether it can be kept: a model and finite measures.
    var isCandidate: Bool {
      FileManager.default.fileExists(atPath: RunDirectory(path: directory).model) && (dstsp?.isFinite ?? false) && (dh?.isFinite ?? false)
    }
  }

  /// The restart to keep: the best living candidate by ``ModelSelection/bestIndex(_:alive:)`` (the
  /// rule `dsr suite --runs` keeps a run by), the best of all when every one is dead; nil when none
  /// has a model.
  ///
  /// A dead model's measures are undefined (NaN), so when every restart is dead none is a
  /// candidate: then the first restart with a model is kept (and the final line says that no
  /// restart lives).
  public static func choose(_ restarts: [Restart]) -> Restart? {
    let candidates = restarts.filter(\.isCandidate)
    if let best = ModelSelection.bestIndex(candidates.map { ($0.dstsp!, $0.dh!) }, alive: candidates.map { !$0.isDead }) {
      return candidates[best]
    }
    return restarts.first { FileManager.default.fileExists(atPath: RunDirectory(path: $0.directory).model) }
  }

  /// Trains (or continues) the restarts of `config`'s run and keeps the best.
  ///
  /// - Parameters:
  ///   - resuming: the run directory exists (``TrainingRun/resume(_:)``); otherwise it must not
  ///     hold a model yet.
  ///   - executable: the `dsr` that trains each restart.
  ///   - emit: one line per event (start, each restart's end, the choice).
  /// - Returns: ``TrainingOutcome/finished(_:)`` when a restart could be kept; `interrupted` when a
  ///   signal stopped the restarts; `diverged` when every restart diverged.
  /// - Throws: ``ConfigurationError`` when the run already holds a model, or every restart failed
  ///   (with the first failure's log named).
  public static func run(
    _ config: Configuration, resuming: Bool = false, executable: String = GridRunner.currentExecutable, emit: @escaping (String) -> Void
  ) async throws -> TrainingOutcome {
    let directory = RunDirectory(config)
    let fm = FileManager.default
    if !resuming && fm.fileExists(atPath: directory.model) {
      throw ConfigurationError(
        source: directory.path, key: "run", problem: "already holds a run",
        remedy: "choose another run / name / experiment (its restarts are in \(directory.file("restarts")))")
    }
    try directory.create()
    let lock = try RunLock(directory: directory.path)
    defer { withExtendedLifetime(lock) {} }
    if !fm.fileExists(atPath: directory.config) { try AtomicFile.write(config.jsonData(), to: directory.config) }
    let k = config.decoded.training.restarts
    let folder = directory.file("restarts")
    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var tasks: [(index: Int, file: String, log: String, directory: RunDirectory, seed: Int)] = []
    for i in 1...k {
      let c = try configuration(config, restart: i, in: directory)
      let file = (folder as NSString).appendingPathComponent("\(i).json")
      try AtomicFile.write(c.jsonData(), to: file)
      tasks.append((i, file, (folder as NSString).appendingPathComponent("\(i).log"), RunDirectory(c), c.decoded.training.seed))
    }
    let jobs = tasks
    let width = Swift.min(k, ProcessInfo.processInfo.activeProcessorCount)
    emit("\(directory.path): \(k) restarts (seeds \(tasks.map { String($0.seed) }.joined(separator: ", "))), \(width) at a time; "
      + "each in \(folder)/<i>/ with its log in \(folder)/<i>.log")
    let stop = GridStop()
    stop.listen { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    defer { stop.close() }
    let start = Date()
    var done = 0
    let outcomes = await WorkerPool.map(tasks.map { $0.index }, width: width) { i in
      let task = jobs[i - 1]
      switch TaskState.of(task.directory) {
      case .finished: return GridRunner.Outcome.finished
      case .diverged: return GridRunner.Outcome.diverged
      default: break
      }
      return await GridRunner.train(taskFile: task.file, log: task.log, executable: executable, stop: stop)
    } onResult: { index, outcome in
      done += 1
      let r = restart(tasks[index], outcome: outcome)
      emit(String(format: "[%d/%d] restart %d (seed %d): %@", done, k, r.index, r.seed, describe(r)))
    }
    let restarts = tasks.indices.map { restart(tasks[$0], outcome: outcomes[$0]) }
    try AtomicFile.write(try summary(restarts, kept: nil), to: directory.file("restarts.json"))
    if let signal = stop.signal {
      emit("Stopped by signal \(signal) after \(String(format: "%.1f", Date().timeIntervalSince(start))) s; continue with `dsr train --resume \(directory.path)`.")
      var interruption = TrainingInterruption(epoch: 0, cause: .signal(signal), directory: directory.path, checkpoint: nil)
      interruption.kept = "each restart keeps its last checkpoint in \(folder)/<i>/; finished restarts are not trained again"
      return .interrupted(interruption)
    }
    guard let kept = choose(restarts) else {
      if outcomes.allSatisfy({ $0 == .diverged }) {
        return .diverged(TrainingDivergence(epoch: 0, batch: 0, reason: "every restart diverged", directory: directory.path, lastCheckpoint: nil, dataScale: nil))
      }
      throw ConfigurationError(
        source: directory.path, key: "restarts", problem: "no restart produced a model (\(restarts.map(\.outcome).joined(separator: ", ")))",
        remedy: "read \(tasks[0].log) for the first restart's error")
    }
    let source = RunDirectory(path: kept.directory)
    for name in ["metrics.jsonl", "embedding.json"] where fm.fileExists(atPath: source.file(name)) {
      try AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: source.file(name))), to: directory.file(name))
    }
    try? fm.removeItem(atPath: directory.file("plots"))
    if fm.fileExists(atPath: source.file("plots")) { try fm.copyItem(atPath: source.file("plots"), toPath: directory.file("plots")) }
    try AtomicFile.write(try summary(restarts, kept: kept.index), to: directory.file("restarts.json"))
    // model.json last: it marks the run finished.
    try AtomicFile.write(try Data(contentsOf: URL(fileURLWithPath: source.model)), to: directory.model)
    let living = restarts.filter { $0.isCandidate && !$0.isDead }.count
    if living == 0 {
      emit("No restart's free run stays alive (every model runs into a fixed point or diverges, or its measures are undefined); "
        + "kept restart \(kept.index), the first with a model: train longer or change the settings (see each restart's verdict in its log).")
    }
    emit("Kept restart \(kept.index) of \(k) (seed \(kept.seed): D_stsp \(format(kept.dstsp)), D_H \(format(kept.dh)) on the training data; "
      + "\(living) of \(k) restarts ran into neither a fixed point nor divergence). Model: \(directory.model); every restart in \(folder)/; "
      + String(format: "%.1f s.", Date().timeIntervalSince(start)))
    return .finished(directory)
  }

  static func restart(_ task: (index: Int, file: String, log: String, directory: RunDirectory, seed: Int), outcome: GridRunner.Outcome) -> Restart {
    var r = Restart(index: task.index, seed: task.seed, directory: task.directory.path, outcome: outcome.description)
    for event in task.directory.events() {
      switch event {
      case .verdict(let verdict):
        (r.orbit, r.dstsp, r.dh) = (verdict.orbit, verdict.dstsp, verdict.dh)
        r.alive = verdict.starts.flatMap { OrbitSurvey(records: $0)?.isAlive }
      case .finished(_, _, let seconds): r.seconds = seconds
      case .diverged, .interrupted: break
      }
    }
    return r
  }

  static func describe(_ r: Restart) -> String {
    guard r.outcome == "finished" else { return r.outcome }
    return "finished" + (r.seconds.map { String(format: " in %.1f s", $0) } ?? "")
      + ": D_stsp \(format(r.dstsp)), D_H \(format(r.dh)) on the training data, \(r.orbit?.replacingOccurrences(of: "_", with: " ") ?? "not classified")"
  }

  static func format(_ x: Double?) -> String { x.map { $0.isFinite ? String(format: "%.3g", $0) : "undefined" } ?? "—" }

  /// `restarts.json`: every restart and the kept one.
  static func summary(_ restarts: [Restart], kept: Int?) throws -> Data {
    func number(_ x: Double?) -> Any { x.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
    let object: [String: Any] = [
      "kept": kept.map { $0 as Any } ?? NSNull(),
      "rule": "ModelSelection.bestIndex over the training-set D_stsp and D_H of each restart's verdict, living models first",
      "restarts": restarts.map {
        ["restart": $0.index, "seed": $0.seed, "directory": $0.directory, "outcome": $0.outcome, "orbit": $0.orbit.map { $0 as Any } ?? NSNull(),
         "dstsp": number($0.dstsp), "dh": number($0.dh), "seconds": number($0.seconds)] as [String: Any]
      },
    ]
    return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
  }
}
