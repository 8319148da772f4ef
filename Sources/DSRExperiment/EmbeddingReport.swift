import DSRData
import DSRTensor
import Foundation

/// `dsr data embed`: the delay embedding `dsr train` would choose for a recording, with the
/// curves it was read from, without training; optionally the embedded series written out.
public enum EmbeddingReport {
  /// What to embed and how.
  public struct Request: Sendable {
    /// The recording (a file, a directory of .npy files; several trajectories embed together).
    public var paths: [String]
    /// The preprocessing before the embedding (sampling interval, filters).
    public var preprocessing: Preprocessing
    /// How the lags are chosen (`auto` embeds every recording here, one column or several: an
    /// explicit request to embed).
    public var method: EmbeddingMethod = .uniform
    /// Explicit lags (samples) for every channel instead of a choice.
    public var delays: [Int] = []
    /// One JSON object (the choice with its curves) instead of text.
    public var json = false
    /// Write the embedded series (first trajectory, data units) here (.npy).
    public var out: String?
    /// Replace `out` if it exists.
    public var force = false

    /// A request for `paths` with no preprocessing and the uniform method.
    public init(paths: [String]) throws {
      self.paths = paths
      preprocessing = try Preprocessing()
    }
  }

  /// The text (or JSON) `dsr data embed` prints.
  ///
  /// - Throws: ``DataFileError`` for unreadable data, data too short or constant to embed, or an
  ///   output that exists without `force`.
  public static func run(_ request: Request) throws -> String {
    if let out = request.out { try OutputFile.check(out, reading: request.paths, force: request.force) }
    let recording = try Dataset<Double>.load(paths: request.paths, allowingMissing: true)
    let data = try request.preprocessing.apply(to: recording)
    let embedding: DelayEmbedding
    var choice: EmbeddingChoice? = nil
    if request.delays.isEmpty {
      let c = try EmbeddingChoice.choose(data.trajectories, method: request.method, sources: data.sources)
      (embedding, choice) = (c.embedding, c)
    } else {
      embedding = try DelayEmbedding.lags(request.delays, channels: data.observedDimension)
    }
    for (x, source) in zip(data.trajectories, data.sources) where x.shape[0] <= embedding.maximalLag + 1 {
      throw DataFileError(path: source, problem: "has \(x.shape[0]) rows, too few for the largest lag of \(embedding.maximalLag) samples",
                          remedy: "give smaller delays or a longer recording")
    }
    var written: String? = nil
    if let out = request.out {
      try NPY.write(try embedding.apply(to: data).trajectories[0], to: out)
      written = out
    }
    // `delays` gives every channel the same lags: suggest it only when that is this embedding.
    let lags = Set(embedding.coordinates.map(\.lag)).sorted()
    let sameLags = (try? DelayEmbedding.lags(lags, channels: embedding.channels)).map { Set($0.coordinates) == Set(embedding.coordinates) } ?? false
    let setting = embedding.isIdentity ? "--set embedding=none"
      : sameLags ? "--set delays=[\(lags.map(String.init).joined(separator: ","))]" : "--set embedding=\(request.method.rawValue)"
    if request.json {
      var object: [String: Any] = ["embedding": try JSONSerialization.jsonObject(with: JSONEncoder().encode(embedding)), "setting": setting,
                                   "preprocessing": try JSONSerialization.jsonObject(with: JSONEncoder().encode(request.preprocessing))]
      if let choice { object["choice"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(choice)) }
      if let written { object["written"] = written }
      let text = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
      return String(decoding: text, as: UTF8.self)
    }
    var lines: [String] = []
    let rows = data.trajectories.map { $0.shape[0] }
    lines.append("\(data.sources.count == 1 ? data.sources[0] : "\(data.sources.count) trajectories"): \(rows.reduce(0, +)) rows × \(data.observedDimension) channel\(data.observedDimension == 1 ? "" : "s")"
      + (request.preprocessing.changesValues || request.preprocessing.dt != nil ? "; preprocessed: \(request.preprocessing.summary)" : ""))
    if let choice { lines += describe(choice, dt: request.preprocessing.modelDt) }
    lines.append("Embedding: \(embedding.summary)")
    lines.append("Train with it: dsr train --data \(request.paths.joined(separator: ",")) \(setting)"
      + (choice?.method == .nonuniform ? " (or --set embedding=nonuniform)" : "") + " — a one-column file is embedded this way by default.")
    if let written { lines.append("Embedded series (first trajectory, data units) written to \(written).") }
    return lines.joined(separator: "\n")
  }

