import DSRTensor
import Foundation

/// How well a time series is sampled for training: the dominant period of each column and the
/// lag-1 autocorrelation, with warnings (never refusals) for sampling far off the range the PLRNN
/// references were trained with (about 40–75 samples per dominant period).
///
/// - **Too coarse**: the shortest dominant period is under ``coarsePeriod`` samples; a one-step
///   map can hardly interpolate between such samples.
/// - **Too fine**: every column's lag-1 autocorrelation is above ``fineAutocorrelation`` and the
///   shortest dominant period is over ``finePeriod`` samples; consecutive rows are nearly equal, so
///   the model learns little more than the identity. Subsampling to about ``targetPeriod`` samples
///   per period fixes it (`dsr data subsample FILE --every k`).
///
/// Missing values (NaN) are ignored: a column is centred on the mean of its valid values, the
/// lag-1 sums leave out every term touching a missing value, and the periodogram sees a missing
/// value as the column's mean (0 after centring), which keeps the full length and adds only a
/// little broadband power for short gaps.
public struct SamplingCheck: Sendable, Equatable {
  /// Below this many samples per dominant period the data is too coarse.
  public static let coarsePeriod = 10.0
  /// Above this many samples per (shortest) dominant period, with ``fineAutocorrelation``, too fine.
  public static let finePeriod = 1000.0
  /// Lag-1 autocorrelation above which consecutive rows are indistinguishable.
  public static let fineAutocorrelation = 0.9995
  /// Samples per dominant period that a subsampling factor aims at.
  public static let targetPeriod = 75.0

  /// The dominant period (samples) of each column: `T / k` for the largest non-constant
  /// periodogram bin k of the centred column; nil for a column without one (constant, or T < 2).
  public var periods: [Double?]
  /// The lag-1 autocorrelation of each column (NaN for a constant column).
  public var autocorrelations: [Double]

  /// Analyses a `T × N` matrix.
  public init<S: BLASScalar>(_ x: Tensor<S>) {
    precondition(x.rank == 2, "SamplingCheck: a T × N matrix is needed, got shape \(x.shape)")
    let n = x.shape[1]
    var periods: [Double?] = []
    var autocorrelations: [Double] = []
    for j in 0..<n {
      let column = Self.centredColumn(x, j)
      periods.append(Self.dominantPeriod(centred: column))
      let (lagged, power) = Self.lagOneSums(centred: column)
      autocorrelations.append(power > 0 ? lagged / power : .nan)
    }
    (self.periods, self.autocorrelations) = (periods, autocorrelations)
  }

  /// Column `j` of a `T × N` matrix in Double, minus the mean of its valid values (missing
  /// values stay NaN).
  public static func centredColumn<S: BLASScalar>(_ x: Tensor<S>, _ j: Int) -> [Double] {
    let (t, n) = (x.shape[0], x.shape[1])
    var column = (0..<t).map { Double(x.scalars[$0 * n + j]) }
    let valid = column.filter { !$0.isNaN }
    let mean = valid.reduce(0, +) / Double(Swift.max(valid.count, 1))
    for i in column.indices { column[i] -= mean }
    return column
  }

  /// `Σ_t c_t·c_{t−1}` and `Σ_t c_t²` of a centred signal: the numerator and denominator of its
  /// lag-1 autocorrelation (kept apart so that several stretches can be pooled). Terms with a
  /// missing (NaN) value are left out.
  public static func lagOneSums(centred c: [Double]) -> (lagged: Double, power: Double) {
    let power = c.reduce(0) { $1.isNaN ? $0 : $0 + $1 * $1 }
    let lagged = c.count < 2 ? 0 : (1..<c.count).reduce(0.0) { c[$1].isNaN || c[$1 - 1].isNaN ? $0 : $0 + c[$1] * c[$1 - 1] }
    return (lagged, power)
  }

  /// The dominant period of a centred signal in samples (the peak of its periodogram, the
  /// zero-frequency bin excluded), as `dsr inspect` prints it; missing (NaN) values count as 0.
  public static func dominantPeriod(centred signal: [Double]) -> Double? {
    guard signal.count >= 2 else { return nil }
    let power = FFT.powerSpectrum(signal.contains(where: \.isNaN) ? signal.map { $0.isNaN ? 0 : $0 } : signal)
    guard let k = power.indices.dropFirst().max(by: { power[$0] < power[$1] }), power[k] > 0 else { return nil }
    return Double(signal.count) / Double(k)
  }

  /// The shortest dominant period over the columns.
  public var shortestPeriod: Double? { periods.compactMap { $0 }.min() }

  /// The factor by which the sampling should be made finer (≥ 2), if it is too coarse.
  public var refinementFactor: Int? {
    guard let p = shortestPeriod, p < Self.coarsePeriod else { return nil }
    return Swift.max(2, Int((Self.coarsePeriod / p).rounded(.up)))
  }

  /// The subsampling factor `k` giving about ``targetPeriod`` samples per shortest dominant
  /// period, if the data is sampled too finely.
  public var subsamplingFactor: Int? {
    guard let p = shortestPeriod, p > Self.finePeriod,
          !autocorrelations.isEmpty, autocorrelations.allSatisfy({ $0 > Self.fineAutocorrelation }) else { return nil }
    return Swift.max(2, Int((p / Self.targetPeriod).rounded()))
  }

  /// The warnings for the file `path` (empty when the sampling is fine).
  public func warnings(for path: String) -> [String] {
    var out: [String] = []
    if let k = refinementFactor, let p = shortestPeriod {
      out.append("\(path): sampled too coarsely: the shortest dominant period is \(String(format: "%.1f", p)) samples "
        + "(under \(Int(Self.coarsePeriod))); the model needs finer sampling (at least ~\(k)× more points per period), "
        + "unless the data come from a map (one row per iteration), which cannot be sampled finer")
    }
    if let k = subsamplingFactor, let p = shortestPeriod {
      let r = autocorrelations.min() ?? .nan
      out.append("\(path): sampled very finely: the shortest dominant period is \(String(format: "%.0f", p)) samples and the lag-1 "
        + "autocorrelation is \(String(format: "%.5f", r)) or more, so consecutive rows are nearly equal; "
        + "subsample with `dsr data subsample \(path) --every \(k) --out …` (about \(Int(Self.targetPeriod)) samples per period)")
    }
    return out
  }
}
