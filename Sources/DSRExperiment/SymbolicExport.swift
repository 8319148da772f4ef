import DSRData
import DSRSymbolic
import Foundation

/// `dsr analyze` and `dsr export`: the symbolic piecewise-linear encoding of a trained model
/// (``SymbolicAnalysis`` of DSRSymbolic), as a summary or rendered as JSON, LaTeX, DOT or CSV.
public enum SymbolicExport {
  /// Which model, from where, how long, how far to search.
  public struct Request: Sendable {
    /// A run directory or a model.json.
    public var model: String
    /// Start from the initial state of this file's first row (default: the run's training
    /// data, else z = 0).
    public var data: String?
    /// Steps of the trajectory whose regions are counted.
    public var steps = 100_000
    /// Steps discarded before counting.
    public var transient = 1000
    /// Search cycles up to this order (1: fixed points only).
    public var maxCycleOrder = 4
    /// Fixed points of all regions and cycles over all region sequences where feasible.
    public var exhaustive = false
    /// Seed of the SCYFI search.
    public var seed: UInt64 = 0
    /// Fixed points for at most this many visited regions, the most visited first (nil: the
    /// default bound, ``DSRSymbolic/SymbolicAnalysis/regionLimit(dimension:)``).
    public var maxRegions: Int? = nil
    /// An analysis estimated above this many floating-point operations is refused before it
    /// starts (nil: no limit).
    public var operationLimit: Double? = SymbolicExport.defaultOperationLimit
    /// Receives the cost stated up front and progress lines of a long analysis (stderr in the CLI).
    public var progress: (@Sendable (String) -> Void)? = nil

    /// A request for `model` with the default settings.
    public init(model: String) { self.model = model }
  }

  /// The export formats.
  public enum Format: String, CaseIterable, Sendable {
    /// The dsr-symbolic v1 JSON object.
    case json
    /// The affine maps as LaTeX equations.
    case latex
    /// The transition graph in Graphviz DOT.
    case dot
    /// The symbolic sequence as CSV.
    case csv
  }

  /// The analysis of one model.
  public struct Analysis: Sendable {
    /// The symbolic model (regions, affine maps, fixed points, cycles).
    public var symbolic: SymbolicModel
    /// The region census of the trajectory (holds the symbolic sequence).
    public var census: RegionCensus
    /// The model file analysed.
    public var path: String
  }

  /// The default ``Request/operationLimit``: about ten minutes at 20 GFLOP/s.
  public static let defaultOperationLimit = 1.2e13

  /// An analysis estimated above ``Request/operationLimit``: what it would cost and what to change.
  public struct TooCostly: Error, CustomStringConvertible {
    /// The model file, its dimension and switches.
    public var path: String, dimension: Int, switches: Int
    /// The estimate and the limit.
    public var cost: SymbolicAnalysis.Cost, limit: Double

    /// The figures, the largest part and the options that shrink it (or lift the limit).
    public var description: String {
      let parts = [("the trajectory", Double(cost.steps) * cost.stepOperations, "give fewer --steps"),
                   ("the fixed points", Double(cost.regions) * cost.regionOperations, "bound them with --max-regions"),
                   ("the cycle search", cost.cycleOperations, "lower --max-cycle-order (1: fixed points only)")]
      let largest = parts.max { $0.1 < $1.1 }!
      return "\(path): analysing this model (M = \(dimension), \(switches) switches) would take about \(String(format: "%.1e", cost.total)) "
        + "floating-point operations (limit \(String(format: "%.1e", limit)), roughly \(String(format: "%.0f", cost.total / 2e10 / 60)) min), "
        + "mostly \(largest.0); \(largest.2), or pass --no-cost-limit to run it anyway"
    }
  }

  /// Loads the model in Double, picks the start, states the cost and runs the analysis.
  ///
  /// - Throws: ``TooCostly`` (before any work) when the estimate exceeds ``Request/operationLimit``;
  ///   `SymbolicError` for a diverging trajectory, an impossible exhaustive search or too many regions.
  public static func analyse(_ request: Request) throws -> Analysis {
    let model = try AnalysisModel(request.model, inputDrivenRemedy: "the symbolic analysis covers autonomous models only")
    // A run directory's configuration names its training data, the default start.
    let runConfig = model.path == request.model ? nil : try? Configuration.load(file: RunDirectory(path: request.model).config)
    var options = SymbolicAnalysis.Options()
    (options.steps, options.transient, options.maxCycleOrder, options.exhaustive, options.seed, options.maxRegions, options.progress) =
      (request.steps, request.transient, request.maxCycleOrder, request.exhaustive, request.seed, request.maxRegions, request.progress)
    let m = model.latent.dimension
    // What cannot finish is refused first (the time), then what cannot fit (the memory).
    let switches = SwitchedAffineMap(model.latent).switchCount
    if options.exhaustive, switches > 16 { throw SymbolicError.tooManySwitches(switches) }
    let cost = SymbolicAnalysis.cost(dimension: m, switches: switches, options: options)
    if let limit = request.operationLimit, cost.total > limit {
      throw TooCostly(path: model.path, dimension: m, switches: switches, cost: cost, limit: limit)
    }
    try AllocationEstimate.check(request.steps, bytesEach: bytesPerStep(latent: m), option: "--steps",
                                 purpose: "the trajectory and its symbolic sequence (M = \(m))")
    // Stated when it takes more than a few seconds.
    if cost.total > 1e11 { request.progress?("\(model.path): M = \(m), \(switches) switches. \(cost.description)") }
    var start = [Double](repeating: 0, count: m)
    let source = request.data ?? runConfig.flatMap { $0.decoded.data.paths.first }.flatMap { p in
      FileManager.default.fileExists(atPath: p) && !p.hasSuffix("/") ? p : nil
    }
    if let source {
      start = try model.initialState(fromFirstRowOf: source).scalars
      options.start = "the initial state of the first row of \(source)"
    }
    let (symbolic, census) = try SymbolicAnalysis.run(model: model.latent, observation: model.observation, initial: start, options: options)
    return Analysis(symbolic: symbolic, census: census, path: model.path)
  }

