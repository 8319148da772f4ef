import DSRTensor
import Foundation

/// D_H, the Hellinger distance between smoothed power spectra, averaged over dimensions
/// (gtf-shplrnn.md §3.2).
public enum PowerSpectrumDistance {
  /// The shortest gap-free stretch of true data with gaps that D_H uses (rows).
  public static let minimumSegment = 64

  /// For each dimension of both series (same shape T × N): z-score (sample std), real FFT power
  /// `|Σ x_t e^{−2πikt/T}|²` for k = 0…⌊T/2⌋, Gaussian smoothing with standard deviation σ bins
  /// (kernel length 8σ rounded up, made odd; weights normalised; the border mirrors about the edge
  /// sample, SciPy's `mode='mirror'`), negatives set to 0, normalised to sum 1; then
  /// `H = ‖√P − √Q‖₂/√2` per dimension, averaged. σ = 0 skips the smoothing.
  ///
  /// True data with gaps (rows with NaN, ``CompleteRows``): a spectrum needs evenly spaced
  /// samples, so each maximal gap-free stretch [a, b) of at least `minimumSegment` rows is
  /// compared with the generated rows [a, b) (the same length, so the same frequency grid and
  /// the same meaning of σ), and the distances are averaged weighted by b − a. Averaging
  /// distances rather than spectra keeps every comparison at one resolution; note that shorter
  /// stretches give noisier spectra, so D_H with many short stretches sits higher than on one
  /// stretch of the same total length. NaN when no stretch is long enough.
  public static func hellinger(
    true x: Tensor<Double>, generated y: Tensor<Double>, smoothing sigma: Double, minimumSegment: Int = minimumSegment
  ) -> Double {
    precondition(x.shape == y.shape && x.rank == 2, "D_H needs two series of the same shape T × N, got \(x.shape) and \(y.shape)")
    guard CompleteRows.hasGaps(x) else { return gapFree(x, y, smoothing: sigma) }
    let segments = CompleteRows.segments(x, minimumLength: minimumSegment)
    guard !segments.isEmpty else { return .nan }
    var total = 0.0, rows = 0
    for s in segments {
      total += Double(s.count) * gapFree(x.rows(s), y.rows(s), smoothing: sigma)
      rows += s.count
    }
    return total / Double(rows)
  }

  /// D_H of two gap-free series of the same shape.
  static func gapFree(_ x: Tensor<Double>, _ y: Tensor<Double>, smoothing sigma: Double) -> Double {
    let n = x.shape[1]
    var total = 0.0
    for d in 0..<n {
      let p = spectrum(x.columns(d..<(d + 1)).scalars, smoothing: sigma)
      let q = spectrum(y.columns(d..<(d + 1)).scalars, smoothing: sigma)
      var s = 0.0
      for (a, b) in zip(p, q) {
        let diff = a.squareRoot() - b.squareRoot()
        s += diff * diff
      }
      total += (s / 2).squareRoot()
    }
    return total / Double(n)
  }

  /// The normalised, smoothed power spectrum of one z-scored series.
  public static func spectrum(_ series: [Double], smoothing sigma: Double) -> [Double] {
    let t = Double(series.count)
    let mean = series.reduce(0, +) / t
    let std = (series.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (t - 1)).squareRoot()
    var power = FFT.powerSpectrum(series.map { ($0 - mean) / std })
    if sigma > 0 { power = smooth(power, sigma: sigma) }
    for i in power.indices where power[i] < 0 { power[i] = 0 }
    let sum = power.reduce(0, +)
    return power.map { $0 / sum }
  }

  /// Gaussian smoothing with mirror borders (…c b | a b c … z y | z y x…).
  public static func smooth(_ v: [Double], sigma: Double) -> [Double] {
    var length = Int((8 * sigma).rounded(.up))
    if length % 2 == 0 { length += 1 }
    let radius = (length - 1) / 2
    var weights = (-radius...radius).map { Foundation.exp(-Double($0 * $0) / (2 * sigma * sigma)) }
    let total = weights.reduce(0, +)
    weights = weights.map { $0 / total }
    let k = v.count
    func mirrored(_ i: Int) -> Int {
      if k == 1 { return 0 }
      let period = 2 * (k - 1)
      var j = i % period
      if j < 0 { j += period }
      return j < k ? j : period - j
    }
    // Pad once with the mirrored borders, then a plain convolution.
    let padded = (-radius..<(k + radius)).map { v[mirrored($0)] }
    var out = [Double](repeating: 0, count: k)
    padded.withUnsafeBufferPointer { p in
      weights.withUnsafeBufferPointer { w in
        for i in 0..<k {
          var s = 0.0
          for j in 0..<length { s += w[j] * p[i + j] }
          out[i] = s
        }
      }
    }
    return out
  }
}
