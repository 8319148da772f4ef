import DSRTensor
import Foundation

/// The state-space divergence D_stsp = KL(p_true ‖ p_generated) between the invariant measures of
/// two trajectories (gtf-shplrnn.md §3.1).
public enum StateSpaceDivergence {
  /// Which estimator: the reference uses binning for N < 6 and the Gaussian mixture otherwise.
  public enum Method: Equatable, Sendable {
    /// Histograms with `bins` bins per dimension over the true data's range.
    case binned(bins: Int)
    /// Gaussian mixtures centred on the trajectories' points, with variance σ² = `scaling`.
    case gaussianMixture(scaling: Double)

    /// The reference's choice for N observed dimensions.
    public static func reference(dimension n: Int, bins: Int, scaling: Double) -> Method {
      n < 6 ? .binned(bins: bins) : .gaussianMixture(scaling: scaling)
    }

    /// `binned` or `gmm`, for reports.
    public var name: String {
      switch self {
      case .binned: return "binned"
      case .gaussianMixture: return "gmm"
      }
    }
  }

  /// D_stsp by `method`: ``binned(true:generated:bins:)`` or ``gaussianMixture(true:generated:scaling:seed:)``
  /// with `seed` (unused by the binned estimator).
  public static func divergence(true x: Tensor<Double>, generated y: Tensor<Double>, method: Method, seed: UInt64 = 0) -> Double {
    switch method {
    case .binned(let bins): return binned(true: x, generated: y, bins: bins)
    case .gaussianMixture(let s): return gaussianMixture(true: x, generated: y, scaling: s, seed: seed)
    }
  }

  /// The Laplace smoothing constant of the binned estimator.
  public static let smoothing = 1e-5

  /// The most bins per dimension for which the binned estimator still measures the data:
  /// the largest `b` with `10⁻⁵ · b^N ≤ T`, and at most ``maximumBins``.
  ///
  /// The smoothing adds 10⁻⁵ pseudo-counts to each of the `b^N` cells. Once that mass exceeds the
  /// `T` points counted, both histograms are mostly smoothing, each ratio `p_i/q_i` tends to 1 and
  /// D_stsp tends to 0 for *any* pair: on Lorenz-63 with T = 3000 a near-fixed-point model reads
  /// 12.8 at 30 bins, 2.7 at 1000 and 0.0000 at 100 000, and would win a model selection. The
  /// bound keeps the data at least half of each histogram's mass (30 bins need T ≥ 0.27 for
  /// N = 3 and T ≥ 243 for N = 5), and it keeps the cell index `b^N ≤ 10⁵·T` far inside `Int`.
  /// The edges of every dimension are kept in memory, so `b` is also capped at ``maximumBins``
  /// (for N = 1 the smoothing rule alone would allow 10¹⁰ bins, 80 GB of edges, for 10⁵ points).
  /// - Parameters:
  ///   - n: the observed dimension N (≥ 1).
  ///   - t: the number of points of the shorter series (≥ 1).
  public static func largestBinCount(dimension n: Int, points t: Int) -> Int {
    precondition(n >= 1, "D_stsp: dimension must be ≥ 1")
    let limit = Double(Swift.max(t, 1)) * (1 / smoothing).rounded()  // T·10⁵, exact for integer T
    func fits(_ b: Int) -> Bool { Foundation.pow(Double(b), Double(n)) <= limit }
    var b = Swift.max(Int(Foundation.pow(limit, 1 / Double(n))), 1)
    while fits(b + 1) { b += 1 }
    while b > 1 && !fits(b) { b -= 1 }
    return Swift.min(b, maximumBins)
  }

  /// The most bins per dimension dsr ever uses: 10⁷ (80 MB of edges per dimension), far beyond
  /// what any series resolves (a bin then holds at most one point in ten thousand series rows).
  public static let maximumBins = 10_000_000

  /// Why `bins` bins per dimension cannot measure `points` points in N dimensions (see
  /// ``largestBinCount(dimension:points:)``), or nil when they can.
  public static func binCountProblem(_ bins: Int, dimension n: Int, points: Int) -> String? {
    guard bins >= 1 else { return "bins must be at least 1, got \(bins)" }
    let largest = largestBinCount(dimension: n, points: points)
    guard bins > largest else { return nil }
    let cells = Foundation.pow(Double(bins), Double(n))
    if cells * smoothing <= Double(Swift.max(points, 1)) {
      // Within the smoothing rule, beyond the edges dsr keeps (N = 1 with many points).
      return "\(bins) bins per dimension are more than dsr keeps edges for (at most \(maximumBins), 80 MB per dimension); "
        + "at most \(largest) bins per dimension measure N = \(n) with \(points) points"
    }
    return "\(bins) bins per dimension make \(bins)^\(n) = \(String(format: "%.3g", cells)) cells for \(points) points: "
      + "the smoothing (10⁻⁵ per cell) would outweigh the data and D_stsp would read ≈ 0 for any model; "
      + "at most \(largest) bins per dimension measure N = \(n) with \(points) points"
  }

