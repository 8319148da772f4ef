import DSRTensor
import Foundation

/// The choice of a delay embedding for a recording, with everything a report shows about it:
/// per channel the auto-mutual information and its delay, Cao's E1/E2 curves (uniform) or the
/// greedy steps (non-uniform), the resulting ``DelayEmbedding`` and a one-line ``summary``.
///
/// Uniform (``EmbeddingMethod/uniform``):
/// - the delay τ is the one given, or the smallest of the channels' delays: each the first
///   minimum of its ``AutoMutualInformation`` (with its fallbacks), or its decorrelation time
///   (``AutoMutualInformation/decorrelationDelay``, autocorrelation below 1/e) when that comes
///   earlier; the smallest, because the fastest channel needs the shortest delay and it keeps the
///   embedding window short;
/// - the number of copies m of every channel comes from ``CaoStatistic`` at τ with Theiler
///   window τ, m ≤ maximalDimension / C (at least 1). For several channels m = 1 means the
///   channels themselves suffice (E1 of the plain multichannel vectors against adding one
///   delayed copy of each channel has saturated), and the embedding is the identity.
///
/// Non-uniform (``EmbeddingMethod/nonuniform``): ``NonuniformEmbedding`` with lags up to τ_max
/// and Theiler window the smallest of the channels' delays.
///
/// Deterministic: the same recording and settings give the same choice (the reference subsets
/// are seeded). `Codable`, to be written beside a run (embedding.json).
public struct EmbeddingChoice: Codable, Equatable, Sendable {
  /// The default largest dimension for a recording of `channels` channels: 10, or C when there
  /// are more (then only whether the channels suffice is reported).
  public static func defaultMaximalDimension(channels: Int) -> Int { Swift.max(10, channels) }

  /// How the delays were chosen.
  public var method: EmbeddingMethod
  /// C, the recording's channels.
  public var channels: Int
  /// τ_max, the largest delay evaluated.
  public var maximalDelay: Int
  /// The largest dimension allowed.
  public var maximalDimension: Int
  /// Each channel's auto-mutual information and delay (index = channel).
  public var mutualInformation: [AutoMutualInformation]
  /// The delay in samples: uniform, the common delay; non-uniform, the Theiler window.
  public var delay: Int
  /// Whether ``delay`` was given rather than chosen.
  public var delayGiven: Bool
  /// Cao's statistic (uniform only).
  public var cao: CaoStatistic?
  /// The greedy search (non-uniform only).
  public var nonuniform: NonuniformEmbedding?
  /// The chosen embedding.
  public var embedding: DelayEmbedding
  /// One line for people, e.g. `delay 17 samples (first minimum of the auto-mutual
  /// information), dimension 3 (Cao: E1 saturates at d = 3)`.
  public var summary: String

