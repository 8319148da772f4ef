import DSRTensor

/// Cao's averaged false neighbours (Cao 1997): the embedding dimension of a uniform delay
/// embedding, and whether the recording looks deterministic at all.
///
/// In Cao's orientation a window of m copies of the past, `p_t(m) = (x(t − τ), …, x(t − mτ))`
/// (every channel of the recording at each lag: for one channel Cao's scalar embedding; for C
/// channels dimension `m·C`, and m = 1 is the plain multichannel vectors), is extended by the
/// present `x(t)`. The extended vectors are those of the causal embedding with lags
/// `0, τ, …, mτ`; extending by the present rather than a further past keeps the test one of
/// prediction, which dissipative systems pass (their pasts diverge fast). For each m the points
/// are the times at which all m + 1 copies exist with no NaN; for a reference point its nearest
/// neighbour `n` in `p(m)` (maximum norm, at a non-zero distance, outside the Theiler window
/// `|t − s| ≤ w` of the same trajectory) gives
/// `a(t, m) = ‖(x(t), p_t) − (x(n), p_n)‖ / ‖p_t − p_n‖`. Then
/// - `E(m)` = the mean of a over the references, `E1(m) = E(m + 1) / E(m)`;
/// - `E*(m)` = the mean of `‖x(t) − x(n)‖` (how well the neighbour's present predicts the
///   point's), `E2(m) = E*(m + 1) / E*(m)`.
///
/// E1 rises towards 1 and stops changing once m copies unfold the attractor: the dimension is
/// the first m with `E1(m) ≥ saturation` (default 0.8: within 20 % of 1; on the
/// x coordinate of Lorenz-63, 20 000 samples at dt 0.01 and τ = 18, E1 is about 0.18, 0.89,
/// 0.92, 0.99 at m = 2 … 5, giving 3), at least 2 copies for a single channel
/// (one delay coordinate cannot show an oscillation), and ``maximalCopies`` with
/// ``saturated`` false when none up to it saturates. E2 ≈ 1 at every m means the values are
/// unrelated to their past: noise-like data, which no embedding makes deterministic
/// (``looksLikeNoise``).
///
/// Reference points: the times at which all `maximalCopies + 1` copies exist, all of them when
/// there are at most ``references`` (default 2000), else that many drawn with a generator seeded
/// by ``seed``, so the result is the same on every run; the same times serve every m, so that
/// E(m + 1) and E(m) average over the same points. They are searched against all points of each
/// m.
public struct CaoStatistic: Codable, Equatable, Sendable {
  /// The default number of reference points.
  public static let defaultReferences = 2000
  /// The default saturation threshold of E1.
  public static let defaultSaturation = 0.8
  /// The default seed of the reference subset.
  public static let defaultSeed: UInt64 = 20_260_101

  /// The channels embedded (0-based).
  public var channels: [Int]
  /// τ in samples.
  public var delay: Int
  /// w: temporal neighbours excluded, in samples.
  public var theilerWindow: Int
  /// The most reference points per m.
  public var references: Int
  /// Their seed.
  public var seed: UInt64
  /// The E1 saturation threshold.
  public var saturation: Double
  /// E(m), m = 1 … maximalCopies.
  public var E: [Double]
  /// E1(m), m = 1 … maximalCopies.
  public var E1: [Double]
  /// E2(m), m = 1 … maximalCopies.
  public var E2: [Double]
  /// The chosen number of delayed copies m (embedding dimension m · channels.count).
  public var copies: Int
  /// Whether E1 saturated at ``copies`` (false: the largest m tried).
  public var saturated: Bool

  /// The largest m evaluated.
  public var maximalCopies: Int { E1.count }

  /// The embedding dimension, `copies · channels.count`.
  public var dimension: Int { copies * channels.count }

  /// Whether the data look like noise: E2 within 0.1 of 1 at every m, judged when at least
  /// three m were evaluated (deterministic data have E2 clearly below 1 at small m, where a
  /// close neighbour's past predicts the point's, or clearly away from 1 elsewhere).
  public var looksLikeNoise: Bool { E2.count >= 3 && E2.allSatisfy { Swift.abs($0 - 1) < 0.1 } }

