import DSRDynamics
import DSRModels
import DSRTensor
import Foundation

/// The symbolic piecewise-linear encoding of a trained model (format `dsr-symbolic`, version 1):
/// its visited linear subregions with their exact affine maps, occupation and dwell times, the
/// transition graph, fixed points (real and virtual) and cycles.
public struct SymbolicModel: Codable, Sendable {
  /// A fixed point of a region's affine map: a ``Cycle`` of order 1.
  public typealias FixedPoint = Cycle

  /// An affine map `y' = matrix·y + offset` (matrix as rows).
  public struct Affine: Codable, Sendable, Equatable {
    /// The matrix, one array per row.
    public var matrix: [[Double]]
    /// The offset vector.
    public var offset: [Double]
  }

  /// One visited region.
  public struct RegionEntry: Codable, Sendable {
    /// The region's bit pattern.
    public var region: Region
    /// Σ bit_i 2^i (nil beyond 62 switches).
    public var code: Int?
    /// Index in frequency order (the symbol of the symbolic sequence).
    public var symbol: Int
    /// Steps of the trajectory spent in the region.
    public var count: Int
    /// The fraction of the trajectory's steps spent in the region.
    public var frequency: Double
    /// The mean run of consecutive steps in the region.
    public var meanDwell: Double
    /// The longest run of consecutive steps in the region.
    public var maxDwell: Int
    /// The exact latent map in this region, `z' = A_d z + b_d`.
    public var latent: Affine
    /// The map in observation space, `x' = B A_d B⁻¹ x + B b_d`, when the observation model is invertible (M = N).
    public var observed: Affine?
    enum CodingKeys: String, CodingKey {
      case region, code, symbol, count, frequency, latent, observed
      case meanDwell = "mean_dwell", maxDwell = "max_dwell"
    }
  }

  /// An edge of the transition graph: the region of step t and that of step t + 1 (self-transitions included).
  public struct Transition: Codable, Sendable {
    /// The region of step t.
    public var from: Region
    /// The region of step t + 1.
    public var to: Region
    /// How many steps make this transition.
    public var count: Int
    /// Row-normalised: P(next region = to | region = from).
    public var probability: Double
  }

  /// The format name, `dsr-symbolic`.
  public var format = "dsr-symbolic"
  /// The format version (1).
  public var version = 1
  /// The model's reference name.
  public var model: String
  /// M, the latent dimension.
  public var latentDim: Int
  /// N, the observation dimension.
  public var observedDim: Int
  /// The observation model's name.
  public var observationModel: String
  /// The switches whose signs make a region code, in bit order (e.g. `z_19`, `z_20`).
  public var switches: [String]
  /// How the trajectory was generated.
  public var trajectory: [String: String]
  /// The number of distinct regions the trajectory visits.
  public var regionsUsed: Int
  /// Steps per visited region, keyed by the region's bit string.
  public var regionCounts: [String: Int]
  /// The visited regions, most frequent first.
  public var regions: [RegionEntry]
  /// The transitions between regions along the trajectory.
  public var transitions: [Transition]
  /// Simple cycles of the transition graph (without self-loops), as region codes.
  public var graphCycles: [[Region]]
  /// The fixed point (1-cycle) of every visited region's map (or of all regions with an
  /// exhaustive search).
  public var fixedPoints: [Cycle]
  /// True cycles of order ≥ 2.
  public var cycles: [Cycle]
  /// How fixed points and cycles were searched.
  public var search: [String: String]

  enum CodingKeys: String, CodingKey {
    case format, version, model, switches, trajectory, regions, transitions, cycles, search
    case latentDim = "latent_dim", observedDim = "observed_dim", observationModel = "observation_model"
    case regionsUsed = "regions_used", regionCounts = "region_counts", graphCycles = "graph_cycles", fixedPoints = "fixed_points"
  }

  /// Pretty JSON with sorted keys.
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try encoder.encode(self)
  }
}