  /// The binned estimator.
  ///
  /// Per dimension d, with σ_d the sample standard deviation (n − 1) of the true data, the range
  /// `[min − 0.1σ_d, max + 0.1σ_d]` of the *true* data is cut into `bins` equal, left-closed bins
  /// (edges as numpy's `linspace`); points outside the range in any dimension are dropped. Both
  /// histograms are Laplace-smoothed separately, `p_i = (c_i + 10⁻⁵)/(Σc + 10⁻⁵·bins^N)`, and
  /// `D = Σ_i p_i ln(p_i/q_i)` over all bins^N cells. Counts are 64-bit (the reference's 16-bit
  /// counts wrap above 65 535) and only occupied cells are stored, so memory grows with the
  /// number of occupied cells, not with bins^N: N = 10 with 30 bins works. Returns NaN when no
  /// generated point falls inside the range, and when `bins` exceeds
  /// ``largestBinCount(dimension:points:)`` for the shorter series (the value would mean nothing;
  /// callers that take `bins` from a user check ``binCountProblem(_:dimension:points:)`` first).
  /// Rows of the true data with NaN are gaps (``CompleteRows``): only its complete rows are used.
  public static func binned(true data: Tensor<Double>, generated y: Tensor<Double>, bins: Int) -> Double {
    precondition(data.rank == 2 && y.rank == 2 && data.shape[1] == y.shape[1], "D_stsp: need T × N and T' × N, got \(data.shape), \(y.shape)")
    let x = CompleteRows.completeRows(data)
    precondition(bins >= 1, "D_stsp: bins must be ≥ 1")
    guard x.shape[0] >= 2 else { return .nan }  // no range to bin (the data are nearly all gaps)
    let n = x.shape[1]
    guard n >= 1, binCountProblem(bins, dimension: n, points: Swift.min(x.shape[0], y.shape[0])) == nil else { return .nan }
    let rows = Double(x.shape[0])
    let sigma = (x.variance(alongAxis: 0) * (rows / (rows - 1))).sqrt()  // sample std (n − 1)
    let low = x.min(alongAxis: 0), high = x.max(alongAxis: 0)
    let edges: [[Double]] = (0..<n).map { d in
      let lo = low[d] - 0.1 * sigma[d], hi = high[d] + 0.1 * sigma[d]
      let step = (hi - lo) / Double(bins)
      var e = (0...bins).map { lo + Double($0) * step }
      e[bins] = hi
      return e
    }
    // Cells are numbered row-major; bins^N ≤ 10⁵·T (checked above) fits in an Int.
    func histogram(_ data: Tensor<Double>) -> (counts: [Int: Int], total: Int) {
      var counts: [Int: Int] = [:]
      var total = 0
      data.scalars.withUnsafeBufferPointer { v in
        rows: for t in 0..<data.shape[0] {
          var cell = 0
          for d in 0..<n {
            let value = v[t * n + d]
            let e = edges[d]
            guard value >= e[0] && value < e[bins] else { continue rows }
            // The last edge ≤ value (binary search; left-closed bins).
            var (a, b) = (0, bins)
            while b - a > 1 {
              let mid = (a + b) / 2
              if e[mid] <= value { a = mid } else { b = mid }
            }
            cell = cell * bins + a
          }
          counts[cell, default: 0] += 1
          total += 1
        }
      }
      return (counts, total)
    }
    let p = histogram(x), q = histogram(y)
    guard q.total > 0 else { return .nan }
    let cells = Foundation.pow(Double(bins), Double(n))
    let a = smoothing
    let pNorm = Double(p.total) + a * cells, qNorm = Double(q.total) + a * cells
    var divergence = 0.0
    var occupied = 0.0
    // In cell order, so the floating-point sum does not depend on the dictionaries' hash order.
    for key in Set(p.counts.keys).union(q.counts.keys).sorted() {
      let pi = (Double(p.counts[key] ?? 0) + a) / pNorm
      let qi = (Double(q.counts[key] ?? 0) + a) / qNorm
      divergence += pi * Foundation.log(pi / qi)
      occupied += 1
    }
    // Every cell empty in both histograms contributes the same term.
    let p0 = a / pNorm, q0 = a / qNorm
    divergence += (cells - occupied) * p0 * Foundation.log(p0 / q0)
    return divergence
  }

