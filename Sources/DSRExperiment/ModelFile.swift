import DSRData
import DSRDynamics
import DSRModels
import DSRTensor
import Foundation

/// `model.json`: a trained model in a documented, versioned JSON format readable with any JSON
/// library (Python: `json.load`, then `np.array(p["data"]).reshape(p["shape"])`; or, to run it,
/// the numpy-only package in `python/`: `dsr_models.load(path)`, see <doc:Python>).
///
/// ```json
/// { "format": "dsr-model", "version": 1,
///   "model": "clippedShallowPLRNN", "latent_dim": 3, "hidden_dim": 100,
///   "observation_model": "Identity", "observed_dim": 3, "input_dim": 0,
///   "precision": "float32",
///   "parameters": { "A": {"shape": [3], "data": [...]}, "W1": {...}, ..., "L": {...}, "C": {...} },
///   "training": { "epochs": 5000, "seed": 1, "run": 1, "loss": 0.0123, "alpha": 0.1 },
///   "standardization": { "mean": [...], "std": [...] } }
/// ```
///
/// A model trained on a recording that dsr preprocessed or delay-embedded also holds
/// `"preprocessing"` (``Preprocessing``: the sampling interval `dt`, detrending, high-pass,
/// downsampling) and `"embedding"` (``DelayEmbedding``: the channels and lags), and is version 2;
/// every command maps a raw recording through preprocessing, embedding and standardisation, in
/// that order (``modelUnits(_:)``). Files without them stay version 1 (byte for byte what dsr wrote
/// before).
///
/// `standardization` (written when the run z-scored its training data, `standardize = true`)
/// maps data units to the model's units, `z = (x − mean) / std` per column; absent, the model
/// works in data units (``dataTransform`` is then the identity). Commands that run the model
/// against data go through ``modelUnits(_:)`` or ``loadData(paths:inputPaths:path:as:)``.
///
/// Arrays are row-major. `num_bases` (dendritic models) and `pwl_units` (AL-RNN) appear only where
/// they apply. Parameter names: A, W, h (PLRNN, mcPLRNN, ALRNN, + alpha and H for the dendritic
/// models) or A, W1, W2, h1, h2 (shallow models); B (Affine) or L (Identity with M > N); C (inputs).
public struct ModelFile: Codable, Equatable, Sendable {
  /// One array: its shape and its row-major values.
  public struct Array: Codable, Equatable, Sendable {
    /// The shape.
    public var shape: [Int]
    /// The values, row-major.
    public var data: [Double]
  }

  /// What training produced this model.
  public struct Training: Codable, Equatable, Sendable {
    /// Epochs trained.
    public var epochs: Int
    /// The base seed.
    public var seed: Int
    /// The run number.
    public var run: Int
    /// The loss of the last monitoring batch.
    public var loss: Double
    /// The GTF α at the end (nil under sparse teacher forcing).
    public var alpha: Double?

    /// A training record from its fields.
    public init(epochs: Int, seed: Int, run: Int, loss: Double, alpha: Double?) {
      (self.epochs, self.seed, self.run, self.loss, self.alpha) = (epochs, seed, run, loss, alpha)
    }
  }

  /// Always `dsr-model`.
  public var format = "dsr-model"
  /// The format version: 2 with a preprocessing or an embedding, 1 without.
  public var version = 1
  /// The versions this dsr reads.
  public static let readableVersions = 1...2
  /// The latent model's name (``ModelKind``).
  public var model: String
  /// M.
  public var latentDim: Int
  /// L of the shallow models.
  public var hiddenDim: Int?
  /// B of the dendritic models.
  public var numBases: Int?
  /// P of the AL-RNN.
  public var pwlUnits: Int?
  /// `Identity` or `Affine`.
  public var observationModel: String
  /// N.
  public var observedDim: Int
  /// K, the external inputs (0: none).
  public var inputDim: Int
  /// `float32` or `float64`.
  public var precision: String
  /// The parameter arrays by name.
  public var parameters: [String: Array]
  /// What training produced it (nil for an imported model).
  public var training: Training?
  /// The z-scoring of the training data (data units → model units); nil: none.
  public var standardization: Standardization?
  /// The sampling interval and filters applied to a recording first; nil: none (version 1 files).
  public var preprocessing: Preprocessing?
  /// The delay embedding of the (preprocessed) recording; nil: its columns as they are.
  public var embedding: DelayEmbedding?