/// Builds a ``SymbolicModel``: trajectory, census, per-region maps and fixed points, cycles.
public enum SymbolicAnalysis {
  /// How the trajectory is generated and cycles are searched.
  public struct Options: Sendable {
    /// Steps of the analysed trajectory (after the transient).
    public var steps = 100_000
    /// Steps run and discarded before the trajectory.
    public var transient = 1000
    /// The highest cycle order searched (below 2: fixed points only).
    public var maxCycleOrder = 4
    /// Fixed points of all 2^s regions and cycles over all region sequences (s ≤ 16 for fixed points).
    public var exhaustive = false
    /// The seed of the SCYFI search and its random region pool.
    public var seed: UInt64 = 0
    /// How the start state was chosen, recorded in the output's `trajectory` (not interpreted).
    public var start = "z = 0"
    /// Fixed points are computed for at most this many visited regions, the most visited first
    /// (nil: as many as ``fixedPointBudget`` floating-point operations allow, ``regionLimit(dimension:)``).
    public var maxRegions: Int? = nil
    /// Receives a line now and then while a long analysis runs (the CLI prints it on stderr).
    public var progress: (@Sendable (String) -> Void)? = nil
    /// Seconds between two progress lines.
    public var progressInterval = 2.0
    /// The most distinct regions a trajectory may visit: the census keeps a dense table of
    /// transitions, (regions)² counts (5 000 regions: 200 MB).
    public var maxVisitedRegions = 5000
    /// The default options.
    public init() {}
  }

  /// Floating-point operations the fixed points of the visited regions may take by default
  /// (about half a minute on one core): each costs about ``fixedPointOperations(dimension:)``.
  public static let fixedPointBudget = 1e12

  /// Floating-point operations of one region's fixed point in dimension `m`: its affine map
  /// composed (2m³), the solve (2m³/3) and the eigenvalues of the monodromy matrix (≈ 25m³).
  public static func fixedPointOperations(dimension m: Int) -> Double { 28 * pow(Double(m), 3) }

  /// The default bound on the regions whose fixed points are computed in dimension `m`.
  public static func regionLimit(dimension m: Int) -> Int {
    Int(Swift.min(Double(Int.max / 2), Swift.max(1, (fixedPointBudget / fixedPointOperations(dimension: m)).rounded(.down))))
  }

  /// What an analysis will cost, stated before it starts: floating-point operations of the
  /// trajectory, of the fixed points (per region, and for the bound on regions) and of the SCYFI
  /// search's base budget (each cycle found resets it).
  public struct Cost: Sendable, Equatable {
    /// Trajectory steps (transient included) and the operations of one step.
    public var steps: Int, stepOperations: Double
    /// Operations of one region's fixed point, and the most regions whose fixed points are computed.
    public var regionOperations: Double, regions: Int
    /// Operations of SCYFI's base budget (0 when only fixed points are searched).
    public var cycleOperations: Double

    /// All of it.
    public var total: Double { Double(steps) * stepOperations + Double(regions) * regionOperations + cycleOperations }

    /// `Cost: about 3.2e+11 floating-point operations (…)`, one line.
    public var description: String {
      func e(_ x: Double) -> String { String(format: "%.1e", x) }
      return "Cost: about \(e(total)) floating-point operations (trajectory \(e(Double(steps) * stepOperations)), fixed points of up to "
        + "\(regions) visited regions at \(e(regionOperations)) each, cycle search from \(e(cycleOperations))); "
        + "roughly \(String(format: "%.0f", total / 2e10)) s at 20 GFLOP/s"
    }
  }

  /// The cost of analysing a model of dimension `m` with `switches` switches under `options`.
  public static func cost(dimension m: Int, switches: Int, options: Options) -> Cost {
    let md = Double(m)
    let steps = options.transient + options.steps
    let limit = options.maxRegions ?? regionLimit(dimension: m)
    let all = switches < 62 ? 1 << switches : Int.max
    let regions = options.exhaustive && switches <= 16 ? Swift.min(limit, all) : Swift.min(limit, options.steps, options.maxVisitedRegions, all)
    var cycles = 0.0
    if options.maxCycleOrder >= 2 {
      // Exhaustive: every sequence of regions while there are at most 2^20 of them (else SCYFI).
      let sequences = (1...options.maxCycleOrder).reduce(0.0) { $0 + pow(Double(all), Double($1)) }
      let exhaustive = options.exhaustive && switches <= 16 && sequences <= Double(1 << 20)
      for k in 1...options.maxCycleOrder {
        let (outer, inner) = CycleFinder.budget(order: k)
        let candidates = exhaustive ? pow(Double(all), Double(k)) : Double(outer * inner)
        cycles += candidates * (2 * Double(k) + 1) * md * md * md
      }
    }
    return Cost(steps: steps, stepOperations: 2 * md * md + 2 * md * Double(switches), regionOperations: fixedPointOperations(dimension: m),
                regions: regions, cycleOperations: cycles)
  }

