import DSRDynamics
import DSRMeasures
import DSRModels
import DSRTensor
import Foundation

/// Where a model's free runs go from several points of the training data: each orbit classified
/// (``OrbitClassification``) and checked against the data's range.
///
/// One free run can mislead: a model may wander chaotically from the first training point and
/// fall to a fixed point from another, or keep a bounded orbit far outside the data. The survey
/// starts ``defaultStarts`` free runs from rows spread evenly over all training trajectories
/// (the first is the first training point, the start of the monitoring's free run) and says
/// which share reaches what. A start is *alive* when its orbit neither diverges nor settles on a
/// fixed point and its tail stays within the data's range (at most ``rangeTolerance`` data widths
/// beyond it in every observed column); the model is alive when at least half of its starts are.
public struct OrbitSurvey: Sendable, Equatable {
  /// One free run.
  public struct Start: Sendable, Equatable {
    /// The training trajectory the start point was taken from.
    public var trajectory: Int
    /// Its row in that trajectory.
    public var row: Int
    /// The orbit's classification.
    public var orbit: OrbitClassification.Verdict
    /// How far the orbit's tail reaches beyond the data's range, in data widths (the largest over
    /// the observed columns; 0 within it); nil for a divergent orbit.
    public var rangeExcess: Double?

    /// A classified free run from row `row` of trajectory `trajectory`.
    public init(trajectory: Int, row: Int, orbit: OrbitClassification.Verdict, rangeExcess: Double?) {
      (self.trajectory, self.row, self.orbit, self.rangeExcess) = (trajectory, row, orbit, rangeExcess)
    }

    /// Whether the tail stays within the data's range (``OrbitSurvey/rangeTolerance``).
    public var withinDataRange: Bool { (rangeExcess ?? .infinity) <= OrbitSurvey.rangeTolerance }

    /// Neither divergent nor a fixed point, and within the data's range.
    public var isAlive: Bool {
      switch orbit.kind {
      case .divergent, .fixedPoint: return false
      case .cycle, .quasiPeriodic, .irregular: return withinDataRange
      }
    }

    /// Why the start is not alive, in words ("settles on a fixed point after 3100 steps"), nil if it is.
    public var death: String? {
      switch orbit.kind {
      case .divergent(let step): return "escapes to infinity at step \(step)"
      case .fixedPoint: return "settles on a fixed point" + (orbit.settledStep.map { " after \($0) steps" } ?? "")
      case .cycle, .quasiPeriodic, .irregular:
        guard !withinDataRange else { return nil }
        return "stays bounded but \(String(format: "%.1f", rangeExcess ?? .infinity)) data widths outside the data's range"
      }
    }
  }

  /// The free runs, the first from the first training point.
  public var starts: [Start]
  /// Steps of each free run.
  public var steps: Int
  /// The starts planned: more than ``starts`` holds when the survey stopped once most of them had died.
  public var planned: Int

  /// A survey of `starts`, each run for `steps` steps, out of `planned` (default: all of them).
  public init(starts: [Start], steps: Int, planned: Int? = nil) {
    (self.starts, self.steps, self.planned) = (starts, steps, planned ?? starts.count)
  }

  /// Free runs per model.
  public static let defaultStarts = 5
  /// A bounded orbit whose tail reaches more than this many data widths beyond the data's range
  /// (in some observed column) is not a reconstruction of the data.
  public static let rangeTolerance = 0.5
  /// The longest free run (steps).
  public static let maximalSteps = 1_000_000
  /// The most latent values a free run may hold (8 bytes each in float64, and as many again for
  /// the observations): long runs of large models are shortened to this, but not below
  /// ``TrainingVerdict/steps``.
  public static let maximalValues = 10_000_000

