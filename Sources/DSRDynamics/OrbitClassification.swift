import DSRTensor
import Foundation

/// What a free-running orbit of a discrete map became: divergence, a fixed point, a cycle of
/// period k, a quasi-periodic orbit, or an irregular (chaos-like) orbit.
///
/// The classification looks at the tail of a long trajectory (the last ``Settings/tailFraction``
/// of its rows, after the transient has died out):
///
/// 1. **divergent**: a non-finite state anywhere, or a state whose largest entry exceeds
///    ``Settings/escapeRadius``·scale;
/// 2. **fixed point**: every coordinate moves by at most ``Settings/tolerance``·scale over the
///    tail;
/// 3. **cycle of period k**: the smallest k ≤ ``Settings/maximalPeriod`` with
///    `max_t ‖z_{t+k} − z_t‖_∞ ≤ tolerance·scale` over the tail (a stable cycle of a
///    piecewise-linear map is reached exactly, up to rounding);
/// 4. otherwise the largest Lyapunov exponent decides: **irregular** (chaos-like) when it exceeds
///    ``Settings/chaosThreshold`` per step, **quasi-periodic** (an invariant circle or torus:
///    bounded, not periodic, λ_max ≈ 0) otherwise.
///
/// `scale` is the size of the data the orbit lives on (1 for z-scored data).
public enum OrbitClassification {
  /// The kind of orbit.
  public enum Kind: Equatable, Sendable {
    /// The orbit escaped to infinity (or became non-finite) at the given step.
    case divergent(step: Int)
    /// The orbit settled on a fixed point.
    case fixedPoint
    /// The orbit settled on a cycle of this period (≥ 2) in steps.
    case cycle(period: Int)
    /// Bounded, not periodic, largest exponent ≈ 0: an invariant circle or torus.
    case quasiPeriodic
    /// Bounded, not periodic, positive largest exponent: chaos-like.
    case irregular

    /// A stable name for files: `divergent`, `fixed_point`, `cycle`, `quasi_periodic`, `irregular`.
    public var name: String {
      switch self {
      case .divergent: return "divergent"
      case .fixedPoint: return "fixed_point"
      case .cycle: return "cycle"
      case .quasiPeriodic: return "quasi_periodic"
      case .irregular: return "irregular"
      }
    }

    /// Words for a person: "a fixed point", "a cycle of period 12", ….
    public var phrase: String {
      switch self {
      case .divergent(let step): return "divergence (the free run escapes to infinity at step \(step))"
      case .fixedPoint: return "a fixed point"
      case .cycle(let period): return "a cycle of period \(period)"
      case .quasiPeriodic: return "a quasi-periodic orbit (bounded, not periodic, λ_max ≈ 0)"
      case .irregular: return "an irregular (chaos-like) orbit"
      }
    }
  }

  /// Thresholds of the classification.
  public struct Settings: Sendable, Equatable {
    /// The share of the trajectory's rows examined (the tail).
    public var tailFraction = 0.25
    /// Relative tolerance for "not moving" and "back where it was".
    public var tolerance = 1e-5
    /// A state beyond this multiple of the scale has escaped.
    public var escapeRadius = 1e3
    /// The longest period searched (in steps); also capped at a quarter of the tail.
    public var maximalPeriod = 2000
    /// λ_max (per step) above which a bounded aperiodic orbit is called irregular.
    public var chaosThreshold = 1e-3

    /// The default settings.
    public init() {}
  }

  /// The verdict on one orbit.
  public struct Verdict: Sendable, Equatable {
    /// What the orbit does.
    public var kind: Kind
    /// The largest Lyapunov exponent per step, when it was computed (bounded aperiodic orbits).
    public var largestExponent: Double?
    /// For a fixed point or a cycle: the first step from which the orbit stays on it (every later
    /// state returns within the tolerance after one period), so a long transient shows.
    public var settledStep: Int? = nil

    /// A verdict of `kind`, with λ_max when it was computed and the step the orbit settled at.
    public init(kind: Kind, largestExponent: Double?, settledStep: Int? = nil) {
      (self.kind, self.largestExponent, self.settledStep) = (kind, largestExponent, settledStep)
    }
  }

  /// Classifies the orbit `trajectory` (T × M, one state per row), calling `largestExponent`
  /// (per step) only when the orbit is bounded and aperiodic.
  public static func classify<S: BLASScalar>(
    _ trajectory: Tensor<S>, scale: Double = 1, settings: Settings = Settings(), largestExponent: () -> Double
  ) -> Verdict {
    precondition(trajectory.rank == 2 && trajectory.shape[0] >= 8, "classify: need a T × M trajectory with T ≥ 8")
    let (t, m) = (trajectory.shape[0], trajectory.shape[1])
    let x = trajectory.scalars
    let radius = settings.escapeRadius * scale
    for row in 0..<t {
      for j in 0..<m {
        let v = Double(x[row * m + j])
        if !v.isFinite || Swift.abs(v) > radius { return Verdict(kind: .divergent(step: row), largestExponent: nil) }
      }
    }
    let tail = Swift.max(4, Int((Double(t) * settings.tailFraction).rounded()))
    let start = t - tail
    let tolerance = settings.tolerance * scale
    var spread = 0.0
    for j in 0..<m {
      var lo = Double.infinity, hi = -Double.infinity
      for row in start..<t {
        let v = Double(x[row * m + j])
        lo = Swift.min(lo, v)
        hi = Swift.max(hi, v)
      }
      spread = Swift.max(spread, hi - lo)
    }
    if spread <= tolerance {
      return Verdict(kind: .fixedPoint, largestExponent: nil, settledStep: settled(x, m: m, rows: t, lag: 1, tolerance: tolerance))
    }
    let longest = Swift.min(settings.maximalPeriod, tail / 4)
    if longest >= 1 {
      for k in 1...longest where returns(x, m: m, from: start, to: t, lag: k, tolerance: tolerance) {
        return Verdict(kind: .cycle(period: k), largestExponent: nil, settledStep: settled(x, m: m, rows: t, lag: k, tolerance: tolerance))
      }
    }
    let lambda = largestExponent()
    return Verdict(kind: lambda > settings.chaosThreshold ? .irregular : .quasiPeriodic, largestExponent: lambda)
  }

  /// The first row r₀ with `‖z_{r+k} − z_r‖_∞ ≤ tolerance` for every r ≥ r₀ (scanning back from the end).
  static func settled<S: BLASScalar>(_ x: [S], m: Int, rows t: Int, lag k: Int, tolerance: Double) -> Int {
    x.withUnsafeBufferPointer { p in
      var row = t - k - 1
      while row >= 0 {
        for j in 0..<m where Swift.abs(Double(p[(row + k) * m + j]) - Double(p[row * m + j])) > tolerance { return row + 1 }
        row -= 1
      }
      return 0
    }
  }

  /// Whether `‖z_{r+k} − z_r‖_∞ ≤ tolerance` for every row r of [start, end − k).
  static func returns<S: BLASScalar>(_ x: [S], m: Int, from start: Int, to end: Int, lag k: Int, tolerance: Double) -> Bool {
    x.withUnsafeBufferPointer { p in
      for row in start..<(end - k) {
        for j in 0..<m where Swift.abs(Double(p[(row + k) * m + j]) - Double(p[row * m + j])) > tolerance { return false }
      }
      return true
    }
  }
}