  /// The analysis of `model` from latent state `initial`; returns the symbolic model and the census
  /// (which holds the symbolic sequence).
  public static func run(
    model: any LatentModel<Double>, observation: ObservationModel<Double>, initial: [Double], options: Options
  ) throws -> (SymbolicModel, RegionCensus) {
    let map = SwitchedAffineMap(model)
    let m = map.dimension
    // Refused before any work: an exhaustive search over more than 2^16 regions.
    if options.exhaustive, map.switchCount > 16 { throw SymbolicError.tooManySwitches(map.switchCount) }
    let report = Reporter(options.progress, interval: options.progressInterval)
    var z = initial
    for t in 0..<options.transient {
      z = map(z)
      report.every { "trajectory: transient step \(t + 1) of \(options.transient)" }
    }
    var trajectory: [[Double]] = []
    trajectory.reserveCapacity(options.steps)
    var seen = Set<Region>()
    var patterns: [Region] = []
    patterns.reserveCapacity(options.steps)
    for t in 0..<options.steps {
      if t > 0 { z = map(z) }
      guard z.allSatisfy(\.isFinite) else { throw SymbolicError.diverged(step: t) }
      trajectory.append(z)
      let pattern = map.pattern(z)
      patterns.append(pattern)
      if seen.insert(pattern).inserted, seen.count > options.maxVisitedRegions {
        throw SymbolicError.tooManyRegions(step: t + 1, steps: options.steps, limit: options.maxVisitedRegions)
      }
      report.every { "trajectory: step \(t + 1) of \(options.steps), \(seen.count) regions so far" }
    }
    let census = RegionCensus(patterns: patterns)
    let verify: ([Double]) -> [Double] = { model.step(Tensor($0)).scalars }
    let finder = CycleFinder(map: map, verify: verify)

    // The observation map, when it can be inverted.
    var toObserved: ((Affine) -> SymbolicModel.Affine?) = { _ in nil }
    typealias Affine = SymbolicModel.Affine
    if observation.observedDimension == m {
      switch observation.kind {
      case .identity:
        toObserved = { $0 }
      case .affine:
        let b = observation.parameters[0]
        if let inverse = try? b.inverse() {
          toObserved = { latent in
            let a = Tensor(shape: [m, m], scalars: latent.matrix.flatMap { $0 })
            let ao = b.matmul(a).matmul(inverse)
            let bo = b.matmul(Tensor(latent.offset).reshaped([m, 1])).scalars
            return Affine(matrix: (0..<m).map { Array(ao.scalars[($0 * m)..<(($0 + 1) * m)]) }, offset: bo)
          }
        }
      }
    }
    let total = Double(census.counts.reduce(0, +))
    var entries: [SymbolicModel.RegionEntry] = []
    for (i, r) in census.regions.enumerated() {
      let (a, b) = map.affine(r)
      let latent = Affine(matrix: (0..<m).map { Array(a[($0 * m)..<(($0 + 1) * m)]) }, offset: b)
      entries.append(.init(region: r, code: r.code, symbol: i, count: census.counts[i], frequency: Double(census.counts[i]) / total,
                           meanDwell: census.meanDwell[i], maxDwell: census.maxDwell[i], latent: latent, observed: toObserved(latent)))
    }
    let probabilities = census.probabilities
    var transitions: [SymbolicModel.Transition] = []
    for i in 0..<census.regions.count {
      for j in 0..<census.regions.count where census.transitions[i][j] > 0 {
        transitions.append(.init(from: census.regions[i], to: census.regions[j], count: census.transitions[i][j], probability: probabilities[i][j]))
      }
    }

    // Fixed points: every visited region, or every region.
    var search: [String: String] = ["max_cycle_order": "\(options.maxCycleOrder)", "seed": "\(options.seed)"]
    var fixedRegions = census.regions
    if options.exhaustive {
      fixedRegions = (0..<(1 << map.switchCount)).map { Region(code: $0, count: map.switchCount) }
    }
    // The most visited first; beyond the bound the rest are left out (and the output says so).
    let limit = options.maxRegions ?? regionLimit(dimension: m)
    let bounded = fixedRegions.count > limit
    if bounded { fixedRegions = Array(fixedRegions.prefix(limit)) }
    let fixedPoints = fixedRegions.enumerated().compactMap { k, region -> Cycle? in
      report.every { "fixed points: region \(k + 1) of \(fixedRegions.count)" }
      return finder.fixedPoint(of: region)
    }

    // Cycles: exhaustive when asked and feasible, otherwise SCYFI.
    var cycles: [Cycle] = []
    if options.maxCycleOrder >= 2 {
      if options.exhaustive, let all = finder.exhaustive(maxOrder: options.maxCycleOrder) {
        cycles = all.filter { $0.order >= 2 }
        search["method"] = "exhaustive over all region sequences"
      } else {
        cycles = finder.scyfi(maxOrder: options.maxCycleOrder, pool: regionPool(map, trajectory: trajectory, visited: census.regions, seed: options.seed),
                              seed: options.seed, progress: { order, attempt, found in
                                report.every { "cycles of order \(order): attempt \(attempt), \(found) found" }
                              }).filter { $0.order >= 2 }
        search["method"] = options.exhaustive
          ? "SCYFI (all \(map.switchCount)-bit sequences up to order \(options.maxCycleOrder) are too many for an exhaustive search)"
          : "SCYFI"
      }
    } else {
      search["method"] = "none (max cycle order 1: fixed points only)"
    }
    search["fixed_points"] = bounded
      ? "the \(limit) most visited of \(options.exhaustive ? "all \(1 << map.switchCount)" : "the \(census.regions.count) visited") regions (bounded: --max-regions \(limit))"
      : options.exhaustive ? "all \(fixedRegions.count) regions" : "the \(fixedRegions.count) visited regions"
    let symbolic = SymbolicModel(
      model: map.modelName, latentDim: m, observedDim: observation.observedDimension, observationModel: observation.kind.rawValue,
      switches: map.switchNames,
      trajectory: ["steps": "\(options.steps)", "transient": "\(options.transient)", "start": options.start],
      regionsUsed: census.regions.count,
      regionCounts: Dictionary(uniqueKeysWithValues: zip(census.regions.map(\.description), census.counts)),
      regions: entries, transitions: transitions,
      graphCycles: census.graphCycles(maxLength: max(options.maxCycleOrder, 2)).map { $0.map { census.regions[$0] } },
      fixedPoints: fixedPoints, cycles: cycles, search: search)
    return (symbolic, census)
  }
}

