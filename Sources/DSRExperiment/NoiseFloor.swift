import DSRMeasures
import DSRTensor

/// The noise floor beside a comparison: D_stsp and D_H between two non-overlapping stretches of
/// the data *of the comparison's length*, what a perfect model could reach at that length.
///
/// Both measures depend on the length (a shorter spectrum is noisier; fewer points fill fewer
/// bins), so a floor from half-length pieces beside a full-length score flatters nothing and
/// misleads: it sits higher than the floor that applies. The stretches are chosen in this order:
///
/// 1. rows `0..<T` and `T..<2T` of the first trajectory with at least 2T rows;
/// 2. the first T rows of two different trajectories with at least T rows each;
/// 3. when the data is too short for two stretches of T rows: the largest equal length L < T
///    (the two halves of one trajectory or the first L rows of two), and ``isFullLength`` is false so
///    the output says so.
///
/// Rows with NaN (gaps) in either stretch are gaps of both: the measures see the rows observed in
/// both.
public struct NoiseFloor: Sendable, Equatable {
  /// D_stsp of the first stretch against the second.
  public var dstsp: Double
  /// D_H of the two stretches.
  public var dh: Double
  /// The rows of each stretch.
  public var length: Int
  /// The length of the comparison the floor stands beside.
  public var comparisonLength: Int
  /// Which stretches, e.g. `test.npy rows 0..<1000 vs 1000..<2000`.
  public var stretches: String

  /// Whether the stretches are as long as the comparison.
  public var isFullLength: Bool { length == comparisonLength }

  /// `at 1000 rows (test.npy rows 0..<1000 vs 1000..<2000)`, or, when shorter than the
  /// comparison, `at 500 rows, not 1000: the data is too short for two stretches of 1000 rows (…)`.
  public var lengthText: String {
    isFullLength ? "at \(length) rows (\(stretches))"
      : "at \(length) rows, not \(comparisonLength): the data is too short for two stretches of \(comparisonLength) rows (\(stretches))"
  }

  /// The floor for a comparison of `length` rows from `trajectories` (named by `names`, one per
  /// trajectory) with the comparison's D_stsp estimator and D_H smoothing; nil when not even two
  /// stretches of 2 rows exist.
  public static func compute(
    trajectories: [Tensor<Double>], names: [String], length: Int, method: StateSpaceDivergence.Method, smoothing: Double, seed: UInt64 = 0
  ) -> NoiseFloor? {
    precondition(trajectories.count == names.count, "NoiseFloor: one name per trajectory")
    guard let (a, b, l, text) = stretches(trajectories, names: names, length: length), l >= 2 else { return nil }
    return measure(a, b, length: l, comparisonLength: length, stretches: text, method: method, smoothing: smoothing, seed: seed)
  }

  /// The floor between the first `l` rows of `a` and of `b`.
  static func measure(
    _ a: Tensor<Double>, _ b: Tensor<Double>, length l: Int, comparisonLength: Int, stretches text: String,
    method: StateSpaceDivergence.Method, smoothing: Double, seed: UInt64
  ) -> NoiseFloor? {
    // A gap of either stretch is a gap of both: the first is the "true" side (its NaN rows are
    // gaps to the measures), the second keeps only the rows both observed (D_stsp) or is zero-filled
    // where the first has its gaps (D_H reads only the gap-free stretches of the first).
    let (x, y) = (a.rows(0..<l), b.rows(0..<l))
    let n = x.shape[1]
    let both = zip(CompleteRows.completeMask(x), CompleteRows.completeMask(y)).map { $0 && $1 }
    guard both.filter({ $0 }).count >= 2 else { return nil }  // the stretches share no complete rows to compare
    func masked(_ t: Tensor<Double>, fill: Double) -> Tensor<Double> {
      var v = t.scalars
      for row in 0..<l where !both[row] { for d in 0..<n { v[row * n + d] = fill } }
      return Tensor(shape: [l, n], scalars: v)
    }
    let truth = masked(x, fill: .nan)
    let observed = CompleteRows.completeRows(masked(y, fill: .nan))
    let generated = masked(y, fill: 0)
    let dstsp = StateSpaceDivergence.divergence(true: truth, generated: observed, method: method, seed: seed)
    let dh = PowerSpectrumDistance.hellinger(true: truth, generated: generated, smoothing: smoothing)
    return NoiseFloor(dstsp: dstsp, dh: dh, length: l, comparisonLength: comparisonLength, stretches: text)
  }

  /// The two stretches (before cutting to the returned length) and how they were chosen.
  static func stretches(_ xs: [Tensor<Double>], names: [String], length: Int) -> (Tensor<Double>, Tensor<Double>, Int, String)? {
    func within(_ i: Int, _ l: Int) -> (Tensor<Double>, Tensor<Double>, Int, String) {
      (xs[i].rows(0..<l), xs[i].rows(l..<(2 * l)), l, "\(names[i]) rows 0..<\(l) vs \(l)..<\(2 * l)")
    }
    func across(_ i: Int, _ j: Int, _ l: Int) -> (Tensor<Double>, Tensor<Double>, Int, String) {
      (xs[i], xs[j], l, "the first \(l) rows of \(names[i]) vs \(names[j])")
    }
    if let i = xs.indices.first(where: { xs[$0].shape[0] >= 2 * length }) { return within(i, length) }
    let long = xs.indices.filter { xs[$0].shape[0] >= length }
    if long.count >= 2 { return across(long[0], long[1], length) }
    // Too short: the largest equal length below the comparison's.
    var best: (Tensor<Double>, Tensor<Double>, Int, String)? = nil
    for i in xs.indices {
      let half = xs[i].shape[0] / 2
      if half > (best?.2 ?? 0) { best = within(i, half) }
      for j in xs.indices where j > i {
        let l = Swift.min(xs[i].shape[0], xs[j].shape[0], length)
        if l > (best?.2 ?? 0) { best = across(i, j, l) }
      }
    }
    return best
  }
}