  /// Steps of each free run for training data whose longest trajectory has `rows` rows: ten times
  /// the data (the monitoring free-runs only as long as the data; a model can fall to a fixed
  /// point a few thousand steps later), at least ``TrainingVerdict/steps`` (a chaotic transient of
  /// 30 000 steps has been seen), at most ``maximalSteps`` and, above ``TrainingVerdict/steps``,
  /// ``maximalValues`` / `latent`.
  public static func steps(rows: Int, latent: Int) -> Int {
    let wanted = Swift.min(Swift.max(10 * rows, TrainingVerdict.steps), maximalSteps)
    return Swift.min(wanted, Swift.max(TrainingVerdict.steps, maximalValues / Swift.max(latent, 1)))
  }

  /// `count` start points spread evenly over the rows of all trajectories (given by their
  /// lengths), in order: global row ⌊k·R/count⌋ for k = 0…count−1 of the R rows; the first is
  /// row 0 of trajectory 0. Fewer when there are fewer rows.
  public static func startPoints(lengths: [Int], count: Int) -> [(trajectory: Int, row: Int)] {
    let total = lengths.reduce(0, +)
    let n = Swift.min(count, total)
    guard n > 0 else { return [] }
    return (0..<n).map { k in
      var g = k * total / n
      var i = 0
      while g >= lengths[i] { g -= lengths[i]; i += 1 }
      return (i, g)
    }
  }

  /// Runs `system` freely from ``startPoints(lengths:count:)`` of `trajectories` (training data
  /// in the model's units, `T × N` each) for `steps` steps each and classifies every orbit.
  ///
  /// The classification's scale is the data's largest column standard deviation (1 for z-scored
  /// data). With `stopWhenDead`, the survey stops once more than half of `starts` are dead (the
  /// model is dead whatever the rest do), to keep rejecting a checkpoint cheap.
  public static func survey<S: BLASScalar>(
    _ system: ReconstructedSystem<S>, trajectories: [Tensor<S>], starts count: Int = defaultStarts, steps: Int, stopWhenDead: Bool = false
  ) throws -> OrbitSurvey {
    let n = system.observedDimension
    var lower = [Double](repeating: .infinity, count: n), upper = [Double](repeating: -.infinity, count: n)
    var sum = [Double](repeating: 0, count: n), squares = [Double](repeating: 0, count: n), rows = 0
    // Rows with a NaN are gaps: left out of the range and the scale, never a start.
    let complete = trajectories.map { CompleteRows.completeMask($0.converted(to: Double.self)) }
    for (x, mask) in zip(trajectories, complete) {
      let t = x.shape[0]
      x.scalars.withUnsafeBufferPointer { p in
        for r in 0..<t where mask[r] {
          for j in 0..<n {
            let v = Double(p[r * n + j])
            (lower[j], upper[j]) = (Swift.min(lower[j], v), Swift.max(upper[j], v))
            sum[j] += v
            squares[j] += v * v
          }
        }
      }
      rows += mask.filter { $0 }.count
    }
    let scale = (0..<n).map { j -> Double in
      let mean = sum[j] / Double(Swift.max(rows, 1))
      return (Swift.max(squares[j] / Double(Swift.max(rows, 1)) - mean * mean, 0)).squareRoot()
    }.max().map { $0 > 0 ? $0 : 1 } ?? 1
    // A start in a gap moves on to the next complete row of its trajectory (none: dropped).
    let points = startPoints(lengths: trajectories.map { $0.shape[0] }, count: count).compactMap { (i, r) -> (Int, Int)? in
      (r..<complete[i].count).first { complete[i][$0] }.map { (i, $0) }
    }
    var result: [Start] = []
    for (i, r) in points {
      let x1 = trajectories[i].rows(r..<(r + 1)).reshaped([n])
      let (latent, observed) = try system.generate(from: x1, steps: steps)
      let orbit = OrbitClassification.classify(latent, scale: scale) {
        let last = latent.rows((steps - 1)..<steps).reshaped([system.latentDimension])
        let options = LyapunovSpectrum.Options(steps: 10_000, transient: 0, count: 1)
        return LyapunovSpectrum.compute(system.model, from: last, options: options).maximal
      }
      var excess: Double? = nil
      if case .divergent = orbit.kind {} else {
        excess = rangeExcess(observed, from: steps - Swift.max(4, Int((Double(steps) * OrbitClassification.Settings().tailFraction).rounded())),
                             lower: lower, upper: upper)
      }
      result.append(Start(trajectory: i, row: r, orbit: orbit, rangeExcess: excess))
      if stopWhenDead, 2 * result.filter({ !$0.isAlive }).count > points.count { break }
    }
    return OrbitSurvey(starts: result, steps: steps, planned: points.count)
  }

