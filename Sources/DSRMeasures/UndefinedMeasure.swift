import Foundation
import DSRModels
import DSRTensor

/// Why a measure came out NaN, in a few words to print beside it: `NaN (fixed point: generated
/// spread 3e-07 of the data's std)` instead of a bare `nan`.
///
/// A dead free run — a fixed point or a divergent run — is recognised first by ``FreeRunHealth``
/// (its ``FreeRunHealth/reason`` is the note of D_stsp and D_H). Beyond that: D_H z-scores each
/// coordinate, so a constant one (a coordinate the model holds still, or a constant column of
/// data) has no spectrum, and true data with gaps needs a gap-free stretch of
/// ``PowerSpectrumDistance/minimumSegment`` rows; the binned D_stsp is undefined when no generated
/// point lies inside the data's bins; PE(n) needs n + 1 consecutive complete rows and finite
/// predictions.
public enum UndefinedMeasure {
  /// Why D_H of `x` (true, may have gap rows) and `y` (generated) is undefined, or nil when nothing
  /// explains it.
  public static func powerSpectrum(true x: Tensor<Double>, generated y: Tensor<Double>) -> String? {
    guard x.shape[0] >= 2, y.shape[0] >= 2 else { return "fewer than 2 rows: no spectrum" }
    if !y.scalars.allSatisfy(\.isFinite) { return "the generated trajectory became non-finite" }
    if CompleteRows.hasGaps(x), CompleteRows.segments(x, minimumLength: PowerSpectrumDistance.minimumSegment).isEmpty {
      return "the true data has no gap-free stretch of \(PowerSpectrumDistance.minimumSegment) rows: no spectrum"
    }
    if let d = constantColumn(y) { return "generated coordinate \(d + 1) is constant: it has no spectrum" }
    if let d = constantColumn(CompleteRows.completeRows(x)) { return "true coordinate \(d + 1) is constant: the data has no spectrum there" }
    return nil
  }

  /// Why D_stsp of `x` (true, may have gap rows) and `y` (generated) is undefined, or nil when
  /// nothing explains it; with `method`, also too many bins for the data
  /// (``StateSpaceDivergence/binCountProblem(_:dimension:points:)``).
  public static func stateSpace(true x: Tensor<Double>, generated y: Tensor<Double>, method: StateSpaceDivergence.Method? = nil) -> String? {
    guard x.shape[0] > 0, y.shape[0] > 0 else { return "an empty series" }
    if case .binned(let bins) = method, x.rank == 2, x.shape[1] >= 1,
       let problem = StateSpaceDivergence.binCountProblem(bins, dimension: x.shape[1], points: min(CompleteRows.completeRows(x).shape[0], y.shape[0])) {
      return problem
    }
    if !y.scalars.allSatisfy(\.isFinite) { return "the generated trajectory became non-finite" }
    let complete = CompleteRows.completeRows(x)
    guard complete.shape[0] > 0 else { return "the true data has no complete row" }
    if let d = constantColumn(complete) { return "true coordinate \(d + 1) is constant: its bins have no width" }
    return "no generated point lies in the true data's range: the generated series is elsewhere"
  }

  /// Why PE(n) on `rows` rows of complete data is undefined.
  public static func predictionError(rows: Int, steps: Int) -> String {
    rows <= steps ? "the data has \(rows) rows, PE(\(steps)) needs more than \(steps)" : "the model's \(steps)-step predictions became non-finite"
  }

  /// Why PE(n) on `x` (may have gap rows) is undefined.
  public static func predictionError(data x: Tensor<Double>, steps: Int) -> String {
    if x.shape[0] > steps, !CompleteWindows.starts(x, steps: steps).contains(true) {
      return "the data has no \(steps + 1) consecutive complete rows for PE(\(steps))"
    }
    return predictionError(rows: x.shape[0], steps: steps)
  }

  /// `value` in `format`, or, when it is not finite, `NaN (<reason>)` (`inf`, `-inf`; the bare
  /// name without a reason).
  public static func text(_ value: Double, format: String, reason: String?) -> String {
    guard !value.isFinite else { return String(format: format, value) }
    let name = value.isNaN ? "NaN" : value > 0 ? "inf" : "-inf"
    return reason.map { "\(name) (\($0))" } ?? name
  }

  /// The first column (0-based) whose values are all equal.
  static func constantColumn(_ x: Tensor<Double>) -> Int? {
    let (t, n) = (x.shape[0], x.shape[1])
    return (0..<n).first { d in (1..<t).allSatisfy { x.scalars[$0 * n + d] == x.scalars[d] } }
  }
}