  /// The peak memory per step of the analysed trajectory, its region codes and the CSV sequence
  /// (measured on a shallow PLRNN with M = 3: 164 bytes per step for analyze, 255 for the CSV).
  static func bytesPerStep(latent m: Int) -> Double { 200 + 24 * Double(m) }

  /// `dsr analyze --json`: the dsr-symbolic JSON object.
  public static func json(_ analysis: Analysis) throws -> String {
    String(decoding: try analysis.symbolic.jsonData(), as: UTF8.self)
  }

  /// The analysis rendered in `format` (text ending in a newline).
  public static func render(_ analysis: Analysis, as format: Format) throws -> String {
    switch format {
    case .json: return try json(analysis) + "\n"
    case .latex: return SymbolicRenderer.latex(analysis.symbolic)
    case .dot: return SymbolicRenderer.dot(analysis.symbolic)
    case .csv: return SymbolicRenderer.csv(analysis.census)
    }
  }

  /// `dsr export`: checks `out` (``OutputFile``: never the model or the data read, a run's own
  /// file or a read-only file; an existing file only with `force`) before any work, then
  /// analyses, renders and writes it (``export(_:as:to:)-swift.type.method``).
  public static func export(_ request: Request, as format: Format, to out: String?, force: Bool) throws -> String {
    if let out { try OutputFile.check(out, reading: [request.model] + (request.data.map { [$0] } ?? []), force: force) }
    return try export(try analyse(request), as: format, to: out)
  }

  /// `dsr export`: renders the analysis and writes it atomically to `out`, or returns it.
  ///
  /// - Returns: what the command prints: a confirmation with `out`, else the rendered text.
  public static func export(_ analysis: Analysis, as format: Format, to out: String?) throws -> String {
    let text = try render(analysis, as: format)
    guard let out else { return text }
    try AtomicFile.write(Data(text.utf8), to: out, streams: true)
    return "\(format.rawValue) written to \(out)\n"
  }

  /// The summary `dsr analyze` prints: regions used with frequencies and dwell times, the
  /// fixed point of each region's map, the real fixed points and the cycles.
  public static func summary(_ analysis: Analysis, maxCycleOrder: Int) -> String {
    let s = analysis.symbolic
    var lines: [String] = []
    lines.append("\(s.model) (M = \(s.latentDim), \(s.switches.count) switch\(s.switches.count == 1 ? "" : "es")) from \(analysis.path)")
    lines.append("Trajectory: \(s.trajectory["steps"] ?? "?") steps after \(s.trajectory["transient"] ?? "?") from \(s.trajectory["start"] ?? "?")")
    lines.append("Regions used: \(s.regionsUsed) of \(s.switches.count <= 62 ? "\(1 << s.switches.count)" : "2^\(s.switches.count)")")
    lines.append("  symbol  region                 steps   share  mean dwell  fixed point")
    for e in s.regions.prefix(12) {
      let fp = s.fixedPoints.first { $0.region == e.region }
      let fpText = fp.map { "\($0.real ? "real" : "virtual") \($0.type), ρ = \(String(format: "%.3g", $0.spectralRadius))" } ?? "none (I − A singular)"
      let bits = e.region.description.count > 20 ? String(e.region.description.prefix(17)) + "…" : e.region.description
      lines.append(String(format: "  %6d  %@  %7d  %5.1f%%  %10.1f  %@", e.symbol, bits.padding(toLength: 20, withPad: " ", startingAt: 0),
                          e.count, 100 * e.frequency, e.meanDwell, fpText))
    }
    if s.regions.count > 12 { lines.append("  … \(s.regions.count - 12) more regions") }
    let real = s.fixedPoints.filter(\.real)
    lines.append("Fixed points (\(s.search["fixed_points"] ?? "?")): \(real.count) real, \(s.fixedPoints.count - real.count) virtual")
    for fp in real {
      let state = fp.state.prefix(6).map { String(format: "%.4g", $0) }.joined(separator: ", ") + (fp.state.count > 6 ? ", …" : "")
      lines.append("  region \(fp.region): z* = (\(state)), \(fp.type), ρ = \(String(format: "%.4g", fp.spectralRadius))")
    }
    lines.append("Cycles of order 2…\(maxCycleOrder) (\(s.search["method"] ?? "?")): \(s.cycles.count)")
    for c in s.cycles {
      lines.append("  order \(c.order): regions \(c.regions.map(\.description).joined(separator: " → ")), \(c.type), ρ = \(String(format: "%.4g", c.spectralRadius))")
    }
    if !s.graphCycles.isEmpty {
      lines.append("Transition-graph cycles (up to \(max(maxCycleOrder, 2)) regions): \(s.graphCycles.count)")
    }
    return lines.joined(separator: "\n")
  }
}