  /// The largest distance of rows `start…` of `observed` beyond [lower, upper], per column in
  /// units of the column's width, over the columns (0 when every value lies within).
  static func rangeExcess<S: BLASScalar>(_ observed: Tensor<S>, from start: Int, lower: [Double], upper: [Double]) -> Double {
    let (t, n) = (observed.shape[0], observed.shape[1])
    var excess = 0.0
    observed.scalars.withUnsafeBufferPointer { p in
      for j in 0..<n {
        let width = Swift.max(upper[j] - lower[j], 1e-12)
        for r in Swift.max(start, 0)..<t {
          let v = Double(p[r * n + j])
          excess = Swift.max(excess, (lower[j] - v) / width, (v - upper[j]) / width)
        }
      }
    }
    return excess
  }

  /// How many starts are alive.
  public var livingCount: Int { starts.filter(\.isAlive).count }

  /// At least half of the starts are alive (and there is at least one start).
  public var isAlive: Bool { !starts.isEmpty && 2 * livingCount >= starts.count }

  /// The starts grouped by what they reach (kind, period, within the data's range or not), the
  /// largest group first (ties: the group of the earlier start).
  public var groups: [[Start]] {
    var keys: [String] = [], members: [String: [Start]] = [:]
    for s in starts {
      let key: String
      switch s.orbit.kind {
      case .divergent: key = "divergent"
      case .fixedPoint: key = "fixed"
      case .cycle(let p): key = "cycle \(p) \(s.withinDataRange)"
      case .quasiPeriodic: key = "quasi \(s.withinDataRange)"
      case .irregular: key = "irregular \(s.withinDataRange)"
      }
      if members[key] == nil { keys.append(key) }
      members[key, default: []].append(s)
    }
    return keys.enumerated().sorted { (members[$0.1]!.count, -$0.0) > (members[$1.1]!.count, -$1.0) }.map { members[$0.1]! }
  }

  /// What a group of starts reaches: "an irregular (chaos-like) orbit within the data's range
  /// (λ_max = 0.0091 per step)", "a fixed point after a transient of up to 5532 steps", ….
  static func phrase(_ group: [Start]) -> String {
    let first = group[0]
    var text = first.orbit.kind.phrase
    switch first.orbit.kind {
    case .divergent:
      let steps = group.compactMap { s -> Int? in if case .divergent(let step) = s.orbit.kind { return step } else { return nil } }
      if steps.count > 1 { text = "divergence (the free runs escape to infinity by step \(steps.max()!))" }
    case .fixedPoint, .cycle:
      if let settled = group.compactMap(\.orbit.settledStep).max(), settled >= TrainingVerdict.longTransient {
        text += " after a transient of \(group.count > 1 ? "up to " : "")\(settled) steps"
      }
      if case .cycle = first.orbit.kind { text += first.withinDataRange ? " within the data's range" : outside(group) }
    case .quasiPeriodic, .irregular:
      text += first.withinDataRange ? " within the data's range" : outside(group)
      let exponents = group.compactMap(\.orbit.largestExponent)
      if case .irregular = first.orbit.kind, let lo = exponents.min(), let hi = exponents.max() {
        let range = lo == hi || String(format: "%.2g", lo) == String(format: "%.2g", hi)
          ? String(format: "%.3g", hi) : String(format: "%.2g–%.2g", lo, hi)
        text += " (λ_max = \(range) per step)"
      }
    }
    return text
  }

  static func outside(_ group: [Start]) -> String {
    " far outside the data's range (up to \(String(format: "%.1f", group.compactMap(\.rangeExcess).max() ?? .infinity)) data widths beyond it)"
  }

