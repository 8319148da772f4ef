import ArgumentParser
import DSRExperiment

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

  /// The request these options make.
  var request: SymbolicExport.Request {
    var request = SymbolicExport.Request(model: model)
    (request.data, request.steps, request.transient, request.maxCycleOrder, request.exhaustive, request.seed) =
      (data, steps, transient, maxCycleOrder, exhaustive, seed)
    return request
  }

  /// The analysis these options ask for.
  func analyse() throws -> SymbolicExport.Analysis {
    try usage { try SymbolicExport.analyse(request) }
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
    let analysis = try options.analyse()
    print(json ? try SymbolicExport.json(analysis) : SymbolicExport.summary(analysis, maxCycleOrder: options.maxCycleOrder))
  }
}

/// `dsr export`.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Export the symbolic encoding: JSON (dsr-symbolic v1), LaTeX equations, Graphviz DOT, or the CSV symbolic sequence.")

  @OptionGroup var options: SymbolicOptions

  @Option(help: "json, latex, dot or csv.")
  var format: SymbolicExport.Format

  @Option(help: "Write to this file (atomically) instead of standard output; never an input, a run's own file or a read-only file.")
  var out: String?

  @Flag(help: "Replace --out if it exists.")
  var force = false

  func validate() throws { try options.check() }

  func run() throws {
    print(try usage { try SymbolicExport.export(options.request, as: format, to: out, force: force) }, terminator: "")
  }
}

extension SymbolicExport.Format: ExpressibleByArgument {}
