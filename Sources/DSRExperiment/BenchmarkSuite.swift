import DSRData
import DSRDynamics
import DSRMeasures
import DSRTensor
import Foundation

/// `dsr suite`: the default recipe on every benchmark system, the way a new user meets dsr.
///
/// For each system of ``BenchmarkSystem/all`` (or a selection):
///
/// 1. **Data** (once; kept in `<results>/<experiment>/data/<system>/`): the sampling interval
///    is the system's dominant period divided by ``Settings/pointsPerPeriod`` (75 by default,
///    ``BenchmarkSystem/samplingInterval(pointsPerPeriod:)``), and at most a
///    ``Settings/pointsPerLyapunovTime``-th (40) of the Lyapunov time 1/λ₁, so that systems that
///    are strongly chaotic within one period (Thomas: λ₁·period ≈ 4.9) are resolved too; maps:
///    every iteration. A training
///    trajectory of ``Settings/trainingSteps`` rows with ``Settings/noise`` Gaussian observation
///    noise and two clean test stretches of ``Settings/testSteps`` rows, all three z-scored with
///    the training stretch's mean and std. They are stretches of one orbit from the system's initial state: a
///    transient of 100 dominant periods (at least 25 Lyapunov times; maps: 1000 iterations) is
///    discarded before the training stretch and again between consecutive stretches, so chaos
///    makes them independent samples of the same attractor.
/// 2. **Floor**: D_stsp and D_H between the two test stretches, what a perfect model could reach.
/// 3. **Training**: the default configuration (`Configs/defaults.json`, or `--config`) with the
///    `--set` overrides, on the training file, as grid tasks (local pool or Slurm; finished runs
///    are skipped, interrupted ones resumed).
/// 4. **Evaluation** against the first test stretch (the protocol of `dsr evaluate`): D_stsp,
///    D_H, PE(n), λ_max per time unit against the system's λ₁, the training seconds and the
///    end-of-training verdict; a run meets the targets when D_stsp ≤ 0.5 and D_H ≤ 0.1.
public enum BenchmarkSuite {
  /// What to run.
  public struct Settings: Sendable {
    /// System names (``BenchmarkSystem/named(_:)``).
    public var systems: [String] = BenchmarkSystem.all.map(\.name)
    /// Training runs per system.
    public var runs = 1
    /// A configuration file with the recipe (nil: the built-in defaults).
    public var configFile: String? = nil
    /// `key=value` overrides of the recipe.
    public var overrides: [String] = []
    /// The results directory (`--results`).
    public var resultsDirectory = "Results"
    /// The experiment folder under it (`--experiment`).
    public var experiment = "suite"
    /// Rows of each training trajectory.
    public var trainingSteps = 100_000
    /// Rows of each test stretch.
    public var testSteps = 100_000
    /// Observation noise of the training data, as a fraction of each column's std.
    public var noise = 0.05
    /// Samples per dominant period.
    public var pointsPerPeriod = 75.0
    /// The least number of samples per Lyapunov time 1/λ₁ (flows).
    public var pointsPerLyapunovTime = 40.0
    /// The seed of the training data's noise.
    public var seed: UInt64 = 1

    /// The defaults: every system, one run, the built-in recipe.
    public init() {}

    /// `<resultsDirectory>/<experiment>`.
    public var directory: String { (resultsDirectory as NSString).appendingPathComponent(experiment) }
  }

