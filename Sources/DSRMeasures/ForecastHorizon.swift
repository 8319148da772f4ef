import DSRModels
import DSRTensor

/// How long a forecast stays valid: error curves against the truth and the valid prediction time
/// (VPT), the yardstick of the chaos-forecasting literature (Gilpin 2023; Zhang & Gilpin 2025).
///
/// Two error curves, one value per forecast step:
/// - ``nrmse(truth:forecast:scale:)``: the root mean square over the N columns of the error
///   divided by each column's standard deviation (σ of the data), so 1 is an error of one
///   standard deviation in every coordinate. dsr's default VPT is the first step where it
///   exceeds 0.3.
/// - ``smape(truth:forecast:)``: the symmetric mean absolute percentage error,
///   100/N · Σⱼ 2|ŷⱼ − yⱼ| / (|ŷⱼ| + |yⱼ|) ∈ [0, 200] (0/0 counts 0); the protocol's VPT is the first
///   step where it exceeds 30. It depends on the origin of the units, so it must be computed in
///   the data's own units: on z-scored data every forecast ends at the first zero crossing.
///
/// ``validSteps(_:threshold:)`` counts the steps before the first exceedance: a forecast whose first
/// step is already off has VPT 0, one that never leaves the threshold within the horizon H has
/// VPT H (censored: "at least H"). A non-finite error counts as an exceedance.
public enum ForecastHorizon {
  /// The per-step NRMSE of `forecast` against `truth` (both H × N) with per-column scales σⱼ.
  public static func nrmse(truth: Tensor<Double>, forecast: Tensor<Double>, scale: [Double]) -> [Double] {
    precondition(truth.shape == forecast.shape && truth.rank == 2 && scale.count == truth.shape[1], "nrmse: H × N truth, forecast and N scales")
    let (h, n) = (truth.shape[0], truth.shape[1])
    return (0..<h).map { t in
      var sum = 0.0
      for j in 0..<n {
        let e = (forecast.scalars[t * n + j] - truth.scalars[t * n + j]) / scale[j]
        sum += e * e
      }
      let value = (sum / Double(n)).squareRoot()
      return value.isFinite ? value : .infinity
    }
  }

  /// The per-step sMAPE (percent, 0…200) of `forecast` against `truth` (both H × N).
  public static func smape(truth: Tensor<Double>, forecast: Tensor<Double>) -> [Double] {
    precondition(truth.shape == forecast.shape && truth.rank == 2, "smape: H × N truth and forecast")
    let (h, n) = (truth.shape[0], truth.shape[1])
    return (0..<h).map { t in
      var sum = 0.0
      for j in 0..<n {
        let (y, f) = (truth.scalars[t * n + j], forecast.scalars[t * n + j])
        let denominator = Swift.abs(y) + Swift.abs(f)
        guard f.isFinite else { return .infinity }
        if denominator > 0 { sum += 2 * Swift.abs(f - y) / denominator }
      }
      return 100 * sum / Double(n)
    }
  }

  /// The number of steps before `curve` first exceeds `threshold` (or is not finite); the curve's
  /// length when it never does.
  public static func validSteps(_ curve: [Double], threshold: Double) -> Int {
    curve.firstIndex { !($0 <= threshold) } ?? curve.count
  }

  /// The first quartile, the median and the third quartile of `values` (linear interpolation
  /// between order statistics, numpy's default percentile); NaN for no values.
  public static func quartiles(_ values: [Double]) -> (q1: Double, median: Double, q3: Double) {
    guard !values.isEmpty else { return (.nan, .nan, .nan) }
    let s = values.sorted()
    func percentile(_ p: Double) -> Double {
      let position = p * Double(s.count - 1)
      let low = Int(position.rounded(.down)), high = Swift.min(low + 1, s.count - 1)
      return s[low] + (position - Double(low)) * (s[high] - s[low])
    }
    return (percentile(0.25), percentile(0.5), percentile(0.75))
  }

  /// Forecast start points: `count` rows t spread evenly over the rows where a forecast can be
  /// scored — rows t − `before` … t + `after` all complete (no NaN) — in ascending order; all of
  /// them when there are at most `count`. Start i is the valid row with index ⌊i·K/count⌋ among
  /// the K valid rows.
  public static func starts(_ x: Tensor<Double>, before: Int, after: Int, count: Int) -> [Int] {
    precondition(x.rank == 2 && before >= 0 && after >= 1 && count >= 1, "starts: T × N data, before ≥ 0, after ≥ 1, count ≥ 1")
    let t = x.shape[0]
    guard t > before + after else { return [] }
    let windows = CompleteWindows.starts(x, steps: before + after)  // window [s, s + before + after]
    let valid = windows.indices.filter { windows[$0] }.map { $0 + before }
    guard valid.count > count else { return valid }
    return (0..<count).map { valid[$0 * valid.count / count] }
  }
}
