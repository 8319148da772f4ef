import DSRTensor
import Foundation

/// The sampling rule for generated data sets: a fixed number of samples per dominant period.
///
/// **Dominant period (flows).** After a transient of `transient` time units, the flow is integrated
/// with fixed RK4 steps of `sampleStep` (default: the system's ``BenchmarkSystem/lyapunovStep``) and
/// `samples` states are recorded. Per coordinate, the mean is removed, a Hann window applied and the
/// periodogram smoothed by a 5-bin moving average; the peak is searched above the lowest
/// ``BenchmarkSystem/excludedLowBins`` frequency bins (the zero-frequency bin and its window leakage)
/// and refined by a parabola through the peak and its neighbours, giving that coordinate's peak
/// period. The system's dominant period is the **shortest** of the per-coordinate peak periods: the
/// fastest oscillation that carries the most power in some coordinate (for Lorenz-63 that is z,
/// period ≈ 0.75, while x and y peak at their slower lobe switching).
///
/// **Maps**: the dominant period is 1 (one iteration) and the sampling interval is 1.
///
/// **Sampling interval** = dominant period / points per period (75 by default), e.g. ≈ 0.01 for
/// Lorenz-63 and ≈ 0.08 for Rössler, the intervals of the shipped data sets.
///
/// At the default parameters ``BenchmarkSystem/samplingInterval(pointsPerPeriod:)`` uses the stored
/// ``BenchmarkSystem/referencePeriod`` (computed by this rule with the defaults of
/// ``BenchmarkSystem/dominantPeriod(sampleStep:samples:transient:)``; a test recomputes it), so that
/// it costs nothing; with changed parameters it computes the period.
extension BenchmarkSystem {
  /// Frequency bins below this index are never the peak (the DC bin and its Hann-window leakage).
  public static let excludedLowBins = 3

  /// The dominant period in time units (flows; maps: 1) by the rule described in the extension's
  /// documentation. A few tenths of a second in a debug build at the defaults.
  ///
  /// - Parameters:
  ///   - sampleStep: the fixed RK4 step and sampling interval of the recorded signal (default
  ///     ``lyapunovStep``).
  ///   - samples: the length of the recorded signal; the frequency resolution is 1/(samples·step).
  ///   - transient: time units integrated and discarded first.
  public func dominantPeriod(sampleStep: Double? = nil, samples: Int = 1 << 15, transient: Double = 100) -> Double {
    guard kind == .flow else { return 1 }
    let h = sampleStep ?? lyapunovStep
    precondition(h > 0 && samples >= 64, "dominantPeriod: sampleStep must be positive and samples ≥ 64")
    let m = dimension
    var x = initialState
    var t = 0.0
    let transientSteps = Int((transient / h).rounded())
    for i in 0..<transientSteps {
      x = rungeKuttaStep(x, time: t, step: h)
      t = Double(i + 1) * h
    }
    var signals = [[Double]](repeating: [Double](repeating: 0, count: samples), count: m)
    for s in 0..<samples {
      for d in 0..<m { signals[d][s] = x[d] }
      x = rungeKuttaStep(x, time: t, step: h)
      t = Double(transientSteps + s + 1) * h
    }
    let periods = signals.compactMap { Self.peakPeriod($0, step: h) }
    return periods.min() ?? .nan
  }

  /// The period of the peak of one signal's smoothed Hann-windowed periodogram, or nil for a
  /// constant signal.
  static func peakPeriod(_ signal: [Double], step h: Double) -> Double? {
    let n = signal.count
    let mean = signal.reduce(0, +) / Double(n)
    let windowed = signal.enumerated().map { i, v in
      (v - mean) * (0.5 - 0.5 * Foundation.cos(2 * Double.pi * Double(i) / Double(n - 1)))
    }
    let power = FFT.powerSpectrum(windowed)
    // 5-bin moving average.
    var smooth = [Double](repeating: 0, count: power.count)
    for k in 0..<power.count {
      let lo = Swift.max(0, k - 2), hi = Swift.min(power.count - 1, k + 2)
      smooth[k] = power[lo...hi].reduce(0, +) / Double(hi - lo + 1)
    }
    let first = excludedLowBins
    guard smooth.count > first + 2 else { return nil }
    var best = first
    for k in first..<smooth.count where smooth[k] > smooth[best] { best = k }
    guard smooth[best] > 0 else { return nil }
    // Parabolic refinement of the peak position (bins).
    var position = Double(best)
    if best > first && best < smooth.count - 1 {
      let (a, b, c) = (smooth[best - 1], smooth[best], smooth[best + 1])
      let denominator = a - 2 * b + c
      if denominator < 0 { position += 0.5 * (a - c) / denominator }
    }
    return Double(n) * h / position
  }

  /// The sampling interval for generated data: ``dominantPeriod(sampleStep:samples:transient:)`` /
  /// `pointsPerPeriod` for flows (the stored ``referencePeriod`` at the default parameters), 1 for maps.
  public func samplingInterval(pointsPerPeriod: Double = 75) -> Double {
    precondition(pointsPerPeriod > 0, "samplingInterval: pointsPerPeriod must be positive")
    guard kind == .flow else { return 1 }
    let period = hasDefaultParameters && referencePeriod != nil ? referencePeriod! : dominantPeriod()
    return period / pointsPerPeriod
  }
}
