import DSRTensor

/// A greedy non-uniform delay embedding (PECUZAL-style): delays chosen one at a time, each a
/// lag of any channel that separates false neighbours of the embedding so far.
///
/// This is not PECUZAL (Kraemer et al. 2021), which picks candidates at maxima of a continuity
/// statistic and stops by its L-statistic; it shares PECUZAL's greedy, any-lag, any-channel
/// search, with Cao's averaged false neighbours (``CaoStatistic``) as the criterion instead:
///
/// 1. Start from every channel at lag 0.
/// 2. For the current embedding V (with k coordinates), find each reference point's nearest
///    neighbour (maximum norm, non-zero distance δ, outside the Theiler window). A candidate
///    coordinate `x_c(t − τ)`, τ in 1 … τ_max, c any channel, not yet in V, scores
///    `E_V(c, τ)` = the mean of `max(δ, |x_c(t − τ) − x_c(n − τ)|) / δ`: Cao's E of V extended
///    by it. Each channel offers the lag at the first local maximum of its score over τ
///    (`E_V(τ) > E_V(τ − 1)` and not `E_V(τ + 1) > E_V(τ)`; the largest when there is none),
///    as PECUZAL takes maxima of its continuity statistic: the global maximum would favour far
///    lags that are merely decorrelated. The best candidate is the offer with the largest score
///    (ties: the smaller channel); its score is `E_k`.
/// 3. As in Cao's rule, once `E_{k+1} / E_k ≥ saturation` (default 0.8) the embedding V with k
///    coordinates already unfolds the data, and the search stops there; it also stops at
///    `maximalDimension` coordinates (``saturated`` false). A single channel gets at least two
///    coordinates.
///
/// Points are the times `t ≥ τ_max` whose current coordinates have no NaN; a candidate's pairs
/// with NaN are left out of its mean. References as in ``CaoStatistic`` (seeded subset).
public struct NonuniformEmbedding: Codable, Equatable, Sendable {
  /// One step of the search: the embedding had ``dimension`` coordinates and the best
  /// candidate to add was ``candidate``, with Cao's E of the extended embedding ``E``.
  public struct Step: Codable, Equatable, Sendable {
    /// The number of coordinates before this step.
    public var dimension: Int
    /// The coordinate that would be added.
    public var candidate: DelayEmbedding.Coordinate
    /// E_k, its score.
    public var E: Double
    /// E_k / E_{k−1} (nil at the first step).
    public var ratio: Double?
  }

  /// τ_max: candidate lags 1 … this.
  public var maximalDelay: Int
  /// w in samples.
  public var theilerWindow: Int
  /// The E-ratio threshold.
  public var saturation: Double
  /// The steps evaluated, in order.
  public var steps: [Step]
  /// The chosen embedding.
  public var embedding: DelayEmbedding
  /// Whether the search stopped by saturation (false: at the largest dimension).
  public var saturated: Bool

  /// The greedy non-uniform embedding of `trajectories` (`T × C` each; NaN is missing).
  ///
  /// - Parameters:
  ///   - maximalDelay: τ_max; nil for ``AutoMutualInformation/defaultMaximalDelay(rows:)``.
  ///   - maximalDimension: the most coordinates (at least C).
  ///   - theilerWindow: w; nil for the smallest first minimum of the auto-mutual information
  ///     over the channels.
  /// - Throws: ``DataFileError`` for bad input (see ``AutoMutualInformation``), or a largest
  ///   dimension below the number of channels.
  public static func search(
    _ trajectories: [Tensor<Double>], maximalDelay: Int? = nil, maximalDimension: Int, theilerWindow: Int? = nil,
    references: Int = CaoStatistic.defaultReferences, saturation: Double = CaoStatistic.defaultSaturation,
    seed: UInt64 = CaoStatistic.defaultSeed, sources: [String]? = nil
  ) throws -> NonuniformEmbedding {
    let recording = try EmbeddingRecording(trajectories, sources: sources)
    let τmax = maximalDelay ?? AutoMutualInformation.defaultMaximalDelay(rows: recording.longest)
    let w = try theilerWindow ?? (0..<recording.channels).map {
      try AutoMutualInformation.estimate(recording, channel: $0, maximalDelay: τmax, bins: AutoMutualInformation.defaultBins).delay
    }.min()!
    return try search(
      recording, maximalDelay: τmax, maximalDimension: maximalDimension, theilerWindow: w, references: references, saturation: saturation,
      seed: seed)
  }