  /// The curves of a choice in a few lines: I(τ) around the chosen delay, E1/E2 per dimension,
  /// the non-uniform steps.
  static func describe(_ choice: EmbeddingChoice, dt: Double?) -> [String] {
    var lines: [String] = []
    func time(_ samples: Int) -> String { dt.map { String(format: " (%.4g time units)", Double(samples) * $0) } ?? "" }
    for ami in choice.mutualInformation {
      let shown = stride(from: 0, through: Swift.min(ami.maximalDelay, Swift.max(2 * ami.delay, 10)), by: Swift.max(1, ami.delay / 5))
      let curve = shown.map { String(format: "%d: %.3f", $0, ami.values[$0]) }.joined(separator: ", ")
      lines.append("Channel \(ami.channel + 1): delay \(ami.delay) samples\(time(ami.delay)) (\(ami.rule.description)); I(τ) in nats at τ = \(curve)")
    }
    if let cao = choice.cao {
      let table = cao.E1.indices.map { String(format: "m=%d: E1 %.3f E2 %.3f", $0 + 1, cao.E1[$0], cao.E2[$0]) }.joined(separator: "; ")
      lines.append("Cao (delay \(cao.delay)): \(table)")
      lines.append("Dimension \(cao.dimension): " + (cao.saturated ? "E1 reaches \(cao.saturation) at m = \(cao.copies)" : "E1 never reached \(cao.saturation): the largest m tried")
        + (cao.looksLikeNoise ? "; E2 ≈ 1 at every m: the recording looks like noise, which no embedding makes deterministic" : ""))
    }
    if let search = choice.nonuniform {
      let steps = search.steps.map { s in "+ channel \(s.candidate.channel + 1) lag \(s.candidate.lag): E \(String(format: "%.3g", s.E))" }
      lines.append("Non-uniform search: " + steps.joined(separator: ", ") + (search.saturated ? "" : " (stopped at the largest dimension)"))
    }
    lines.append("Chosen: \(choice.summary)")
    return lines
  }

  /// The preprocessing of the command-line options (the same checks as the configuration's).
  public static func preprocessing(samplingRate: Double?, highpass: Double?, detrend: Bool, downsample: Int) throws -> Preprocessing {
    if let samplingRate, !(samplingRate > 0 && samplingRate.isFinite) {
      throw UsageError("--sampling-rate must be positive, got \(samplingRate)")
    }
    do {
      return try Preprocessing(dt: samplingRate.map { 1 / $0 }, detrend: detrend, highpass: highpass, downsample: downsample)
    } catch let error as DataFileError {
      throw UsageError("\(error.problem)" + (error.remedy.map { " (\($0))" } ?? ""))
    }
  }

  /// `uniform` or `nonuniform`, with the nearest name suggested.
  public static func method(_ name: String) throws -> EmbeddingMethod {
    guard let m = EmbeddingMethod(rawValue: name) else {
      throw UsageError("--method must be uniform or nonuniform, got '\(name)'")
    }
    return m
  }

  /// `0,20,68` as lags.
  public static func delays(_ text: String) throws -> [Int] {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard !parts.isEmpty, let lags = Optional(parts.compactMap { Int($0) }), lags.count == parts.count, lags.allSatisfy({ $0 >= 0 }) else {
      throw UsageError("--delays must be lags ≥ 0 separated by commas, e.g. 0,20,68; got '\(text)'")
    }
    return lags
  }
}