extension SymbolicAnalysis {
  /// Regions known to be non-empty, for SCYFI's random region sequences when not every bit
  /// pattern is a region (shallow and dendritic models): the visited ones plus the patterns of
  /// 10 000 seeded random points in the trajectory's bounding box enlarged by half its size
  /// (the reference samples 10⁷ points in [−10, 10]^M).
  static func regionPool(_ map: SwitchedAffineMap, trajectory: [[Double]], visited: [Region], seed: UInt64) -> [Region] {
    guard !map.unitSwitches else { return visited }
    let m = map.dimension
    let low = (0..<m).map { i in trajectory.map { $0[i] }.min() ?? -1 }
    let high = (0..<m).map { i in trajectory.map { $0[i] }.max() ?? 1 }
    var rng = RandomGenerator(seed: seed ^ 0x5eed)
    var pool = Set(visited)
    for _ in 0..<10_000 {
      let z = (0..<m).map { i -> Double in
        let span = Swift.max(high[i] - low[i], 1e-3)
        return rng.uniform(low[i] - span / 2, high[i] + span / 2)
      }
      pool.insert(map.pattern(z))
    }
    return visited + pool.subtracting(visited).sorted()
  }
}

/// Why a symbolic analysis cannot be made.
public enum SymbolicError: Error, CustomStringConvertible, Equatable {
  /// The model's trajectory became non-finite at `step`.
  case diverged(step: Int)
  /// An exhaustive search was asked for a model with more than 16 switches (the count).
  case tooManySwitches(Int)
  /// The trajectory visited more than `limit` regions (``SymbolicAnalysis/Options/maxVisitedRegions``)
  /// by `step` of `steps`.
  case tooManyRegions(step: Int, steps: Int, limit: Int)
  /// The problem and what to do instead.
  public var description: String {
    switch self {
    case .diverged(let t): return "the model's trajectory became non-finite at step \(t) (the model diverges from this start; give another --data)"
    case .tooManySwitches(let s): return "--exhaustive needs at most 16 switches (2^16 regions); this model has \(s) — use the SCYFI search (drop --exhaustive)"
    case .tooManyRegions(let step, let steps, let limit):
      return "the trajectory visits more than \(limit) linear subregions within its first \(step) of \(steps) steps "
        + "(a model with many switches rarely returns to a region), too many for the table of transitions between them — "
        + "give fewer --steps (e.g. --steps \(Swift.max(2, step - 1)))"
    }
  }
}

/// Hands a progress line to a callback at most every `interval` seconds (nothing without a callback).
final class Reporter: @unchecked Sendable {
  let sink: (@Sendable (String) -> Void)?
  let interval: Double
  var last = Date()

  init(_ sink: (@Sendable (String) -> Void)?, interval: Double) { (self.sink, self.interval) = (sink, interval) }

  /// Calls `line` and passes its text on when `interval` seconds have passed since the last line.
  func every(_ line: () -> String) {
    guard let sink else { return }
    let now = Date()
    guard now.timeIntervalSince(last) >= interval else { return }
    last = now
    sink(line())
  }
}