  static func search(
    _ recording: EmbeddingRecording, maximalDelay τmax: Int, maximalDimension: Int, theilerWindow w: Int, references: Int,
    saturation: Double, seed: UInt64
  ) throws -> NonuniformEmbedding {
    let c = recording.channels
    guard maximalDimension >= c, τmax >= 1, w >= 0, references >= 1 else {
      throw DataFileError(
        path: "(embedding)",
        problem: "asks for a non-uniform embedding of \(c) channels with at most \(maximalDimension) coordinates, lags up to \(τmax), Theiler window \(w)",
        remedy: "allow at least one coordinate per channel, lags ≥ 1 and a window ≥ 0")
    }
    let least = c == 1 ? Swift.min(2, maximalDimension) : c
    var coordinates = (0..<c).map { DelayEmbedding.Coordinate(channel: $0, lag: 0) }
    var steps: [Step] = []
    var saturated = false
    while true {
      let step = try bestCandidate(recording, coordinates: coordinates, maximalDelay: τmax, theilerWindow: w, references: references, seed: seed)
      let ratio = steps.last.map { step.E / $0.E }
      steps.append(Step(dimension: coordinates.count, candidate: step.candidate, E: step.E, ratio: ratio))
      if let ratio, ratio >= saturation, coordinates.count - 1 >= least {
        coordinates.removeLast()
        saturated = true
        break
      }
      if coordinates.count == maximalDimension { break }
      coordinates.append(step.candidate)
    }
    return NonuniformEmbedding(
      maximalDelay: τmax, theilerWindow: w, saturation: saturation, steps: steps,
      embedding: try DelayEmbedding(channels: c, coordinates: coordinates), saturated: saturated)
  }

  /// The best candidate to add to `coordinates` and its score E.
  private static func bestCandidate(
    _ recording: EmbeddingRecording, coordinates: [DelayEmbedding.Coordinate], maximalDelay τmax: Int, theilerWindow: Int, references: Int,
    seed: UInt64
  ) throws -> (candidate: DelayEmbedding.Coordinate, E: Double) {
    let points = DelayVectorNeighbours(
      recording, coordinates: coordinates, searched: coordinates.count, earliest: τmax, theilerWindow: theilerWindow)
    let pairs = points.references(limit: references, seed: seed).compactMap { i in points.nearest(to: i).map { (i, $0.index, $0.distance) } }
    guard pairs.count >= 10 else {
      throw DataFileError(
        path: recording.sources[0], problem: "has \(pairs.count) delay vectors with neighbours for lags up to \(τmax), too few for the false-neighbour statistic",
        remedy: "give a longer recording, or a smaller largest delay")
    }
    let taken = Set(coordinates)
    var best: (candidate: DelayEmbedding.Coordinate, E: Double)? = nil
    for channel in 0..<recording.channels {
      let x = recording.trajectories.map { t in (0..<t.shape[0]).map { t.scalars[$0 * recording.channels + channel] } }
      // The score of every lag 0 … τ_max (NaN without pairs).
      let scores = (0...τmax).map { τ -> Double in
        var (sum, used) = (0.0, 0)
        for (i, n, δ) in pairs {
          let a = x[points.trajectories[i]][points.times[i] - τ], b = x[points.trajectories[n]][points.times[n] - τ]
          if a.isNaN || b.isNaN { continue }
          sum += Swift.max(δ, Swift.abs(a - b)) / δ
          used += 1
        }
        return used > 0 ? sum / Double(used) : .nan
      }
      let free = (1...τmax).filter { !taken.contains(DelayEmbedding.Coordinate(channel: channel, lag: $0)) && !scores[$0].isNaN }
      let peak = free.first { τ in scores[τ] > scores[τ - 1] && (τ == τmax || !(scores[τ + 1] > scores[τ])) }
      guard let τ = peak ?? free.max(by: { scores[$0] < scores[$1] }) else { continue }
      if best == nil || scores[τ] > best!.E { best = (DelayEmbedding.Coordinate(channel: channel, lag: τ), scores[τ]) }
    }
    guard let best else {
      throw DataFileError(path: recording.sources[0], problem: "has no lag up to \(τmax) without missing values", remedy: "give a recording with fewer NaN")
    }
    return best
  }
}
