import DSRTensor
import Foundation

/// A delay embedding: the model observes, at time t, the recording's channels at chosen lags,
/// `(x_{c₁}(t − τ₁), x_{c₂}(t − τ₂), …)`.
///
/// A scalar recording (one channel) cannot show a model its state; by Takens' theorem delayed
/// copies of it can. `dsr train` chooses an embedding for a one-column recording (uniform delays
/// from the auto-mutual information and Cao's false-neighbour statistic, non-uniform delays on
/// request, or the `delays` a user gives), stores it in model.json, and every command that reads
/// data applies it before the standardisation (``apply(_:)``), so users always pass the raw
/// recording.
///
/// Lags look into the past (causal): row `t` of the embedded series is time `t + maximalLag` of the
/// recording, so the embedded series has `T − maximalLag` rows. A missing value (NaN) in the
/// recording makes every embedded row that uses it missing.
///
/// In model.json: `"embedding": {"channels": 1, "coordinates": [{"channel": 0, "lag": 0},
/// {"channel": 0, "lag": 20}, …]}` (channels 0-based).
public struct DelayEmbedding: Codable, Equatable, Sendable {
  /// One embedded coordinate: a channel of the recording at a lag.
  public struct Coordinate: Codable, Equatable, Hashable, Sendable {
    /// The recording's column (0-based).
    public var channel: Int
    /// The lag in samples (≥ 0): the coordinate is `x_channel(t − lag)`.
    public var lag: Int

    /// The coordinate `x_channel(t − lag)`.
    public init(channel: Int, lag: Int) { (self.channel, self.lag) = (channel, lag) }
  }

  /// The number of columns of the recording it reads.
  public var channels: Int
  /// The embedded coordinates, in the order of the model's observed dimensions.
  public var coordinates: [Coordinate]

  /// An embedding of a `channels`-column recording into `coordinates`.
  ///
  /// - Throws: ``DataFileError`` when a coordinate names a channel the recording lacks, a
  ///   negative lag, no coordinate is given, or one is repeated.
  public init(channels: Int, coordinates: [Coordinate]) throws {
    guard channels > 0, !coordinates.isEmpty else {
      throw DataFileError(path: "(embedding)", problem: "has no coordinates", remedy: "give at least one delay, e.g. delays = [0, 20]")
    }
    if let bad = coordinates.first(where: { $0.channel < 0 || $0.channel >= channels || $0.lag < 0 }) {
      throw DataFileError(
        path: "(embedding)", problem: "has channel \(bad.channel) at lag \(bad.lag), but the recording has channels 0…\(channels - 1) and lags are ≥ 0",
        remedy: "give lags ≥ 0 of existing channels")
    }
    guard Set(coordinates).count == coordinates.count else {
      throw DataFileError(path: "(embedding)", problem: "repeats a coordinate", remedy: "give each (channel, lag) once")
    }
    (self.channels, self.coordinates) = (channels, coordinates)
  }

  enum CodingKeys: String, CodingKey { case channels, coordinates }

