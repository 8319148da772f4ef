import DSRTensor
import Foundation

/// The auto-mutual information I(τ) of one channel and the delay it suggests (Fraser & Swinney
/// 1986): how much `x(t)` tells about `x(t + τ)`; the first minimum is the smallest delay at
/// which a delayed copy adds the most new information.
///
/// The estimator is a histogram: ``bins`` (default 16) equal-width bins over the channel's range
/// `[min, max]` (over every trajectory; the maximum falls in the last bin). For each τ the joint
/// histogram counts the pairs `(x(t), x(t + τ))` within each trajectory that have no NaN, and
/// I(τ) = Σᵢⱼ pᵢⱼ ln(pᵢⱼ / (pᵢ qⱼ)) in nats, pᵢ and qⱼ the joint histogram's two marginals. I(0)
/// is the entropy of the binned channel. Equal-width bins make the curve of a sine somewhat
/// bumpy (its values pile up at the extremes), so its first minimum lies within about a tenth of
/// a period of the quarter period rather than on it.
///
/// The delay is the first local minimum, the smallest τ ≥ 1 with I(τ) < I(τ − 1) and
/// I(τ) ≤ I(τ + 1), τ < τ_max, that is also the smallest value of I up to 2τ (so that a wiggle of
/// the estimate on a still falling curve is not taken). Without one up to τ_max, the first τ at which the
/// ``autocorrelation`` falls below 1/e; without that either, τ_max itself (``Rule``).
public struct AutoMutualInformation: Codable, Equatable, Sendable {
  /// How the delay was found.
  public enum Rule: String, Codable, Sendable {
    /// The first local minimum of I(τ).
    case firstMinimum
    /// No minimum up to τ_max: the first τ with autocorrelation below 1/e.
    case autocorrelation
    /// Neither: τ_max.
    case maximalDelay

    /// In words, for reports.
    public var description: String {
      switch self {
      case .firstMinimum: "first minimum of the auto-mutual information"
      case .autocorrelation: "no minimum of the auto-mutual information; autocorrelation below 1/e"
      case .maximalDelay: "no minimum of the auto-mutual information and autocorrelation above 1/e: the largest delay tried"
      }
    }
  }

  /// The default number of equal-width bins.
  public static let defaultBins = 16

  /// The channel (0-based).
  public var channel: Int
  /// The number of equal-width bins.
  public var bins: Int
  /// I(τ) in nats for τ = 0 … τ_max.
  public var values: [Double]
  /// The autocorrelation r(τ) = mean((x(t) − μ)(x(t + τ) − μ)) / σ², τ = 0 … τ_max (μ, σ² over
  /// every value of the channel).
  public var autocorrelation: [Double]
  /// The chosen delay in samples.
  public var delay: Int
  /// How it was chosen.
  public var rule: Rule

  /// The first τ at which the autocorrelation falls below 1/e (nil: not up to τ_max): the
  /// decorrelation time, which ``EmbeddingChoice`` takes instead of the first minimum when it
  /// comes earlier.
  public var decorrelationDelay: Int? { autocorrelation.indices.dropFirst().first { autocorrelation[$0] < 1 / M_E } }

  /// τ_max, the largest delay evaluated.
  public var maximalDelay: Int { values.count - 1 }

  /// The default τ_max for trajectories whose longest has `rows` rows: a tenth of it, at most
  /// 500 samples and at least 2.
  public static func defaultMaximalDelay(rows: Int) -> Int { Swift.max(2, Swift.min(rows / 10, 500)) }

  /// I(τ) and the delay of channel `channel` of `trajectories` (`T × C` each; NaN is missing).
  ///
  /// - Parameters:
  ///   - maximalDelay: τ_max; nil for ``defaultMaximalDelay(rows:)``.
  ///   - sources: names of the trajectories for error messages.
  /// - Throws: ``DataFileError`` for a channel that is constant or has fewer than 50 values,
  ///   trajectories of different widths, infinite values, or a τ_max that leaves fewer than 50
  ///   pairs.
  public static func estimate(
    _ trajectories: [Tensor<Double>], channel: Int, maximalDelay: Int? = nil, bins: Int = defaultBins, sources: [String]? = nil
  ) throws -> AutoMutualInformation {
    let recording = try EmbeddingRecording(trajectories, sources: sources)
    return try estimate(recording, channel: channel, maximalDelay: maximalDelay, bins: bins)
  }

