import DSRTensor
import Foundation

/// What a generated (free-running) trajectory does, judged against the true data's scale before any
/// measure is computed: a dead model must not receive a D_stsp or D_H.
///
/// A model whose free run settles on a fixed point still produces a "signal" in floating point:
/// rounding jitter of a few ulps. D_H z-scores each coordinate, which blows that jitter up into a
/// spectrum with sharp peaks and a finite, harmless-looking distance. The health check looks at the
/// free run with the data's per-column mean μ_d and sample std σ_d (complete rows only,
/// ``CompleteRows``) and returns, in this order:
///
/// 1. ``divergent(step:excess:)``: anywhere in the run (the dropped transient included), a
///    non-finite value or `|y_d − μ_d| > escapeMultiple·σ_d` (default 10³, as the orbit
///    classification of DSRDynamics);
/// 2. ``fixedPoint(spread:)``: over the tail (the last quarter of the compared rows, at least 8), every
///    column's sample std is below `fixedPointSpread·σ_d` (default 10⁻³);
/// 3. ``periodic(period:)``: the smallest k ≤ `maximalPeriod` (and ≤ a quarter of the tail) with
///    `|y_{t+k,d} − y_{t,d}| ≤ periodTolerance·s_d` for every tail row and column, s_d the tail's
///    own std of column d (default 10⁻³: the orbit repeats to a thousandth of its own size, so a
///    small slow oscillation is not mistaken for a cycle by a tolerance fixed to the data's
///    scale); the measures stay defined for cycles, the label is information;
/// 4. ``alive`` otherwise.
///
/// **Why 10⁻³.** Rounding jitter around a fixed point at y is a few float32 ulps, each
/// 2⁻²³·|y| ≈ 1.2·10⁻⁷·|y|: a fixed point within 100 σ of the data's centre (models work in
/// z-scored units, where the data's mean is 0) jitters by ±2 ulps with a spread of ≈ 2·10⁻⁵·σ
/// (±8 ulps: ≈ 10⁻⁴·σ), well below the tolerance. A genuine oscillation is called alive when its std
/// reaches 10⁻³·σ — a sine with amplitude 0.15 % of the data's std — which is far below anything D_H
/// or D_stsp can resolve in the data. Columns where the data is constant (σ_d = 0) are left out of
/// the fixed-point test and escape against the largest σ.
public enum FreeRunHealth: Equatable, Sendable {
  /// Bounded and moving, not a cycle.
  case alive
  /// Bounded, on a cycle of this period in steps (1 cannot occur: that is a fixed point).
  case periodic(period: Int)
  /// The tail stands still: `spread` is the largest column's tail std in units of the data's std.
  case fixedPoint(spread: Double)
  /// Left the data: at free-run step `step` a value is non-finite (`excess` is then ∞) or lies
  /// `excess` data stds from the data's mean.
  case divergent(step: Int, excess: Double)

  /// The tolerances of the check.
  public struct Settings: Sendable, Equatable {
    /// A value farther than this many data stds from the data's mean has diverged.
    public var escapeMultiple = 1e3
    /// A tail whose every column's std is below this fraction of the data's std is a fixed point.
    public var fixedPointSpread = 1e-3
    /// A tail that repeats after k steps within this fraction of its own std (per column) is a cycle.
    public var periodTolerance = 1e-3
    /// The longest period searched.
    public var maximalPeriod = 500

    /// The defaults: 10³, 10⁻³, 10⁻³ and 500.
    public init() {}
  }

  /// The true data's per-column centre and scale over its complete rows.
  public struct DataScale: Sendable, Equatable {
    /// Per-column mean.
    public var mean: [Double]
    /// Per-column sample standard deviation (divisor m − 1).
    public var std: [Double]

    /// The centre and scale of `data` (T × N; rows with NaN are gaps and left out).
    public init(data: Tensor<Double>) {
      mean = CompleteRows.columnMoments(data).map(\.mean)
      std = CompleteRows.columnStandardDeviations(data)
    }

