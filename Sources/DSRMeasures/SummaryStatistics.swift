import Foundation

/// Summary statistics of one measure over independent runs, as the reference's `statistics.csv`
/// (gtf-shplrnn.md §3.4): non-finite values (diverged or failed runs) are left out first and
/// their share is reported separately.
public struct SummaryStatistics: Sendable, Equatable, Codable {
  /// The number of runs, and of runs with a finite value.
  public var runs: Int
  /// Runs with a finite value.
  public var finite: Int
  /// The mean of the finite values.
  public var mean: Double
  /// Sample standard deviation (divisor n − 1; NaN for fewer than two values).
  public var std: Double
  /// Standard error of the mean, std/√n.
  public var sem: Double
  /// The median of the finite values.
  public var median: Double
  /// The raw median absolute deviation from the median (not scaled by 1.4826), as in the papers'
  /// "median ± MAD".
  public var mad: Double
  /// The fraction of runs whose value is not finite (the reference's `outlier_ratio`).
  public var nonFiniteRatio: Double

  /// Statistics of `values`, one per run; NaN or ±∞ marks a run without a usable value.
  public init(_ values: [Double]) {
    let xs = values.filter(\.isFinite)
    runs = values.count
    finite = xs.count
    nonFiniteRatio = values.isEmpty ? .nan : Double(values.count - xs.count) / Double(values.count)
    guard !xs.isEmpty else {
      (mean, std, sem, median, mad) = (.nan, .nan, .nan, .nan, .nan)
      return
    }
    let n = Double(xs.count)
    let average = xs.reduce(0, +) / n
    mean = average
    std = xs.count > 1 ? (xs.reduce(0) { $0 + ($1 - average) * ($1 - average) } / (n - 1)).squareRoot() : .nan
    sem = std / n.squareRoot()
    median = Self.median(xs)
    let m = median
    mad = Self.median(xs.map { Swift.abs($0 - m) })
  }

  /// The median (mean of the two middle values for an even count).
  public static func median(_ xs: [Double]) -> Double {
    guard !xs.isEmpty else { return .nan }
    let s = xs.sorted()
    let k = s.count / 2
    return s.count % 2 == 1 ? s[k] : (s[k - 1] + s[k]) / 2
  }
}