  /// One system's data and floor (`data/<system>/data.json`).
  public struct SystemData: Codable, Sendable, Equatable {
    /// The version of the generation scheme (files of another version are generated again).
    public var scheme: Int
    /// The system's name.
    public var system: String
    /// Its title.
    public var title: String
    /// `flow` or `map`.
    public var kind: String
    /// Its state dimension N.
    public var dimension: Int
    /// Sampling interval (flows) or 1 (maps).
    public var dt: Double
    /// The dominant period (time units; maps: iterations).
    public var dominantPeriod: Double
    /// Samples per dominant period asked for.
    public var pointsPerPeriod: Double
    /// The transient discarded before and between the stretches.
    public var transient: Double
    /// Rows of the training stretch.
    public var trainingSteps: Int
    /// Rows of each test stretch.
    public var testSteps: Int
    /// Observation noise of the training stretch (fraction of each column's std).
    public var noise: Double
    /// The training file.
    public var train: String
    /// The two test files.
    public var tests: [String]
    /// The system's λ₁ per time unit (flows) or per iteration (maps).
    public var lambda: Double?
    /// D_stsp between the two test stretches.
    public var floorDstsp: Double
    /// D_H between the two test stretches.
    public var floorDH: Double
    /// The D_stsp variant of the floor (`binned` or `gmm`).
    public var dstspMethod: String

    /// The line `dsr suite` prints once the system's data is ready: its sampling (and whether
    /// the Lyapunov time capped it), the floor and the data folder.
    public func summary(pointsPerLyapunovTime: Double) -> String {
      let capped = dt < dominantPeriod / pointsPerPeriod * (1 - 1e-12)
      let sampling = kind == "map" ? "every iteration"
        : String(format: "dt = %.4g (%@)", dt, capped ? String(format: "%.0f points per Lyapunov time 1/λ₁ = %.4g; period %.4g", pointsPerLyapunovTime, 1 / (lambda ?? 1), dominantPeriod)
                                                 : String(format: "period %.4g / %.0f points", dominantPeriod, pointsPerPeriod))
      return String(format: "%@: %@, floor D_stsp %.3f, D_H %.3f at %d rows (test1 vs test2, the comparison's length) — %@", system, sampling,
                    floorDstsp, floorDH, testSteps, (train as NSString).deletingLastPathComponent)
    }
  }

  /// The table printed by `dsr suite` closes with how many finished runs meet the targets, and,
  /// when a system has several finished runs, how many systems meet them with the run kept for
  /// each (``keep(_:)``).
  public static func verdict(_ rows: [Row]) -> String {
    let finished = rows.filter { $0.status == .finished }
    guard !finished.isEmpty else {
      return "No run has finished yet (\(rows.count) run(s) without a model.json), so none is measured against the targets."
    }
    var text = "\(finished.filter(\.meetsTargets).count) of \(finished.count) finished run(s) meet D_stsp ≤ \(dstspTarget) and D_H ≤ \(dhTarget)."
    if severalRuns(rows) {
      let kept = rows.filter(\.kept)
      text += " With the run kept per system (the best of its runs on the training data): \(kept.filter(\.meetsTargets).count) of "
        + "\(Set(finished.map(\.system)).count) systems."
    }
    return text
  }

  /// Whether some system has more than one finished run.
  static func severalRuns(_ rows: [Row]) -> Bool {
    Dictionary(grouping: rows.filter { $0.status == .finished }, by: \.system).values.contains { $0.count > 1 }
  }

  /// Marks, per system, the finished run a user would keep without test data: the best on the
  /// training data by ``ModelSelection/bestIndex(_:alive:)`` (the rule `model_selection = best`
  /// applies to checkpoints) over the training-set D_stsp and D_H of each run's model (its
  /// verdict), among runs with both finite, passing over runs whose verdict's free runs mostly
  /// die (``Row/freeRunsAlive``) unless all do. The test measures play no part.
  public static func keep(_ rows: [Row]) -> [Row] {
    var rows = rows
    for i in rows.indices { rows[i].kept = false }
    let candidates = rows.indices.filter { rows[$0].status == .finished && rows[$0].trainingDstsp?.isFinite == true && rows[$0].trainingDH?.isFinite == true }
    for (_, indices) in Dictionary(grouping: candidates, by: { rows[$0].system }) {
      let ordered = indices.sorted { rows[$0].run < rows[$1].run }
      if let best = ModelSelection.bestIndex(ordered.map { (rows[$0].trainingDstsp!, rows[$0].trainingDH!) },
                                             alive: ordered.map { rows[$0].freeRunsAlive ?? true }) {
        rows[ordered[best]].kept = true
      }
    }
    return rows
  }

