import Foundation
import DSRTensor

/// Why a measure came out NaN, in a few words to print beside it: `NaN (generated coordinate 2
/// is constant: a fixed point)` instead of a bare `nan`.
///
/// D_H z-scores each coordinate, so a constant one (a model settled on a fixed point, or a
/// constant column of data) has no spectrum; the binned D_stsp is undefined when no generated
/// point lies inside the data's bins; PE(n) needs more than n rows and finite predictions.
public enum UndefinedMeasure {
  /// Why D_H of `x` (true) and `y` (generated) is undefined, or nil when nothing explains it.
  public static func powerSpectrum(true x: Tensor<Double>, generated y: Tensor<Double>) -> String? {
    guard x.shape[0] >= 2, y.shape[0] >= 2 else { return "fewer than 2 rows: no spectrum" }
    if let d = constantColumn(y) { return "generated coordinate \(d + 1) is constant: a fixed point" }
    if let d = constantColumn(x) { return "true coordinate \(d + 1) is constant: the data has no spectrum there" }
    if !y.scalars.allSatisfy(\.isFinite) { return "the generated trajectory became non-finite" }
    return nil
  }

  /// Why D_stsp of `x` (true) and `y` (generated) is undefined, or nil when nothing explains it.
  public static func stateSpace(true x: Tensor<Double>, generated y: Tensor<Double>) -> String? {
    guard x.shape[0] > 0, y.shape[0] > 0 else { return "an empty series" }
    if !y.scalars.allSatisfy(\.isFinite) { return "the generated trajectory became non-finite" }
    if let d = constantColumn(x) { return "true coordinate \(d + 1) is constant: its bins have no width" }
    return "no generated point lies in the true data's range: the generated series is elsewhere"
  }

  /// Why PE(n) on `rows` rows of data is undefined.
  public static func predictionError(rows: Int, steps: Int) -> String {
    rows <= steps ? "the data has \(rows) rows, PE(\(steps)) needs more than \(steps)" : "the model's \(steps)-step predictions became non-finite"
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