    /// A scale given directly.
    public init(mean: [Double], std: [Double]) { (self.mean, self.std) = (mean, std) }
  }

  /// The health of the free run `generated` (T × N, one step per row) against `scale`: divergence
  /// is looked for in every row (a step is a row index), the fixed point and the cycle in the tail
  /// of the compared rows `comparedFrom..<T` (the rows after a dropped transient).
  public static func assess(
    _ generated: Tensor<Double>, scale: DataScale, comparedFrom first: Int = 0, settings: Settings = Settings()
  ) -> FreeRunHealth {
    precondition(generated.rank == 2 && generated.shape[1] == scale.std.count,
                 "FreeRunHealth: need a T × \(scale.std.count) trajectory, got \(generated.shape)")
    let (t, n) = (generated.shape[0], generated.shape[1])
    let y = generated.scalars
    let usable = scale.std.map { $0.isFinite && $0 > 0 }
    let largest = zip(scale.std, usable).filter(\.1).map(\.0).max() ?? 1
    let escapeScale = zip(scale.std, usable).map { $1 ? $0 : largest }
    for row in 0..<t {
      for d in 0..<n {
        let v = y[row * n + d]
        let centre = scale.mean[d].isFinite ? scale.mean[d] : 0
        let excess = Swift.abs(v - centre) / escapeScale[d]
        if !v.isFinite || excess > settings.escapeMultiple {
          return .divergent(step: row, excess: v.isFinite ? excess : .infinity)
        }
      }
    }
    let columns = (0..<n).filter { usable[$0] }
    let compared = t - Swift.min(Swift.max(first, 0), t)
    guard compared >= 2, !columns.isEmpty else { return .alive }
    let tail = Swift.min(compared, Swift.max(8, compared / 4))
    let start = t - tail
    // The tail's own std per column.
    let tailStd = (0..<n).map { d -> Double in
      var mean = 0.0
      for row in start..<t { mean += y[row * n + d] }
      mean /= Double(tail)
      var squares = 0.0
      for row in start..<t { squares += (y[row * n + d] - mean) * (y[row * n + d] - mean) }
      return (squares / Double(tail - 1)).squareRoot()
    }
    let spread = columns.map { tailStd[$0] / scale.std[$0] }.max() ?? 0
    if spread < settings.fixedPointSpread { return .fixedPoint(spread: spread) }
    let longest = Swift.min(settings.maximalPeriod, tail / 4)
    guard longest >= 2 else { return .alive }
    periods: for k in 2...longest {
      for row in start..<(t - k) {
        for d in 0..<n where Swift.abs(y[(row + k) * n + d] - y[row * n + d]) > settings.periodTolerance * tailStd[d] {
          continue periods
        }
      }
      return .periodic(period: k)
    }
    return .alive
  }

  /// Whether the measures of the state space and the spectrum are meaningless: a fixed point or a
  /// divergent run.
  public var isDead: Bool {
    switch self {
    case .fixedPoint, .divergent: return true
    case .alive, .periodic: return false
    }
  }

  /// A stable name for files: `alive`, `periodic`, `fixed_point`, `divergent`.
  public var name: String {
    switch self {
    case .alive: return "alive"
    case .periodic: return "periodic"
    case .fixedPoint: return "fixed_point"
    case .divergent: return "divergent"
    }
  }

  /// Why D_stsp and D_H are not computed, for a dead run: `fixed point: generated spread 3e-07 of
  /// the data's std`, `divergent at step 812: non-finite`, `divergent at step 90: 2.1e+03 data
  /// stds from the data's mean`; nil for a live one.
  public var reason: String? {
    switch self {
    case .alive, .periodic: return nil
    case .fixedPoint(let spread):
      return String(format: "fixed point: generated spread %.1g of the data's std", spread)
    case .divergent(let step, let excess):
      return excess.isFinite
        ? String(format: "divergent at step %d: %.2g data stds from the data's mean", step, excess)
        : "divergent at step \(step): non-finite"
    }
  }
}