  enum CodingKeys: String, CodingKey {
    case format, version, model, precision, parameters, training, standardization, preprocessing, embedding
    case latentDim = "latent_dim", hiddenDim = "hidden_dim", numBases = "num_bases", pwlUnits = "pwl_units"
    case observationModel = "observation_model", observedDim = "observed_dim", inputDim = "input_dim"
  }

  /// The file describing a latent model, its observation model and input weights.
  public init<S: BLASScalar>(
    model: any LatentModel<S>, observation: ObservationModel<S>, inputWeights: Tensor<S>?, training: Training?,
    standardization: Standardization? = nil, preprocessing: Preprocessing? = nil, embedding: DelayEmbedding? = nil
  ) {
    (self.preprocessing, self.embedding) = (preprocessing, embedding)
    version = preprocessing == nil && embedding == nil ? 1 : 2
    self.model = model.referenceName
    latentDim = model.dimension
    (hiddenDim, numBases, pwlUnits) = (model.sizes.hidden, model.sizes.bases, model.sizes.piecewiseLinearUnits)
    observationModel = observation.kind.rawValue
    observedDim = observation.observedDimension
    inputDim = inputWeights?.shape[1] ?? 0
    precision = S.self == Float.self ? "float32" : "float64"
    var arrays: [String: Array] = [:]
    let names = type(of: model).parameterNames + observation.parameterNames + (inputWeights == nil ? [] : ["C"])
    let tensors = model.parameters + observation.parameters + (inputWeights.map { [$0] } ?? [])
    for (name, t) in zip(names, tensors) { arrays[name] = Array(shape: t.shape, data: t.scalars.map { Double($0) }) }
    parameters = arrays
    self.training = training
    self.standardization = standardization
  }

  /// A file from its fields (e.g. a model imported from another implementation).
  public init(
    model: String, latentDim: Int, hiddenDim: Int?, numBases: Int?, pwlUnits: Int?, observationModel: String, observedDim: Int,
    inputDim: Int, precision: String, parameters: [String: Array], training: Training?, standardization: Standardization? = nil
  ) {
    (self.model, self.latentDim, self.hiddenDim, self.numBases, self.pwlUnits) = (model, latentDim, hiddenDim, numBases, pwlUnits)
    (self.observationModel, self.observedDim, self.inputDim, self.precision) = (observationModel, observedDim, inputDim, precision)
    (self.parameters, self.training, self.standardization) = (parameters, training, standardization)
  }