  /// One run's line of the suite table.
  public struct Row: Codable, Sendable, Equatable {
    /// The system's name.
    public var system: String
    /// The run number.
    public var run: Int
    /// Where the run stands.
    public var status: TaskState
    /// The verdict's orbit (`irregular`, `fixed_point`, …), nil before training finished.
    public var orbit: String?
    /// D_stsp against the first test stretch.
    public var dstsp: Double?
    /// D_H against the first test stretch.
    public var dh: Double?
    /// PE(n) on the first test stretch.
    public var pe: Double?
    /// λ_max of the model per time unit (flows) or per iteration (maps).
    public var lambdaMax: Double?
    /// The system's λ₁ in the same unit.
    public var lambdaTrue: Double?
    /// D_stsp between the two test stretches.
    public var floorDstsp: Double
    /// D_H between the two test stretches.
    public var floorDH: Double
    /// Seconds the training took (from its finished event).
    public var trainingSeconds: Double?
    /// Training seconds until the checkpoint the run would keep first met the targets on the
    /// training data (``TimeToModel``); nil when it never did.
    public var timeToModel: Double? = nil
    /// D_stsp ≤ 0.5 and D_H ≤ 0.1.
    public var meetsTargets: Bool
    /// Why a measure is missing, if it is.
    public var note: String?
    /// D_stsp of the run's model against its training data (from its verdict).
    public var trainingDstsp: Double?
    /// D_H of the run's model against its training data (from its verdict).
    public var trainingDH: Double?
    /// The run kept for its system: the best of the system's runs on the training data (``keep(_:)``).
    public var kept = false
    /// Whether most of the verdict's free runs from the training data stay alive
    /// (``OrbitSurvey/isAlive``; from the one orbit of older verdicts; nil: no verdict or an
    /// input-driven model).
    public var freeRunsAlive: Bool? = nil
  }

  /// The version of the data generation scheme.
  static let scheme = 3

  /// The targets of the default recipe.
  public static let dstspTarget = 0.5, dhTarget = 0.1

  /// The systems of `settings`, checked.
  public static func systems(_ settings: Settings) throws -> [BenchmarkSystem] {
    var seen = Set<String>()
    return try settings.systems.map { try BenchmarkSystem.named($0) }.filter { seen.insert($0.name).inserted }
  }

  /// Prepares the data of every system of `settings` (``prepare(_:settings:base:)``), calling
  /// `report` after each.
  public static func prepare(_ settings: Settings, base: Configuration, report: (SystemData) -> Void) throws -> [SystemData] {
    try systems(settings).map { system in
      let d = try prepare(system, settings: settings, base: base)
      report(d)
      return d
    }
  }

  static func dataDirectory(_ settings: Settings, _ system: BenchmarkSystem) -> String {
    ((settings.directory as NSString).appendingPathComponent("data") as NSString).appendingPathComponent(system.name)
  }