  /// The Gaussian-mixture estimator (Hershey & Olsen 2007) at given sample points.
  ///
  /// With one isotropic Gaussian of variance σ² per time point, `ln p(s) = logsumexp_t(−‖s − x_t‖²/2σ²)
  /// − ln T − N ln σ` (the (2π)^{N/2} cancels), computed in log-space so it cannot underflow in high
  /// dimension, and `D = mean_i [ln p(s_i) − ln q(s_i)]`. Uses the first `min(T, maxLength)` rows of
  /// each series; each mixture is normalised by its own length, so a generated series shorter than
  /// the true one gives a valid (noisier) estimate. NaN when either series is empty. Rows of the
  /// true data with NaN are gaps: only its complete rows are centres.
  public static func gaussianMixture(
    true data: Tensor<Double>, generated y: Tensor<Double>, scaling sigmaSquared: Double, samples: Tensor<Double>,
    maxLength: Int = 10_000
  ) -> Double {
    let x = CompleteRows.completeRows(data)
    let trueLength = Swift.min(x.shape[0], maxLength), generatedLength = Swift.min(y.shape[0], maxLength)
    guard trueLength > 0, generatedLength > 0 else { return .nan }
    let xs = x.rows(0..<trueLength), ys = y.rows(0..<generatedLength)
    let lp = logMixtureDensity(samples, centres: xs, variance: sigmaSquared)
    let lq = logMixtureDensity(samples, centres: ys, variance: sigmaSquared)
    var sum = 0.0
    var count = 0
    for (a, b) in zip(lp, lq) where a.isFinite && b.isFinite {
      sum += a - b
      count += 1
    }
    return count > 0 ? sum / Double(count) : .nan
  }

  /// The reference's Monte-Carlo sample points: `count` rows of the true data (the first
  /// `min(T, maxLength)`), drawn uniformly with replacement, plus σ·N(0, I) noise. Rows with
  /// NaN (gaps) are left out before drawing.
  public static func samplePoints(
    true data: Tensor<Double>, scaling sigmaSquared: Double, count: Int = 1000, maxLength: Int = 10_000,
    using rng: inout RandomGenerator
  ) -> Tensor<Double> {
    let x = CompleteRows.completeRows(data)
    let length = Swift.min(x.shape[0], maxLength), n = x.shape[1]
    let sigma = sigmaSquared.squareRoot()
    var out = [Double](repeating: 0, count: count * n)
    for i in 0..<count {
      let t = rng.integer(in: 0..<length)
      for d in 0..<n { out[i * n + d] = x[t, d] + sigma * rng.normal() }
    }
    return Tensor(shape: [count, n], scalars: out)
  }

  /// The GMM estimator with the reference's sampling (1000 points), seeded.
  public static func gaussianMixture(
    true x: Tensor<Double>, generated y: Tensor<Double>, scaling sigmaSquared: Double, seed: UInt64 = 0
  ) -> Double {
    var rng = RandomGenerator(seed: seed)
    let s = samplePoints(true: x, scaling: sigmaSquared, using: &rng)
    return gaussianMixture(true: x, generated: y, scaling: sigmaSquared, samples: s)
  }

  /// `ln[(1/T) Σ_t exp(−‖s − c_t‖²/2σ²) / σ^N]` for every row s of `points`, through one GEMM.
  static func logMixtureDensity(_ points: Tensor<Double>, centres: Tensor<Double>, variance: Double) -> [Double] {
    let (k, t, n) = (points.shape[0], centres.shape[0], points.shape[1])
    let cross = points.matmul(centres, transposeOther: true)  // k × t
    let pointNorms = (0..<k).map { i in (0..<n).reduce(0.0) { $0 + points[i, $1] * points[i, $1] } }
    let centreNorms = (0..<t).map { j in (0..<n).reduce(0.0) { $0 + centres[j, $1] * centres[j, $1] } }
    let constant = -Foundation.log(Double(t)) - Double(n) * 0.5 * Foundation.log(variance)
    return (0..<k).map { i in
      var largest = -Double.infinity
      var exponents = [Double](repeating: 0, count: t)
      cross.scalars.withUnsafeBufferPointer { c in
        for j in 0..<t {
          let squared = Swift.max(pointNorms[i] + centreNorms[j] - 2 * c[i * t + j], 0)
          exponents[j] = -squared / (2 * variance)
          largest = Swift.max(largest, exponents[j])
        }
      }
      var sum = 0.0
      for e in exponents { sum += Foundation.exp(e - largest) }
      return largest + Foundation.log(sum) + constant
    }
  }
}