  /// Decodes and checks an embedding (a damaged model.json or embedding.json must not reach
  /// ``apply(_:)`` with a negative lag or a missing channel).
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let (channels, coordinates) = (try c.decode(Int.self, forKey: .channels), try c.decode([Coordinate].self, forKey: .coordinates))
    do { try self.init(channels: channels, coordinates: coordinates) } catch let error as DataFileError {
      throw DecodingError.dataCorruptedError(forKey: .coordinates, in: c, debugDescription: error.problem)
    }
  }

  /// Every channel at lags `0, τ, …, (m − 1)·τ` (channel-major: all lags of channel 0 first).
  public static func uniform(channels: Int, dimension m: Int, delay τ: Int) throws -> DelayEmbedding {
    try DelayEmbedding(channels: channels, coordinates: (0..<channels).flatMap { c in (0..<m).map { Coordinate(channel: c, lag: $0 * τ) } })
  }

  /// The same lags for every channel (channel-major).
  public static func lags(_ lags: [Int], channels: Int) throws -> DelayEmbedding {
    try DelayEmbedding(channels: channels, coordinates: (0..<channels).flatMap { c in lags.map { Coordinate(channel: c, lag: $0) } })
  }

  /// The embedding that changes nothing: every channel at lag 0.
  public static func identity(channels: Int) -> DelayEmbedding {
    // Cannot throw: channels > 0 is a precondition of callers; distinct coordinates.
    precondition(channels > 0, "DelayEmbedding.identity: no channels")
    return try! DelayEmbedding(channels: channels, coordinates: (0..<channels).map { Coordinate(channel: $0, lag: 0) })
  }

  /// N, the embedded dimension.
  public var dimension: Int { coordinates.count }

  /// The largest lag: the rows lost at the start of each trajectory.
  public var maximalLag: Int { coordinates.map(\.lag).max() ?? 0 }

  /// Whether it is every channel at lag 0 in order.
  public var isIdentity: Bool { coordinates == (0..<channels).map { Coordinate(channel: $0, lag: 0) } }

  /// The embedded coordinate that shows channel `c` of the recording as it is (its smallest lag;
  /// nil when the channel is not embedded): how a model's output is read back as the recording.
  public func column(showing c: Int) -> Int? {
    coordinates.indices.filter { coordinates[$0].channel == c }.min { coordinates[$0].lag < coordinates[$1].lag }
  }

  /// The embedded series of a `T × channels` recording: `(T − maximalLag) × dimension`, row `t`
  /// holding `x[t + maximalLag − lag, channel]` in column `i` for coordinate i.
  ///
  /// - Precondition: `x` has `channels` columns and more than `maximalLag` rows.
  public func apply<S: BLASScalar>(_ x: Tensor<S>) -> Tensor<S> {
    precondition(x.rank == 2 && x.shape[1] == channels && x.shape[0] > maximalLag, "DelayEmbedding.apply: shape \(x.shape)")
    let (rows, n, d, shift) = (x.shape[0] - maximalLag, x.shape[1], dimension, maximalLag)
    var out = [S](repeating: 0, count: rows * d)
    x.scalars.withUnsafeBufferPointer { src in
      for (i, c) in coordinates.enumerated() {
        let offset = shift - c.lag
        for t in 0..<rows { out[t * d + i] = src[(t + offset) * n + c.channel] }
      }
    }
    return Tensor(shape: [rows, d], scalars: out)
  }

  /// `data` embedded: every trajectory by ``apply(_:)``, its external inputs without their first
  /// ``maximalLag`` rows (so that they stay aligned).
  ///
  /// - Throws: ``DataFileError`` naming a trajectory with the wrong number of columns or too few
  ///   rows for the lags.
  public func apply<S: BLASScalar>(to data: Dataset<S>) throws -> Dataset<S> {
    guard !isIdentity else { return data }
    for (x, source) in zip(data.trajectories, data.sources) {
      guard x.shape[1] == channels else {
        throw DataFileError(
          path: source, problem: "has \(x.shape[1]) columns, but the model's delay embedding reads a recording of \(channels)",
          remedy: "give the raw recording the model was trained on (dsr embeds it itself)")
      }
      guard x.shape[0] > maximalLag + 1 else {
        throw DataFileError(
          path: source, problem: "has \(x.shape[0]) rows, too few for the delay embedding's largest lag of \(maximalLag) samples",
          remedy: "give a longer recording, or smaller delays")
      }
    }
    let inputs = data.inputs.map { $0.map { $0.rows(maximalLag..<$0.shape[0]) } }
    return try Dataset(trajectories: data.trajectories.map { apply($0) }, inputs: inputs, sources: data.sources)
  }

  /// In words: `channel 1 at lags 0, 20, 68 samples` (channels 1-based, as `dsr inspect` counts).
  public var summary: String {
    let byChannel = (0..<channels).compactMap { c -> String? in
      let lags = coordinates.filter { $0.channel == c }.map(\.lag)
      guard !lags.isEmpty else { return nil }
      return "channel \(c + 1) at lag\(lags.count == 1 ? "" : "s") \(lags.map(String.init).joined(separator: ", "))"
    }
    return byChannel.joined(separator: "; ") + " samples (N = \(dimension), the first \(maximalLag) rows of each trajectory dropped)"
  }
}
