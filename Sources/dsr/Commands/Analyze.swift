import ArgumentParser
import DSRExperiment
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

  @Option(help: "Fixed points for at most this many visited regions, the most visited first (default: what about 1e12 operations allow for the model's size).")
  var maxRegions: Int?

  @Flag(help: "Run an analysis estimated above about 1e13 floating-point operations (some ten minutes) instead of refusing it.")
  var noCostLimit = false

  func check() throws {
    if steps < 2 { throw ValidationError("--steps must be at least 2, got \(steps)") }
    if transient < 0 { throw ValidationError("--transient must be ≥ 0, got \(transient)") }
    if maxCycleOrder < 1 || maxCycleOrder > 100 { throw ValidationError("--max-cycle-order must be in 1…100, got \(maxCycleOrder)") }
    if let maxRegions, maxRegions < 1 { throw ValidationError("--max-regions must be at least 1, got \(maxRegions)") }
  }

  /// The request these options make.
  var request: SymbolicExport.Request {
    var request = SymbolicExport.Request(model: model)
    (request.data, request.steps, request.transient, request.maxCycleOrder, request.exhaustive, request.seed) =
      (data, steps, transient, maxCycleOrder, exhaustive, seed)
    (request.maxRegions, request.operationLimit) = (maxRegions, noCostLimit ? nil : SymbolicExport.defaultOperationLimit)
    request.progress = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
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
    abstract: "Export the symbolic encoding (JSON, LaTeX, DOT, CSV) or the parameters for other tools (npz, safetensors).",
    discussion: """
      json, latex, dot and csv write the symbolic encoding (dsr-symbolic v1 JSON, the affine \
      maps as LaTeX equations, the transition graph as Graphviz DOT, the symbolic sequence as \
      CSV). npz and safetensors write the parameters in float64 under the reference code's \
      names (A, W or W1/W2, h or h1/h2, alpha, H; B or L for the observation model; C for \
      inputs) with the rest of model.json as a record beside them, so that `dsr import` of \
      the file gives back the model.json exactly; they need --out.
      """)

  @OptionGroup var options: SymbolicOptions

  @Option(help: "json, latex, dot, csv, npz or safetensors.")
  var format: ExportFormat

  @Option(help: "Write to this file (atomically) instead of standard output (npz and safetensors: required); never an input, a run's own file or a read-only file.")
  var out: String?

  @Flag(help: "Replace --out if it exists.")
  var force = false

  func validate() throws {
    try options.check()
    if ModelExport.Format(rawValue: format.rawValue) != nil && out == nil {
      throw ValidationError("--format \(format.rawValue) writes a binary file: give --out FILE, e.g. --out model.\(format.rawValue)")
    }
  }

  func run() throws {
    if let parameters = ModelExport.Format(rawValue: format.rawValue), let out {
      print(try usage { try ModelExport.export(model: options.model, as: parameters, to: out, force: force) })
    } else if let symbolic = SymbolicExport.Format(rawValue: format.rawValue) {
      print(try usage { try SymbolicExport.export(options.request, as: symbolic, to: out, force: force) }, terminator: "")
    }
  }
}

/// Every format of `dsr export`: the symbolic ones (``SymbolicExport/Format``) and the parameter
/// ones (``ModelExport/Format``).
enum ExportFormat: String, CaseIterable, ExpressibleByArgument {
  case json, latex, dot, csv, npz, safetensors
}
