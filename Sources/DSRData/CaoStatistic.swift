import DSRTensor

/// Cao's averaged false neighbours (Cao 1997): the embedding dimension of a uniform delay
/// embedding, and whether the recording looks deterministic at all.
///
/// The delay vectors are causal, `y_t(m) = (x(t), x(t − τ), …, x(t − (m − 1)τ))`, every channel
/// of the recording at each lag (for one channel this is Cao's scalar embedding; for C channels
/// `m` copies give dimension `m·C`, and m = 1 is the plain multichannel vectors). For each m the
/// points are the times at which `y_t(m + 1)` exists with no NaN; for a reference point its
/// nearest neighbour `n` in `y(m)` (maximum norm, at a non-zero distance, outside the Theiler
/// window `|t − s| ≤ w` of the same trajectory) gives
/// `a(t, m) = ‖y_t(m+1) − y_n(m+1)‖ / ‖y_t(m) − y_n(m)‖`. Then
/// - `E(m)` = the mean of a over the references, `E1(m) = E(m + 1) / E(m)`;
/// - `E*(m)` = the mean of `‖x(t − mτ) − x(n − mτ)‖` (the coordinates the next copy adds),
///   `E2(m) = E*(m + 1) / E*(m)`.
///
/// E1 rises towards 1 and stops changing once m copies unfold the attractor: the dimension is
/// the first m with `E1(m) ≥ saturation` (default 0.8: within 20 % of 1; on the
/// x coordinate of Lorenz-63 E1 is about 0.1, 0.85, 0.87, 0.95 at m = 2 … 5, giving 3), at least 2 copies for a single channel
/// (one delay coordinate cannot show an oscillation), and ``maximalCopies`` with
/// ``saturated`` false when none up to it saturates. E2 ≈ 1 at every m means the values are
/// unrelated to their past: noise-like data, which no embedding makes deterministic
/// (``looksLikeNoise``).
///
/// Reference points: all points when there are at most ``references`` (default 2000), else that
/// many drawn with a generator seeded by ``seed``, so the result is the same on every run; they
/// are searched against all points.
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
    var E: [Double] = [], stars: [Double] = []
    for m in 1...(maximalCopies + 1) {
      let (e, star) = try means(recording, channels: channels, delay: τ, copies: m, theilerWindow: w, references: references, seed: seed)
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

  /// E(m) and E*(m).
  private static func means(
    _ recording: EmbeddingRecording, channels: [Int], delay τ: Int, copies m: Int, theilerWindow: Int, references: Int, seed: UInt64
  ) throws -> (Double, Double) {
    // Lag-major: the m copies searched, then the copy at lag mτ.
    let coordinates = (0...m).flatMap { k in channels.map { DelayEmbedding.Coordinate(channel: $0, lag: k * τ) } }
    let searched = m * channels.count
    let points = DelayVectorNeighbours(recording, coordinates: coordinates, searched: searched, theilerWindow: theilerWindow)
    var (sumA, sumStar, used) = (0.0, 0.0, 0)
    for i in points.references(limit: references, seed: seed) {
      guard let (n, δ) = points.nearest(to: i) else { continue }
      var added = 0.0
      for k in searched..<coordinates.count { added = Swift.max(added, Swift.abs(points.value(i, k) - points.value(n, k))) }
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