  /// Pretty JSON with sorted keys.
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }

  /// Reads and checks a model file.
  public static func read(_ path: String) throws -> ModelFile {
    try DataFileError.requireRegularFile(path)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DataFileError(path: path, problem: "cannot be read", remedy: "give the model.json of a run directory")
    }
    return try parse(data, path: path)
  }

  /// Decodes and checks a model file held in memory; `path` names it in error messages.
  public static func parse(_ data: Data, path: String) throws -> ModelFile {
    let file: ModelFile
    try StrictJSON.check(data, path: path)
    do { file = try JSONDecoder().decode(ModelFile.self, from: data) } catch {
      throw DataFileError(path: path, problem: "is not a dsr model file (\(describe(error)))", remedy: "give the model.json of a run directory")
    }
    guard file.format == "dsr-model", readableVersions.contains(file.version) else {
      throw DataFileError(path: path, problem: "has format \(file.format) version \(file.version)",
                          remedy: "this dsr reads dsr-model versions \(readableVersions.lowerBound)–\(readableVersions.upperBound); a newer dsr wrote it")
    }
    // A float32 model holds float32 numbers: beyond ±3.4e38 they would run as ±inf.
    if file.precision == "float32" {
      for (name, a) in file.parameters.sorted(by: { $0.key < $1.key }) {
        if let index = a.data.firstIndex(where: { !Float($0).isFinite }) {
          throw DataFileError(path: path, problem: "parameter '\(name)' holds \(a.data[index]) at flat index \(index), which is not a finite float32 number",
                              remedy: "set \"precision\": \"float64\" in the file (dsr import --precision float64), or rescale the parameters")
        }
      }
    }
    if let e = file.embedding {
      guard e.dimension == file.observedDim, (try? DelayEmbedding(channels: e.channels, coordinates: e.coordinates)) != nil else {
        throw DataFileError(path: path, problem: "has an embedding of \(e.dimension) coordinates for observed_dim \(file.observedDim) (or invalid channels/lags)",
                            remedy: "the file is corrupt")
      }
    }
    if let p = file.preprocessing, (try? Preprocessing(dt: p.dt, detrend: p.detrend, highpass: p.highpass, downsample: p.downsample)) == nil {
      throw DataFileError(path: path, problem: "has an invalid preprocessing (dt \(p.dt.map { "\($0)" } ?? "none"), high-pass \(p.highpass.map { "\($0)" } ?? "none"), downsample \(p.downsample))",
                          remedy: "the file is corrupt")
    }
    if let s = file.standardization {
      guard s.mean.count == file.observedDim, s.std.count == file.observedDim else {
        throw DataFileError(path: path, problem: "has a standardization of \(s.mean.count) means and \(s.std.count) stds for observed_dim \(file.observedDim)",
                            remedy: "the file is corrupt; remove the \"standardization\" key only if the model was trained on unscaled data")
      }
      guard s.mean.allSatisfy(\.isFinite), s.std.allSatisfy({ $0.isFinite && $0 > 0 }) else {
        throw DataFileError(path: path, problem: "has a standardization with a non-finite mean or a non-positive std", remedy: "the file is corrupt")
      }
    }
    return file
  }

  func tensor<S: BLASScalar>(_ name: String, path: String) throws -> Tensor<S> {
    guard let a = parameters[name] else {
      throw DataFileError(path: path, problem: "has no parameter '\(name)' for a \(model)", remedy: "the file is incomplete")
    }
    guard a.shape.reduce(1, *) == a.data.count else {
      throw DataFileError(path: path, problem: "parameter '\(name)' has shape \(a.shape) but \(a.data.count) values", remedy: "the file is corrupt")
    }
    return Tensor(shape: a.shape, scalars: a.data.map { S($0) })
  }

  /// Rebuilds the latent model, the observation model and C in precision `S`.
  public func instantiate<S: BLASScalar>(
    _: S.Type = S.self, path: String = "model.json"
  ) throws -> (model: any LatentModel<S>, observation: ObservationModel<S>, inputWeights: Tensor<S>?) {
    func t(_ name: String) throws -> Tensor<S> { try tensor(name, path: path) }
    guard let kind = ModelKind(rawValue: model) else {
      throw DataFileError(path: path, problem: "names an unknown model '\(model)'",
                          remedy: "known: \(ModelKind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    _ = try expectedShapes(kind: kind, path: path)
    let latent: any LatentModel<S>
    switch kind {
    case .plrnn, .meanCenteredPLRNN: latent = PLRNN(a: try t("A"), w: try t("W"), h: try t("h"), meanCentered: kind == .meanCenteredPLRNN)
    case .dendriticPLRNN, .clippedDendriticPLRNN:
      latent = DendriticPLRNN(a: try t("A"), w: try t("W"), h: try t("h"), alpha: try t("alpha"), thresholds: try t("H"), clipped: kind == .clippedDendriticPLRNN)
    case .shallowPLRNN, .clippedShallowPLRNN:
      latent = ShallowPLRNN(a: try t("A"), w1: try t("W1"), w2: try t("W2"), h1: try t("h1"), h2: try t("h2"), clipped: kind == .clippedShallowPLRNN)
    case .alrnn: latent = ALRNN(a: try t("A"), w: try t("W"), h: try t("h"), piecewiseLinearUnits: pwlUnits ?? 0)
    }
    guard let kind = ObservationModel<S>.Kind(rawValue: observationModel) else {
      throw DataFileError(path: path, problem: "names an unknown observation model '\(observationModel)'", remedy: "Identity or Affine")
    }
    let obsParameters: [Tensor<S>] = kind == .affine ? [try t("B")] : (latentDim > observedDim ? [try t("L")] : [])
    let observation = ObservationModel(kind: kind, observedDimension: observedDim, latentDimension: latentDim, parameters: obsParameters)
    return (latent, observation, inputDim > 0 ? try t("C") : nil)
  }
}