  /// Chooses a delay embedding of `trajectories` (`T × C` each, the same C; NaN rows are
  /// missing values and every pair or vector touching one is skipped).
  ///
  /// - Parameters:
  ///   - method: uniform (default) or non-uniform delays.
  ///   - delay: a fixed common delay in samples (uniform only): then only the dimension is
  ///     chosen.
  ///   - maximalDelay: τ_max; nil for ``AutoMutualInformation/defaultMaximalDelay(rows:)`` (a
  ///     tenth of the longest trajectory, at most 500).
  ///   - maximalDimension: the most embedded coordinates; nil for
  ///     ``defaultMaximalDimension(channels:)``.
  ///   - sources: names of the trajectories for error messages.
  /// - Throws: ``DataFileError`` for a constant or too short channel (fewer than 50 values),
  ///   infinite values, trajectories of different widths, a delay given with the non-uniform
  ///   method or below 1, a largest dimension too small (below 2 for one channel).
  public static func choose(
    _ trajectories: [Tensor<Double>], method: EmbeddingMethod = .uniform, delay: Int? = nil, maximalDelay: Int? = nil,
    maximalDimension: Int? = nil, sources: [String]? = nil
  ) throws -> EmbeddingChoice {
    let recording = try EmbeddingRecording(trajectories, sources: sources)
    let c = recording.channels
    let maximalDimension = maximalDimension ?? defaultMaximalDimension(channels: c)
    guard maximalDimension >= Swift.max(2, c) else {
      throw DataFileError(
        path: "(embedding)", problem: "allows at most \(maximalDimension) coordinates for \(c) channel\(c == 1 ? "" : "s")",
        remedy: "allow at least \(Swift.max(2, c)) (default \(defaultMaximalDimension(channels: c)))")
    }
    if let delay, delay < 1 || method == .nonuniform {
      throw DataFileError(
        path: "(embedding)", problem: delay < 1 ? "has a delay of \(delay) samples" : "fixes a delay, which the non-uniform method chooses itself",
        remedy: delay < 1 ? "give a delay ≥ 1 sample" : "drop the delay, or use the uniform method")
    }
    let τmax = maximalDelay ?? AutoMutualInformation.defaultMaximalDelay(rows: recording.longest)
    let ami = try (0..<c).map { try AutoMutualInformation.estimate(recording, channel: $0, maximalDelay: τmax, bins: AutoMutualInformation.defaultBins) }
    // Each channel's delay: the first minimum of its auto-mutual information, or its
    // decorrelation time (autocorrelation below 1/e) when that comes earlier. A signal of brief,
    // sharp events (an ECG's QRS complexes) keeps sharing information long after it decorrelates:
    // the ECG's first minimum lies at 62 samples, a third of an oscillation of its own
    // autocorrelation, and six copies at that delay span half a beat (see the Recordings article).
    func channelDelay(_ a: AutoMutualInformation) -> (delay: Int, earlier: Bool) {
      guard let d = a.decorrelationDelay, d < a.delay, a.rule == .firstMinimum else { return (a.delay, false) }
      return (d, true)
    }
    let smallest = ami.min { channelDelay($0).delay < channelDelay($1).delay }!
    let τ = delay ?? channelDelay(smallest).delay
    let reason =
      channelDelay(smallest).earlier
      ? "the autocorrelation falls below 1/e before the first minimum of the auto-mutual information at \(smallest.delay)"
      : smallest.rule.description + (smallest.rule == .firstMinimum ? "" : " up to \(τmax)")
    let delayText =
      delay != nil
      ? "delay \(τ) samples (given)"
      : "delay \(τ) samples (\(reason)\(c > 1 ? ", smallest over the \(c) channels" : ""))"

    switch method {
    case .uniform:
      let cao = try CaoStatistic.estimate(
        recording, channels: Array(0..<c), delay: τ, maximalCopies: Swift.max(1, maximalDimension / c), theilerWindow: τ,
        references: CaoStatistic.defaultReferences, saturation: CaoStatistic.defaultSaturation, seed: CaoStatistic.defaultSeed)
      let embedding = try DelayEmbedding.uniform(channels: c, dimension: cao.copies, delay: τ)
      let e1 = String(format: "%.2f", cao.E1[cao.copies - 1])
      var summary: String
      if c > 1 && cao.copies == 1 {
        let against = "against one copy of each at delay \(τ) samples"
        summary =
          cao.saturated
          ? "the \(c) channels suffice, no delays (Cao: E1 = \(e1) ≥ \(cao.saturation) \(against))"
          : "the \(c) channels without delays, as the largest dimension \(maximalDimension) allows no delayed copy (Cao: E1 = \(e1) < \(cao.saturation) \(against))"
      } else {
        let unit = c == 1 ? "d" : "m"
        let copies = c == 1 ? "" : "\(cao.copies) copies of each of the \(c) channels, "
        summary =
          "\(delayText), \(copies)dimension \(cao.dimension) "
          + (cao.saturated
            ? "(Cao: E1 saturates at \(unit) = \(cao.copies))" : "(Cao: E1 has not saturated up to \(unit) = \(cao.maximalCopies), the largest allowed)")
      }
      if cao.looksLikeNoise { summary += "; E2 ≈ 1 at every \(c == 1 ? "d" : "m"): the recording looks like noise" }
      return EmbeddingChoice(
        method: method, channels: c, maximalDelay: τmax, maximalDimension: maximalDimension, mutualInformation: ami, delay: τ,
        delayGiven: delay != nil, cao: cao, nonuniform: nil, embedding: embedding, summary: summary)
    case .nonuniform:
      let search = try NonuniformEmbedding.search(
        recording, maximalDelay: τmax, maximalDimension: maximalDimension, theilerWindow: τ, references: CaoStatistic.defaultReferences,
        saturation: CaoStatistic.defaultSaturation, seed: CaoStatistic.defaultSeed)
      let stop =
        search.saturated
        ? "the next lag changes the false-neighbour statistic E by a factor \(String(format: "%.2f", search.steps.last!.ratio!)) ≥ \(search.saturation)"
        : "the largest dimension allowed"
      let summary =
        "non-uniform delays (greedy, PECUZAL-style, Theiler window \(τ) samples): \(search.embedding.summary.components(separatedBy: " (N =")[0]), dimension \(search.embedding.dimension) (\(stop))"
      return EmbeddingChoice(
        method: method, channels: c, maximalDelay: τmax, maximalDimension: maximalDimension, mutualInformation: ami, delay: τ,
        delayGiven: false, cao: nil, nonuniform: search, embedding: search.embedding, summary: summary)
    }
  }
}