  static func estimate(_ recording: EmbeddingRecording, channel: Int, maximalDelay: Int?, bins: Int) throws -> AutoMutualInformation {
    guard channel >= 0 && channel < recording.channels else {
      throw DataFileError(
        path: recording.sources[0], problem: "has channels 1…\(recording.channels), not channel \(channel + 1)", remedy: "choose an existing channel")
    }
    guard bins >= 2 else {
      throw DataFileError(path: "(embedding)", problem: "asks for \(bins) bins of the mutual information", remedy: "use at least 2 (default 16)")
    }
    let τmax = maximalDelay ?? defaultMaximalDelay(rows: recording.longest)
    guard τmax >= 2 else {
      throw DataFileError(path: "(embedding)", problem: "has a largest delay of \(τmax) samples", remedy: "allow delays up to at least 2 samples")
    }
    let series = recording.channel(channel)
    let finite = series.joined().filter { !$0.isNaN }
    let (lo, hi) = (finite.min()!, finite.max()!)
    let μ = finite.reduce(0, +) / Double(finite.count)
    let σ2 = finite.reduce(0) { $0 + ($1 - μ) * ($1 - μ) } / Double(finite.count)
    let binned = series.map { s in s.map { v -> Int in v.isNaN ? -1 : Swift.min(Int(((v - lo) / (hi - lo) * Double(bins)).rounded(.down)), bins - 1) } }

    var values: [Double] = [], correlations: [Double] = []
    var joint = [Int](repeating: 0, count: bins * bins)
    for τ in 0...τmax {
      for i in joint.indices { joint[i] = 0 }
      var (pairs, product) = (0, 0.0)
      joint.withUnsafeMutableBufferPointer { h in
        for (b, x) in zip(binned, series) where b.count > τ {
          b.withUnsafeBufferPointer { b in
            x.withUnsafeBufferPointer { x in
              for t in 0..<(b.count - τ) where b[t] >= 0 && b[t + τ] >= 0 {
                h[b[t] * bins + b[t + τ]] += 1
                pairs += 1
                product += (x[t] - μ) * (x[t + τ] - μ)
              }
            }
          }
        }
      }
      guard pairs >= EmbeddingRecording.minimalValues else {
        throw DataFileError(
          path: recording.sources[0], problem: "has only \(pairs) pairs of values \(τ) samples apart in channel \(channel + 1)",
          remedy: "give a longer recording or a smaller largest delay")
      }
      values.append(mutualInformation(joint, bins: bins, pairs: pairs))
      correlations.append(product / Double(pairs) / σ2)
    }
    let (delay, rule) = chooseDelay(values: values, autocorrelation: correlations)
    return AutoMutualInformation(channel: channel, bins: bins, values: values, autocorrelation: correlations, delay: delay, rule: rule)
  }

  /// Σ pᵢⱼ ln(pᵢⱼ / (pᵢ qⱼ)) of a joint histogram.
  private static func mutualInformation(_ joint: [Int], bins: Int, pairs: Int) -> Double {
    let n = Double(pairs)
    var rows = [Double](repeating: 0, count: bins), columns = [Double](repeating: 0, count: bins)
    for i in 0..<bins {
      for j in 0..<bins {
        rows[i] += Double(joint[i * bins + j]) / n
        columns[j] += Double(joint[i * bins + j]) / n
      }
    }
    var sum = 0.0
    for i in 0..<bins {
      for j in 0..<bins where joint[i * bins + j] > 0 {
        let p = Double(joint[i * bins + j]) / n
        sum += p * Foundation.log(p / (rows[i] * columns[j]))
      }
    }
    return sum
  }

  /// The delay rule on the curves (see the type's documentation).
  static func chooseDelay(values: [Double], autocorrelation: [Double]) -> (Int, Rule) {
    let τmax = values.count - 1
    // A local minimum counts only when nothing up to twice its delay lies lower: the histogram
    // estimate of a spiky channel wiggles (the bursting neuron's x: local minima at 3, 7, 10, …
    // samples on a curve that keeps falling to 73), and a wiggle is not the delay.
    func isMinimum(_ τ: Int) -> Bool {
      values[τ] < values[τ - 1] && values[τ] <= values[τ + 1] && values[τ...Swift.min(2 * τ, τmax)].allSatisfy { values[τ] <= $0 }
    }
    if let τ = (1..<τmax).first(where: isMinimum) { return (τ, .firstMinimum) }
    if let τ = (1...τmax).first(where: { autocorrelation[$0] < 1 / M_E }) { return (τ, .autocorrelation) }
    return (τmax, .maximalDelay)
  }
}
