import ArgumentParser
import DSRData
import DSRExperiment
import DSRModels
import DSRSymbolic
import DSRTensor
import Foundation

/// What `dsr analyze` and `dsr export` share: which model, from where, how long, how far to search.
struct SymbolicOptions: ParsableArguments {
  @Argument(help: "A run directory or a model.json.", completion: .file())
  var model: String

  @Option(help: "Start from the model's initial state for this file's first row (default: the run's training data, else z = 0).")
  var data: String?

  @Option(help: "Steps of the trajectory whose regions are counted.")
  var steps = 100_000

  @Option(help: "Steps discarded before counting.")
  var transient = 1000

  @Option(help: "Search cycles up to this order (1: fixed points only).")
  var maxCycleOrder = 4

  @Flag(help: "Fixed points of all 2^s regions (s ≤ 16 switches) and cycles over all region sequences where feasible.")
  var exhaustive = false

  @Option(help: "Seed of the SCYFI search.")
  var seed: UInt64 = 0

  func check() throws {
    if steps < 2 { throw ValidationError("--steps must be at least 2, got \(steps)") }
    if transient < 0 { throw ValidationError("--transient must be ≥ 0, got \(transient)") }
    if maxCycleOrder < 1 || maxCycleOrder > 100 { throw ValidationError("--max-cycle-order must be in 1…100, got \(maxCycleOrder)") }
  }

  /// Loads the model in Double, picks the start, runs the analysis.
  func analyse() throws -> (SymbolicModel, RegionCensus, path: String) {
    let path = try Evaluation.resolveModel(model)
    // A run directory's configuration names its training data, the default start.
    let runConfig = path == model ? nil : try? Configuration.load(file: RunDirectory(path: model).config)
    let file = try ModelFile.read(path)
    guard file.inputDim == 0 else {
      throw DataFileError(path: path, problem: "is driven by \(file.inputDim) external inputs", remedy: "the symbolic analysis covers autonomous models only")
    }
    let (latent, observation, _) = try file.instantiate(Double.self, path: path)
    var options = SymbolicAnalysis.Options()
    (options.steps, options.transient, options.maxCycleOrder, options.exhaustive, options.seed) = (steps, transient, maxCycleOrder, exhaustive, seed)
    var start = [Double](repeating: 0, count: latent.dimension)
    let source = data ?? runConfig.flatMap { $0.decoded.data.paths.first }.flatMap { p in FileManager.default.fileExists(atPath: p) && !p.hasSuffix("/") ? p : nil }
    if let source {
      let x: Tensor<Double> = try MatrixFile.read(source)
      guard x.shape[1] == observation.observedDimension else {
        throw DataFileError(path: source, problem: "has \(x.shape[1]) columns but the model observes N = \(observation.observedDimension)", remedy: "give data of the model's data set")
      }
      // In the model's units: z-scored with the training data's mean and std if the run standardised.
      start = try observation.initialStates(file.dataTransform.apply(x.rows(0..<1))).scalars
      options.start = "the initial state of the first row of \(source)"
    }
    let (symbolic, census) = try SymbolicAnalysis.run(model: latent, observation: observation, initial: start, options: options)
    return (symbolic, census, path)
  }
}

/// `dsr analyze`.
struct Analyze: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "The symbolic piecewise-linear encoding of a model: regions used, their frequencies, fixed points and cycles.",
    discussion: """
      Generates a trajectory from the model and codes every state by its linear subregion (the \
      sign pattern of the model's switches: the last P units of an AL-RNN, all units of a PLRNN, \
      the hidden units of a shallow PLRNN). Reports the regions used with frequencies and dwell \
      times, the fixed point of each visited region's affine map (real if it lies in its own \
      region, else virtual) with eigenvalues and stability, and true cycles up to \
      --max-cycle-order found by SCYFI (or exhaustively with --exhaustive). Every reported real \
      fixed point and cycle is verified by iterating the model.
      """)

  @OptionGroup var options: SymbolicOptions

  @Flag(help: "Print one JSON object (the dsr-symbolic format) instead of the summary.")
  var json = false

  func validate() throws { try options.check() }

  func run() throws {
    let (s, _, path) = try options.analyse()
    if json {
      print(String(decoding: try s.jsonData(), as: UTF8.self))
      return
    }
    print("\(s.model) (M = \(s.latentDim), \(s.switches.count) switch\(s.switches.count == 1 ? "" : "es")) from \(path)")
    print("Trajectory: \(s.trajectory["steps"]!) steps after \(s.trajectory["transient"]!) from \(s.trajectory["start"]!)")
    print("Regions used: \(s.regionsUsed) of \(s.switches.count <= 62 ? "\(1 << s.switches.count)" : "2^\(s.switches.count)")")
    print("  symbol  region                 steps   share  mean dwell  fixed point")
    for e in s.regions.prefix(12) {
      let fp = s.fixedPoints.first { $0.region == e.region }
      let fpText = fp.map { "\($0.real ? "real" : "virtual") \($0.type), ρ = \(String(format: "%.3g", $0.spectralRadius))" } ?? "none (I − A singular)"
      let bits = e.region.description.count > 20 ? String(e.region.description.prefix(17)) + "…" : e.region.description
      print(String(format: "  %6d  %@  %7d  %5.1f%%  %10.1f  %@", e.symbol, bits.padding(toLength: 20, withPad: " ", startingAt: 0), e.count, 100 * e.frequency, e.meanDwell, fpText))
    }
    if s.regions.count > 12 { print("  … \(s.regions.count - 12) more regions") }
    let real = s.fixedPoints.filter(\.real)
    print("Fixed points (\(s.search["fixed_points"]!)): \(real.count) real, \(s.fixedPoints.count - real.count) virtual")
    for fp in real {
      print("  region \(fp.region): z* = (\(fp.state.prefix(6).map { String(format: "%.4g", $0) }.joined(separator: ", "))\(fp.state.count > 6 ? ", …" : "")), \(fp.type), ρ = \(String(format: "%.4g", fp.spectralRadius))")
    }
    print("Cycles of order 2…\(options.maxCycleOrder) (\(s.search["method"]!)): \(s.cycles.count)")
    for c in s.cycles {
      print("  order \(c.order): regions \(c.regions.map(\.description).joined(separator: " → ")), \(c.type), ρ = \(String(format: "%.4g", c.spectralRadius))")
    }
    if !s.graphCycles.isEmpty {
      print("Transition-graph cycles (up to \(max(options.maxCycleOrder, 2)) regions): \(s.graphCycles.count)")
    }
  }
}

/// `dsr export`.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Export the symbolic encoding: JSON (dsr-symbolic v1), LaTeX equations, Graphviz DOT, or the CSV symbolic sequence.")

  enum Format: String, ExpressibleByArgument, CaseIterable { case json, latex, dot, csv }

  @OptionGroup var options: SymbolicOptions

  @Option(help: "json, latex, dot or csv.")
  var format: Format

  @Option(help: "Write to this file (atomically) instead of standard output.")
  var out: String?

  func validate() throws { try options.check() }

  func run() throws {
    let (s, census, _) = try options.analyse()
    let text: String
    switch format {
    case .json: text = String(decoding: try s.jsonData(), as: UTF8.self) + "\n"
    case .latex: text = SymbolicRenderer.latex(s)
    case .dot: text = SymbolicRenderer.dot(s)
    case .csv: text = SymbolicRenderer.csv(census)
    }
    if let out {
      try AtomicFile.write(Data(text.utf8), to: out)
      print("\(format.rawValue) written to \(out)")
    } else {
      print(text, terminator: "")
    }
  }
}
