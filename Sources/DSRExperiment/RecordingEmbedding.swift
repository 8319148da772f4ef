import DSRData
import DSRTensor
import Foundation

/// The delay embedding of a run's recording and how it was chosen: what `dsr train` applies
/// after the preprocessing and before the standardisation, stores in model.json (the
/// ``DelayEmbedding``) and in the run directory (`embedding.json`: this value, with the
/// auto-mutual-information and false-neighbour curves for the report), and states in the run's
/// first lines.
public struct RecordingEmbedding: Codable, Sendable {
  /// The transform.
  public var embedding: DelayEmbedding
  /// How it was chosen, in words (e.g. "the given delays", or the estimator's summary).
  public var reason: String
  /// The estimator's curves and choices (nil for explicit delays).
  public var analysis: EmbeddingChoice?
  /// Whether dsr chose to embed on its own (`embedding = auto` on a one-column recording).
  public var automatic: Bool

  /// `embedding.json` in a run directory.
  public static func path(in directory: RunDirectory) -> String { directory.file("embedding.json") }

  /// The embedding `request` asks for on `data` (preprocessed, not yet standardised); nil when
  /// the recording's columns are used as they are.
  ///
  /// - Throws: ``DataFileError`` when the recording is too short or constant for the estimators,
  ///   or the explicit delays do not fit it.
  public static func resolve<S: BLASScalar>(_ request: EmbeddingRequest, for data: Dataset<S>) throws -> RecordingEmbedding? {
    let channels = data.observedDimension
    guard let method = request.method(forChannels: channels) else {
      let embedding = try DelayEmbedding.lags(request.delays, channels: channels)
      return embedding.isIdentity ? nil : RecordingEmbedding(embedding: embedding, reason: "the given delays", analysis: nil, automatic: false)
    }
    let estimator: EmbeddingMethod
    switch method {
    case .none, .auto: return nil
    case .uniform: estimator = .uniform
    case .nonuniform: estimator = .nonuniform
    }
    let choice = try EmbeddingChoice.choose(data.trajectories.map { $0.converted(to: Double.self) }, method: estimator)
    guard !choice.embedding.isIdentity else { return nil }
    return RecordingEmbedding(embedding: choice.embedding, reason: choice.summary, analysis: choice,
                              automatic: request.method == .auto)
  }

  /// The run's first-lines statement, e.g. `Embedded: channel 1 at lags 0, 17, 34 samples (N = 3, …):
  /// delay 17 samples (first minimum of the auto-mutual information), dimension 3 (Cao) …`.
  public var line: String {
    var text = "Delay-embedded: \(embedding.summary); \(reason) (stored in model.json; every command embeds the raw recording the same way)."
    if automatic {
      text += " A one-column recording is embedded by default: --set embedding=none trains on it as it is, --set delays=[0,τ,2τ] fixes the lags."
    }
    return text
  }

  /// Writes `embedding.json` into `directory` (atomically).
  public func write(to directory: RunDirectory) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(try encoder.encode(self), to: Self.path(in: directory))
  }

  /// The embedding a run chose when it started (its `embedding.json`), for resuming it exactly;
  /// nil when the run has none.
  public static func read(from directory: RunDirectory) throws -> RecordingEmbedding? {
    let path = path(in: directory)
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    try StrictJSON.check(data, path: path)
    do { return try JSONDecoder().decode(RecordingEmbedding.self, from: data) } catch {
      throw DataFileError(path: path, problem: "is not a dsr embedding record (\(describe(error)))", remedy: "the file is damaged; start the run again")
    }
  }
}