  /// The shares in words: "all 5 starts: an irregular (chaos-like) orbit within the data's range
  /// (λ_max = 0.012 per step)" or "4 of 5 starts: …; 1: a fixed point".
  public var summary: String {
    let groups = self.groups
    guard let first = groups.first else { return "no start" }
    if groups.count == 1 {
      return (starts.count == 1 ? "the one start: " : "all \(starts.count) starts: ") + Self.phrase(first)
    }
    return groups.enumerated().map { i, g in
      (i == 0 ? "\(g.count) of \(starts.count) starts: " : "\(g.count): ") + Self.phrase(g)
    }.joined(separator: "; ")
  }

  /// Why a model whose survey is not alive was rejected, e.g. "its free run settles on a fixed
  /// point after 3100 steps (5 of 5 starts)"; nil for a living survey.
  public var rejection: String? {
    guard !isAlive else { return nil }
    var parts: [String] = []
    func share(_ group: [Start]) -> String {
      " (\(group.count) of \(starts.count) start\(starts.count == 1 ? "" : "s")" + (planned > starts.count ? "; the other \(planned - starts.count) not run" : "") + ")"
    }
    let fixed = starts.filter { if case .fixedPoint = $0.orbit.kind { return true } else { return false } }
    if !fixed.isEmpty {
      let settled = fixed.compactMap(\.orbit.settledStep)
      let after = settled.isEmpty ? "" : settled.min() == settled.max() ? " after \(settled[0]) steps" : " after \(settled.min()!)–\(settled.max()!) steps"
      parts.append("settles on a fixed point" + after + share(fixed))
    }
    let escaped = starts.compactMap { s -> Int? in if case .divergent(let step) = s.orbit.kind { return step } else { return nil } }
    if !escaped.isEmpty {
      parts.append("escapes to infinity " + (escaped.count == 1 ? "at step \(escaped[0])" : "by step \(escaped.max()!)")
                   + share(starts.filter { if case .divergent = $0.orbit.kind { return true } else { return false } }))
    }
    let outside = starts.filter { $0.death != nil && $0.rangeExcess != nil && !$0.withinDataRange }
      .filter { if case .fixedPoint = $0.orbit.kind { return false } else { return true } }
    if !outside.isEmpty {
      parts.append("stays bounded but up to \(String(format: "%.1f", outside.compactMap(\.rangeExcess).max()!)) data widths outside the data's range" + share(outside))
    }
    return "its free run " + parts.joined(separator: "; ")
  }
}

extension OrbitSurvey {
  /// The starts as recorded in metrics.jsonl (``RunEvent/VerdictRecord/starts``).
  public var records: [RunEvent.VerdictRecord.Start] {
    starts.map { s in
      var r = RunEvent.VerdictRecord.Start(trajectory: s.trajectory, row: s.row, orbit: s.orbit.kind.name, settledStep: s.orbit.settledStep,
                                           lambdaMax: s.orbit.largestExponent, rangeExcess: s.rangeExcess)
      switch s.orbit.kind {
      case .cycle(let period): r.period = period
      case .divergent(let step): r.escapeStep = step
      default: break
      }
      return r
    }
  }

  /// A survey read back from its records (``steps`` unknown: 0); nil when a record names an
  /// orbit kind this version does not know.
  public init?(records: [RunEvent.VerdictRecord.Start]) {
    var starts: [Start] = []
    for r in records {
      let kind: OrbitClassification.Kind
      switch r.orbit {
      case "divergent": kind = .divergent(step: r.escapeStep ?? 0)
      case "fixed_point": kind = .fixedPoint
      case "cycle": kind = .cycle(period: r.period ?? 0)
      case "quasi_periodic": kind = .quasiPeriodic
      case "irregular": kind = .irregular
      default: return nil
      }
      starts.append(Start(trajectory: r.trajectory, row: r.row,
                          orbit: .init(kind: kind, largestExponent: r.lambdaMax, settledStep: r.settledStep), rangeExcess: r.rangeExcess))
    }
    self.init(starts: starts, steps: 0)
  }
}