  /// Cao's statistic of `channels` of `trajectories` (`T × C` each; NaN is missing) at delay τ
  /// for m = 1 … `maximalCopies`.
  ///
  /// - Parameters:
  ///   - channels: the channels embedded together (nil: all).
  ///   - theilerWindow: w; nil for the delay τ.
  ///   - sources: names of the trajectories for error messages.
  /// - Throws: ``DataFileError`` for bad input (see ``AutoMutualInformation``), a delay or number
  ///   of copies below 1, or a recording too short for `maximalCopies + 1` copies.
  public static func estimate(
    _ trajectories: [Tensor<Double>], channels: [Int]? = nil, delay τ: Int, maximalCopies: Int, theilerWindow: Int? = nil,
    references: Int = defaultReferences, saturation: Double = defaultSaturation, seed: UInt64 = defaultSeed, sources: [String]? = nil
  ) throws -> CaoStatistic {
    let recording = try EmbeddingRecording(trajectories, sources: sources)
    return try estimate(
      recording, channels: channels ?? Array(0..<recording.channels), delay: τ, maximalCopies: maximalCopies,
      theilerWindow: theilerWindow ?? τ, references: references, saturation: saturation, seed: seed)
  }

  static func estimate(
    _ recording: EmbeddingRecording, channels: [Int], delay τ: Int, maximalCopies: Int, theilerWindow w: Int, references: Int,
    saturation: Double, seed: UInt64
  ) throws -> CaoStatistic {
    guard τ >= 1, maximalCopies >= 1, w >= 0, references >= 1 else {
      throw DataFileError(
        path: "(embedding)", problem: "asks for Cao's statistic at delay \(τ), up to \(maximalCopies) copies, Theiler window \(w), \(references) references",
        remedy: "use a delay ≥ 1, at least 1 copy, a window ≥ 0 and at least 1 reference point")
    }
    if let bad = channels.first(where: { $0 < 0 || $0 >= recording.channels }) {
      throw DataFileError(path: recording.sources[0], problem: "has channels 1…\(recording.channels), not channel \(bad + 1)", remedy: "choose existing channels")
    }
    let sets = (1...(maximalCopies + 1)).map { m in
      // Lag-major: the m past copies searched (lags τ … mτ), then the present (lag 0).
      let coordinates = (Array(1...m) + [0]).flatMap { k in channels.map { DelayEmbedding.Coordinate(channel: $0, lag: k * τ) } }
      return DelayVectorNeighbours(recording, coordinates: coordinates, searched: m * channels.count, theilerWindow: w)
    }
    // The same reference times for every m (those of the largest, a subset of every other's), so
    // that the ratios E1 and E2 compare like with like.
    let largest = sets[maximalCopies]
    let times = largest.references(limit: references, seed: seed).map { (largest.trajectories[$0], largest.times[$0]) }
    var E: [Double] = [], stars: [Double] = []
    for (m, points) in zip(1..., sets) {
      let (e, star) = try means(points, references: times.map { points.point(trajectory: $0.0, time: $0.1)! }, recording: recording, copies: m, delay: τ)
      E.append(e)
      stars.append(star)
    }
    let E1 = (0..<maximalCopies).map { E[$0 + 1] / E[$0] }
    let E2 = (0..<maximalCopies).map { stars[$0 + 1] / stars[$0] }
    let least = channels.count == 1 ? Swift.min(2, maximalCopies) : 1
    let first = (least...maximalCopies).first { E1[$0 - 1] >= saturation }
    return CaoStatistic(
      channels: channels, delay: τ, theilerWindow: w, references: references, seed: seed, saturation: saturation, E: Array(E.prefix(maximalCopies)),
      E1: E1, E2: E2, copies: first ?? maximalCopies, saturated: first != nil)
  }

  /// E(m) and E*(m) over the reference points `references` of `points`.
  private static func means(
    _ points: DelayVectorNeighbours, references: [Int], recording: EmbeddingRecording, copies m: Int, delay τ: Int
  ) throws -> (Double, Double) {
    let searched = points.searched
    var (sumA, sumStar, used) = (0.0, 0.0, 0)
    for i in references {
      guard let (n, δ) = points.nearest(to: i) else { continue }
      var added = 0.0
      for k in searched..<points.width { added = Swift.max(added, Swift.abs(points.value(i, k) - points.value(n, k))) }
      sumA += Swift.max(δ, added) / δ
      sumStar += added
      used += 1
    }
    guard used >= 10 else {
      throw DataFileError(
        path: recording.sources[0], problem: "has \(used) delay vectors with neighbours for \(m + 1) copies at delay \(τ), too few for Cao's statistic",
        remedy: "give a longer recording, or a smaller delay or largest dimension")
    }
    return (sumA / Double(used), sumStar / Double(used))
  }
}