  /// Generates (or reads, when it exists with the same recipe) the data and floor of `system`.
  public static func prepare(_ system: BenchmarkSystem, settings: Settings, base: Configuration) throws -> SystemData {
    let directory = dataDirectory(settings, system)
    let record = (directory as NSString).appendingPathComponent("data.json")
    let lambda = system.referenceExponents.first
    let period = system.kind == .map ? 1 : system.samplingInterval(pointsPerPeriod: 1)
    var dt = system.kind == .map ? 1 : period / settings.pointsPerPeriod
    if system.kind == .flow, let lambda, lambda > 0 { dt = Swift.min(dt, 1 / (settings.pointsPerLyapunovTime * lambda)) }
    var transient = system.kind == .map ? 1000 : 100 * period
    if let lambda, lambda > 0 { transient = Swift.max(transient, (25 / lambda).rounded(.up)) }
    let n = system.dimension
    let monitoring = base.decoded.monitoring
    let method = StateSpaceDivergence.Method.reference(dimension: n, bins: monitoring.bins, scaling: monitoring.gmmScaling)
    if let data = FileManager.default.contents(atPath: record), let old = try? StrictJSON.decode(SystemData.self, from: data, path: record),
       old.scheme == scheme, old.dt == dt, old.trainingSteps == settings.trainingSteps, old.testSteps == settings.testSteps, old.noise == settings.noise,
       old.dstspMethod == method.name, ([old.train] + old.tests).allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
      return old
    }
    // Data that changed (another dt, length, noise or scheme) would leave earlier runs of this
    // system trained on other data than they are evaluated on: refuse instead.
    let runs = (settings.directory as NSString).appendingPathComponent(system.name)
    if FileManager.default.fileExists(atPath: record), FileManager.default.fileExists(atPath: runs) {
      throw DataFileError(
        path: directory, problem: "holds \(system.name)'s suite data of another sampling, length, noise or generator than this suite asks for, and \(runs) holds runs trained on it",
        remedy: "use another --experiment, or move \(runs) and \(directory) away to train afresh")
    }
    try AllocationEstimate(
      count: settings.trainingSteps + 2 * settings.testSteps, bytesEach: BenchmarkData.bytesPerRow(dimension: n),
      option: "--training-steps \(settings.trainingSteps) and --test-steps \(settings.testSteps)",
      purpose: "\(system.name)'s training and two test stretches (N = \(n))"
    ).check(remedy: "give fewer --training-steps or --test-steps")
    try AtomicFile.createDirectory(directory)
    // One orbit: the training stretch, then each test stretch after a further gap of `transient`,
    // continuing from where the previous stretch ended (so all three lie on the attractor the
    // training data shows, even for systems with coexisting attractors). Stored as float32, like
    // the shipped data; the floor is computed on what is stored.
    var start: [Double]? = nil
    func stretch(steps: Int, noise: Double) throws -> Tensor<Double> {
      var r = BenchmarkData.Recipe(steps: steps, dt: dt, transient: transient)
      (r.noise, r.seed, r.initial) = (noise, settings.seed, start)
      let (x, last) = try BenchmarkData.generateWithFinalState(system, r)
      start = last
      return x
    }
    let rawTrain = try stretch(steps: settings.trainingSteps, noise: settings.noise)
    let rawTests = [try stretch(steps: settings.testSteps, noise: 0), try stretch(steps: settings.testSteps, noise: 0)]
    // All three z-scored with the (noisy) training stretch's mean and sample std, as a user would
    // z-score a recording and its test data: per-stretch statistics would shift thin attractors
    // across D_stsp's bins.
    let count = Double(settings.trainingSteps)
    let mean = rawTrain.mean(alongAxis: 0), std = (rawTrain.variance(alongAxis: 0) * (count / (count - 1))).sqrt()
    func stored(_ x: Tensor<Double>) -> Tensor<Double> { ((x - mean) / std).converted(to: Float.self).converted(to: Double.self) }
    let (train, test1, test2) = (stored(rawTrain), stored(rawTests[0]), stored(rawTests[1]))
    let paths = ["train", "test1", "test2"].map { (directory as NSString).appendingPathComponent("\($0).npy") }
    for (x, path) in zip([train, test1, test2], paths) { try NPY.write(x, to: path, dtype: .float32LittleEndian) }
    // The two test stretches are as long as the comparison (the first test stretch): a floor at
    // the comparison's length.
    let floorDstsp = StateSpaceDivergence.divergence(true: test1, generated: test2, method: method, seed: 0)
    let floorDH = PowerSpectrumDistance.hellinger(true: test1, generated: test2, smoothing: monitoring.smoothing)
    let result = SystemData(
      scheme: scheme, system: system.name, title: system.title, kind: system.kind.rawValue, dimension: n, dt: dt, dominantPeriod: period,
      pointsPerPeriod: settings.pointsPerPeriod, transient: transient, trainingSteps: settings.trainingSteps,
      testSteps: settings.testSteps, noise: settings.noise, train: paths[0], tests: Array(paths[1...]), lambda: lambda,
      floorDstsp: floorDstsp, floorDH: floorDH, dstspMethod: method.name)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(try encoder.encode(result), to: record)
    return result
  }

  /// The base recipe: the configuration file (or defaults) with the overrides, placed in the
  /// suite's experiment folder.
  public static func baseConfiguration(_ settings: Settings) throws -> Configuration {
    var base = try Configuration.load(file: settings.configFile, overrides: settings.overrides)
    try base.set("results_directory", .string(settings.resultsDirectory), source: "dsr suite")
    try base.set("experiment", .string(settings.experiment), source: "dsr suite")
    try base.validate()  // e.g. an empty --experiment, before any data is generated
    return base
  }

  /// The training tasks: one setting per system (named after it), runs 1…`settings.runs`.
  public static func tasks(_ settings: Settings, base: Configuration, data: [SystemData]) throws -> (GridSpecification, [GridSpecification.Task]) {
    let grid = GridSpecification(base: base, axes: [], namedKeys: [], runs: settings.runs, slurm: SlurmSettings(), source: "dsr suite")
    var tasks: [GridSpecification.Task] = []
    for d in data {
      for run in 1...settings.runs {
        var c = base
        try c.set("path_to_data", .string(d.train), source: "dsr suite")
        try c.set("name", .string(d.system), source: "dsr suite")
        try c.set("run", .int(run), source: "dsr suite")
        try c.validate()
        tasks.append(.init(index: tasks.count, name: d.system, run: run, configuration: c))
      }
    }
    return (grid, tasks)
  }

  /// Evaluates every task's run against its system's first test stretch, `workers` at a time
  /// (``WorkerPool``).
  public static func evaluate(_ tasks: [GridSpecification.Task], data: [SystemData], workers: Int) async throws -> [Row] {
    let bySystem = Dictionary(uniqueKeysWithValues: data.map { ($0.system, $0) })
    let tests = Dictionary(uniqueKeysWithValues: try data.map { ($0.system, try Dataset<Double>.load(paths: [$0.tests[0]], inputPaths: [])) })
    // Every task trains on one of the systems of `data` (``tasks(_:base:data:)``).
    let work = tasks.compactMap { task in bySystem[task.name].flatMap { d in tests[d.system].map { (task, d, $0) } } }
    return keep(await WorkerPool.map(work, width: workers) { row($0.0, $0.1, $0.2) })
  }

  static func row(_ task: GridSpecification.Task, _ d: SystemData, _ test: Dataset<Double>) -> Row {
    let dir = task.directory
    var row = Row(system: d.system, run: task.run, status: TaskState.of(dir), floorDstsp: d.floorDstsp, floorDH: d.floorDH,
                  meetsTargets: false)
    row.lambdaTrue = d.lambda
    for event in dir.events() {
      switch event {
      case .verdict(let verdict):
        (row.orbit, row.trainingDstsp, row.trainingDH) = (verdict.orbit, verdict.dstsp, verdict.dh)
        row.freeRunsAlive = verdict.starts.flatMap { OrbitSurvey(records: $0) }.map(\.isAlive)
          ?? verdict.orbit.map { $0 != "fixed_point" && $0 != "divergent" }
      case .finished(_, _, let seconds): row.trainingSeconds = seconds
      case .diverged, .interrupted: break
      }
    }
    row.timeToModel = TimeToModel.of(dir, dstsp: dstspTarget, dh: dhTarget)?.seconds
    guard Evaluation.modelFile(of: dir) != nil else {
      row.note = "no model yet"
      return row
    }
    var settings = Evaluation.Settings(dataPaths: d.tests)
    settings.lyapunov = true
    settings.lyapunovSteps = 20_000
    settings.dt = d.kind == "flow" ? d.dt : nil
    let result = Evaluation.evaluate(run: dir.path, data: test, settings: settings)
    (row.dstsp, row.dh, row.pe) = (finite(result.dstsp), finite(result.dh), finite(result.pe))
    row.lambdaMax = result.lyapunov.flatMap { $0.max() }.flatMap(finite)
    row.note = result.note
    row.meetsTargets = (row.dstsp.map { $0 <= dstspTarget } ?? false) && (row.dh.map { $0 <= dhTarget } ?? false)
    return row
  }

  /// Writes `suite.csv` and `suite.json` into the suite's directory; returns their paths.
  @discardableResult
  public static func write(_ rows: [Row], data: [SystemData], settings: Settings, recipe: Configuration) throws -> [String] {
    let csvPath = (settings.directory as NSString).appendingPathComponent("suite.csv")
    let jsonPath = (settings.directory as NSString).appendingPathComponent("suite.json")
    func cell(_ x: Double?) -> String { x.map { "\($0)" } ?? "" }
    var csv = "system,run,status,orbit,dstsp,dh,pe,lambda_max,lambda_true,floor_dstsp,floor_dh,training_seconds,meets_targets,"
      + "training_dstsp,training_dh,kept,time_to_model_seconds\n"
    for r in rows {
      csv += [r.system, "\(r.run)", r.status.rawValue, r.orbit ?? "", cell(r.dstsp), cell(r.dh), cell(r.pe), cell(r.lambdaMax), cell(r.lambdaTrue),
              cell(r.floorDstsp), cell(r.floorDH), cell(r.trainingSeconds), "\(r.meetsTargets)", cell(r.trainingDstsp), cell(r.trainingDH),
              "\(r.kept)", cell(r.timeToModel)].joined(separator: ",") + "\n"
    }
    try AtomicFile.write(Data(csv.utf8), to: csvPath)
    struct Document: Encodable {
      var targets: [String: Double]
      var recipe: [String: ConfigValue]
      var data: [SystemData]
      var runs: [Row]
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let document = Document(targets: ["dstsp": dstspTarget, "dh": dhTarget], recipe: recipe.values, data: data, runs: rows)
    try AtomicFile.write(try encoder.encode(document), to: jsonPath)
    return [csvPath, jsonPath]
  }

  /// The table printed by `dsr suite`.
  public static func table(_ rows: [Row]) -> String {
    // With several runs of a system: the training-set measures that choose the kept run (*).
    let several = severalRuns(rows)
    let header = ["system", "run", "status", "orbit", "D_stsp", "floor", "D_H", "floor", "PE", "λ_max", "λ₁", "train s", "to model s", "targets"]
      + (several ? ["D_stsp (train)", "D_H (train)", "kept"] : [])
    func f(_ x: Double?, _ format: String) -> String { x.map { String(format: format, $0) } ?? "—" }
    let body = rows.map { r in
      [r.system, String(format: "%03d", r.run), r.status.rawValue, r.orbit ?? "—", f(r.dstsp, "%.3f"), f(r.floorDstsp, "%.3f"), f(r.dh, "%.3f"),
       f(r.floorDH, "%.3f"), f(r.pe, "%.2e"), f(r.lambdaMax, "%.3f"), f(r.lambdaTrue, "%.3f"), f(r.trainingSeconds, "%.0f"), f(r.timeToModel, "%.0f"),
       r.status == .finished ? (r.meetsTargets ? "yes" : "no") : "—"]
        + (several ? [f(r.trainingDstsp, "%.3f"), f(r.trainingDH, "%.3f"), r.kept ? "*" : ""] : [])
    }
    let widths = header.indices.map { i in ([header[i]] + body.map { $0[i] }).map(\.count).max()! }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { i, c in i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
        : String(repeating: " ", count: widths[i] - c.count) + c }.joined(separator: "  ")
    }
    // Why a value is missing ("—"): the evaluation's note, one line per run that has one.
    let notes = rows.compactMap { r in r.note.map { "note: \(r.system) \(String(format: "%03d", r.run)): \($0)" } }
    return ([line(header)] + body.map(line) + notes).joined(separator: "\n")
  }
}
