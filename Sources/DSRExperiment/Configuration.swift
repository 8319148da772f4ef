import Foundation

/// A training configuration: every key of `Configs/defaults.json`, resolved.
///
/// Keys are the reference's (gtf-shplrnn.md §4.1, snake_case) plus `seed`, `precision`,
/// `pwl_units`, `results_directory`, `standardize` and `model = "ALRNN"`. A configuration file lists only what
/// differs from the defaults; `--set key=value` overrides a file. Unknown keys, wrong types and
/// impossible values are rejected before training with the key named and, for typos, the
/// nearest valid key or value suggested.
public struct Configuration: Equatable, Sendable {
  /// One key: its default and what it means (the <doc:ConfigurationKeys> article lists these).
  public struct Key: Sendable {
    /// The reference's key.
    public let name: String
    /// Its built-in default (its type is the key's type).
    public let defaultValue: ConfigValue
    /// What it means, for the configuration-keys article and messages.
    public let meaning: String
  }

  /// Every key with its default, in documentation order.
  public static let keys: [Key] = [
    Key(name: "experiment", defaultValue: .string("default"), meaning: "top-level results folder"),
    Key(name: "name", defaultValue: .string("lorenz63"), meaning: "sub-folder (instance name)"),
    Key(name: "run", defaultValue: .int(1), meaning: "run number 1…999 (folder 001); also selects the random stream"),
    Key(name: "seed", defaultValue: .int(1), meaning: "base seed; the run's generator is derived from (seed, run)"),
    Key(name: "results_directory", defaultValue: .string("Results"), meaning: "where run directories go, relative to the working directory"),
    Key(name: "path_to_data", defaultValue: .string("Datasets/lorenz63_noise0.05_train.npy"),
        meaning: "training data: a T × N .npy/.csv file, a directory of .npy files, or a list of either (one trajectory each)"),
    Key(name: "path_to_inputs", defaultValue: .string(""), meaning: "external inputs T × K, one per trajectory, same forms; \"\" = none"),
    Key(name: "standardize", defaultValue: .bool(true),
        meaning: "z-score each observed column with the training data's mean and population std (all trajectories together) before training; stored in model.json, inputs untouched"),
    Key(name: "sampling_rate", defaultValue: .double(0),
        meaning: "samples per time unit of the recording (Hz for seconds); 0 = unknown (times in samples) unless dt is given; stored in model.json"),
    Key(name: "dt", defaultValue: .double(0), meaning: "the sampling interval (time units per sample), the alternative to sampling_rate; 0 = unknown"),
    Key(name: "detrend", defaultValue: .bool(false), meaning: "subtract each column's least-squares line before training (and from every data file a command reads with the model)"),
    Key(name: "highpass", defaultValue: .double(0),
        meaning: "cutoff (per time unit, Hz for seconds) of a zero-phase high-pass that removes baseline wander; 0 = off; needs sampling_rate or dt"),
    Key(name: "downsample", defaultValue: .int(1), meaning: "keep every k-th sample after an anti-alias low-pass; 1 = all"),
    Key(name: "embedding", defaultValue: .string("auto"),
        meaning: "delay embedding: auto (a 1-column recording gets uniform delays, several columns none), uniform (delay from the auto-mutual information, dimension from Cao's false neighbours; every channel), nonuniform (greedy non-uniform delays), none"),
    Key(name: "delays", defaultValue: .ints([]), meaning: "explicit lags in samples for every channel, e.g. [0, 20, 68, 55, 10]; [] = chosen by embedding"),
    Key(name: "precision", defaultValue: .string("float32"), meaning: "arithmetic: float32 (like the reference) or float64"),
    Key(name: "model", defaultValue: .string(ModelKind.clippedShallowPLRNN.rawValue), meaning: ModelKind.namesInWords),
    Key(name: "latent_dim", defaultValue: .int(0), meaning: "M, latent units; 0 = as many as the data has observed dimensions (N)"),
    Key(name: "hidden_dim", defaultValue: .int(100), meaning: "L, hidden units of the shallow models"),
    Key(name: "num_bases", defaultValue: .int(50), meaning: "B, bases of the dendritic models"),
    Key(name: "pwl_units", defaultValue: .int(2), meaning: "P, piecewise-linear units of the AL-RNN (the last P of M)"),
    Key(name: "observation_model", defaultValue: .string("Identity"), meaning: "Identity (needs M ≥ N) or Affine"),
    Key(name: "use_gtf", defaultValue: .bool(true), meaning: "generalized teacher forcing (true) or sparse teacher forcing (false)"),
    Key(name: "gtf_alpha", defaultValue: .double(1.0), meaning: "α₀, the initial (or constant) GTF α in [0, 1]"),
    Key(name: "gtf_alpha_method", defaultValue: .string("auto"),
        meaning: "auto (batch_maximum for maps, product_upper_bound for flows, from the data's lag-1 autocorrelation), constant, jacobian_upper_bound, batch_maximum, product_upper_bound, explog_approx or arithmetic_mean"),
    Key(name: "gtf_alpha_decay", defaultValue: .double(0.999), meaning: "γ of the α annealing"),
    Key(name: "alpha_update_interval", defaultValue: .int(5), meaning: "k: α is re-estimated on batches k, 2k, … of each epoch"),
    Key(name: "teacher_forcing_interval", defaultValue: .int(16), meaning: "τ of sparse teacher forcing"),
    Key(name: "partial_forcing", defaultValue: .bool(false), meaning: "force only the first N latent units"),
    Key(name: "gaussian_noise_level", defaultValue: .double(0.0), meaning: "σ of Gaussian noise added to every training batch"),
    Key(name: "sequence_length", defaultValue: .int(200), meaning: "T̃: windows of T̃ + 1 rows"),
    Key(name: "batch_size", defaultValue: .int(16), meaning: "S, windows per batch"),
    Key(name: "batches_per_epoch", defaultValue: .int(50), meaning: "Sₑ, batches per epoch"),
    Key(name: "epochs", defaultValue: .int(2000), meaning: "E"),
    Key(name: "optimizer", defaultValue: .string("RADAM"), meaning: "RADAM (Flux RAdam, the reference) or Adam"),
    Key(name: "start_lr", defaultValue: .double(1e-3), meaning: "initial learning rate"),
    Key(name: "end_lr", defaultValue: .double(1e-5), meaning: "learning rate after E epochs (exponential decay, once per epoch)"),
    Key(name: "gradient_clipping_norm", defaultValue: .double(0.0), meaning: "per-array gradient norm clip; 0 = off"),
    Key(name: "lat_model_regularization", defaultValue: .double(1e-5), meaning: "λ_l of the latent L2 regulariser (A pulled to 1)"),
    Key(name: "obs_model_regularization", defaultValue: .double(0.0), meaning: "λ_o: condition number of B (Affine) or ‖L‖² (Identity)"),
    Key(name: "MAR_ratio", defaultValue: .double(0.0), meaning: "κ, fraction of units under manifold-attractor regularisation (replaces λ_l)"),
    Key(name: "MAR_lambda", defaultValue: .double(0.0), meaning: "λ_MAR"),
    Key(name: "threads", defaultValue: .int(1),
        meaning: "cores one training uses: the batch's windows split into this many shards computed in parallel, gradients summed in shard order (deterministic for a given value; differs from 1 only in rounding)"),
    Key(name: "restarts", defaultValue: .int(1),
        meaning: "k trainings of this run with derived seeds (in restarts/1…k of the run directory, both cores used), model.json from the one whose free run matches the training data best"),
    Key(name: "model_selection", defaultValue: .string("best"),
        meaning: "model.json is the monitored checkpoint whose free run best matches the training data among those whose long free runs stay alive (best: smallest D_stsp/min D_stsp + D_H/min D_H) or the model after the last epoch (last, the reference)"),
    Key(name: "patience", defaultValue: .int(10),
        meaning: "stop training once the checkpoint model_selection = best would keep has not changed for this many monitors (scalar_saving_interval epochs each); 0 = always train all epochs"),
    Key(name: "scalar_saving_interval", defaultValue: .int(50), meaning: "epochs between monitoring lines, metrics.jsonl records and checkpoints"),
    Key(name: "image_saving_interval", defaultValue: .int(25),
        meaning: "epochs between plots/generated_<epoch>.svg snapshots (free run against the training data; shown by dsr report)"),
    Key(name: "device", defaultValue: .string("cpu"), meaning: "only cpu (kept for reference configurations)"),
    Key(name: "D_stsp_scaling", defaultValue: .double(1.0), meaning: "σ² of the Gaussian-mixture D_stsp (N ≥ 6)"),
    Key(name: "D_stsp_bins", defaultValue: .int(30), meaning: "bins per dimension of the binned D_stsp (N < 6)"),
    Key(name: "PSE_smoothing", defaultValue: .double(20.0), meaning: "σ (frequency bins) of the spectrum smoothing in D_H"),
    Key(name: "PE_n", defaultValue: .int(20), meaning: "n of the n-step prediction error"),
  ]

  /// The resolved values, one per key.
  public private(set) var values: [String: ConfigValue]

  /// The values as typed records, decoded by the validation (nil while the values are not valid).
  private var validated: RunConfiguration?

  /// The values as typed records (``RunConfiguration``): what every consumer reads.
  ///
  /// Every configuration that ``load(file:overrides:)`` and friends return is valid; a
  /// configuration changed with ``set(_:_:source:)`` into an invalid one must not be read.
  public var decoded: RunConfiguration {
    get {
      guard let validated else { preconditionFailure("configuration read before its values were validated") }
      return validated
    }
    set { validated = newValue }
  }

  /// The defaults.
  public init() {
    values = Dictionary(uniqueKeysWithValues: Self.keys.map { ($0.name, $0.defaultValue) })
    validated = try? decode()
  }

  /// The keys that make a file a grid configuration (`dsr grid`), not a single run.
  public static let gridKeys = ["grid", "runs", "ids", "slurm"]

  /// The defaults overlaid with a JSON file (if any), then with `key=value` overrides.
  public static func load(file: String?, overrides: [String] = []) throws -> Configuration {
    guard let file else { return try load(data: nil, source: "", overrides: overrides) }
    return try load(data: readFile(file), source: file, overrides: overrides)
  }

  /// The bytes of a configuration file, or an error saying why not: missing, a directory, unreadable.
  static func readFile(_ file: String) throws -> Data {
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory)
    guard exists, !isDirectory.boolValue, let data = FileManager.default.contents(atPath: file) else {
      let problem = !exists ? "does not exist" : isDirectory.boolValue ? "is a directory, not a configuration file" : "cannot be read"
      throw ConfigurationError(source: file, key: "", problem: problem, remedy: "give a JSON file like Configs/defaults.json (check the path)")
    }
    return data
  }

  /// The defaults overlaid with a JSON object (if any), then with `key=value` overrides; `source`
  /// names the object in messages.
  public static func load(data: Data?, source file: String, overrides: [String] = [], allowGridKeys: Bool = false) throws -> Configuration {
    var config = Configuration()
    if let data {
      if let problem = StrictJSON.firstProblem(in: data) {
        throw ConfigurationError(
          source: "\(file), line \(problem.line)", key: problem.key, problem: problem.message,
          remedy: problem.key.isEmpty ? "remove the comma" : "keep one of them")
      }
      var object: [String: ConfigValue]
      do {
        let raw: Any
        do { raw = try JSONSerialization.jsonObject(with: data) } catch {
          throw ConfigurationError(source: file, key: "", problem: "is not valid JSON (\(JSONSyntax.reason(error)))", remedy: JSONSyntax.remedy(error))
        }
        guard var dictionary = raw as? [String: Any] else { throw ConfigurationError(source: file, key: "", problem: "is not a JSON object", remedy: "see Configs/defaults.json for the format") }
        let grid = gridKeys.filter { dictionary[$0] != nil }
        if !grid.isEmpty && !allowGridKeys {
          throw ConfigurationError(
            source: file, key: grid[0], problem: "belongs to a grid configuration (keys \(gridKeys.joined(separator: ", ")))",
            remedy: "run it with `dsr grid --config \(file)`, or remove the key to train one run")
        }
        for key in gridKeys { dictionary[key] = nil }
        // Name the key whose value is not one configuration value (a list of numbers, an object, null).
        for (key, value) in dictionary.sorted(by: { $0.key < $1.key }) where configValue(value) == nil {
          let shown = (try? JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed]))
            .map { String(decoding: $0, as: UTF8.self).dropFirst().dropLast() }.map(String.init) ?? "\(value)"
          throw ConfigurationError(
            source: file, key: key, problem: "\(shown) is not a boolean, number, string or list of integers or strings",
            remedy: value is NSNull ? "remove the key to use its default" : "give one value as in Configs/defaults.json; lists of values to sweep belong in a grid file's \"grid\" object")
        }
        object = try JSONDecoder().decode([String: ConfigValue].self, from: JSONSerialization.data(withJSONObject: dictionary))
      } catch let error as ConfigurationError {
        throw error
      } catch {
        throw ConfigurationError(
          source: file, key: "", problem: "is not a JSON object of booleans, numbers, strings and string lists (\(describe(error)))",
          remedy: "see Configs/defaults.json for the format")
      }
      for (key, value) in object.sorted(by: { $0.key < $1.key }) { try config.set(key, value, source: file) }
    }
    for assignment in overrides { try config.apply(assignment) }
    try config.validate()
    return config
  }

  /// A configuration from a resolved `config.json` of a run directory (or a grid's task file).
  ///
  /// Such a file lists every key; one written before a key existed gets the behaviour of that
  /// time, not today's default: without `standardize` the run trained on unscaled data, so it
  /// resumes with `standardize = false`; without `model_selection` it ends with its last model;
  /// without `embedding` it trained on the recording as it was (`embedding = none`); without
  /// `patience` it trained all its epochs (`patience = 0`).
  public static func resolved(from file: String) throws -> Configuration {
    var config = try load(file: file)
    if let data = FileManager.default.contents(atPath: file),
       let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["standardize"] == nil {
      config.values["standardize"] = .bool(false)
    }
    if let data = FileManager.default.contents(atPath: file),
       let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["model_selection"] == nil {
      config.values["model_selection"] = .string(ModelSelectionRule.last.rawValue)
    }
    // Before patience existed every run trained all its epochs.
    if let data = FileManager.default.contents(atPath: file),
       let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["patience"] == nil {
      config.values["patience"] = .int(0)
    }
    // Before dsr embedded recordings, a one-column file was trained as it was.
    if let data = FileManager.default.contents(atPath: file),
       let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["embedding"] == nil {
      config.values["embedding"] = .string(EmbeddingRequest.Method.none.rawValue)
    }
    try config.validate()
    return config
  }

  /// Sets `key` to a JSON-typed value, checking the key and the type.
  public mutating func set(_ key: String, _ value: ConfigValue, source: String) throws {
    guard let expected = Self.keys.first(where: { $0.name == key })?.defaultValue else {
      let hint = nearest(key, in: Self.keys.map(\.name)).map { "did you mean '\($0)'?" } ?? "see Configs/defaults.json for the keys"
      throw ConfigurationError(source: source, key: key, problem: "is not a configuration key", remedy: hint)
    }
    switch (expected, value) {
    case (.bool, .bool), (.int, .int), (.double, .double), (.string, .string): values[key] = value
    case (.double, .int(let i)): values[key] = .double(Double(i))
    case (.int, .double(let d)) where d == d.rounded() && abs(d) < 1e15: values[key] = .int(Int(d))
    case (.string, .strings) where key == "path_to_data" || key == "path_to_inputs": values[key] = value
    case (.string, .ints([])) where key == "path_to_data" || key == "path_to_inputs": values[key] = .strings([])
    case (.ints, .ints): values[key] = value
    case (_, .ints), (_, .strings):
      throw ConfigurationError(
        source: source, key: key, problem: "must be \(expected.typeName), got \(value.typeName) \(value)",
        remedy: "give one value, e.g. \"\(key)\": \(expected); lists of values to sweep belong in a grid file's \"grid\" object")
    default:
      throw ConfigurationError(
        source: source, key: key, problem: "must be \(expected.typeName), got \(value.typeName) \(value)",
        remedy: "e.g. \"\(key)\": \(expected)")
    }
    // Still decodable after the change (a grid or suite sets several keys before validating).
    validated = try? decode()
  }

  /// Applies one `key=value` override; the value is read as the key's type (lists as JSON).
  public mutating func apply(_ assignment: String) throws {
    guard let eq = assignment.firstIndex(of: "=") else {
      throw ConfigurationError(source: "--set", key: assignment, problem: "is not of the form key=value", remedy: "e.g. --set epochs=100")
    }
    let key = String(assignment[..<eq]), text = String(assignment[assignment.index(after: eq)...])
    guard !key.isEmpty else {
      throw ConfigurationError(source: "--set", key: assignment, problem: "has no key before '='", remedy: "e.g. --set epochs=100")
    }
    guard let expected = Self.keys.first(where: { $0.name == key })?.defaultValue else {
      try set(key, .string(text), source: "--set")  // throws the unknown-key message
      return
    }
    let value: ConfigValue
    switch expected {
    case .bool:
      guard let b = Bool(text.lowercased()) else {
        throw ConfigurationError(source: "--set", key: key, problem: "must be true or false, got '\(text)'", remedy: "e.g. --set \(key)=true")
      }
      value = .bool(b)
    case .int:
      guard let i = Int(text) else {
        throw ConfigurationError(source: "--set", key: key, problem: "must be an integer, got '\(text)'", remedy: "e.g. --set \(key)=\(expected)")
      }
      value = .int(i)
    case .double:
      guard let d = Double(text), d.isFinite else {
        throw ConfigurationError(source: "--set", key: key, problem: "must be a number, got '\(text)'", remedy: "e.g. --set \(key)=\(expected)")
      }
      value = .double(d)
    case .ints:
      guard let list = try? JSONDecoder().decode([Int].self, from: Data(text.utf8)) else {
        throw ConfigurationError(source: "--set", key: key, problem: "must be a JSON list of integers, got '\(text)'", remedy: "e.g. --set \(key)=[0,20,68]")
      }
      value = .ints(list)
    case .string, .strings:
      if text.hasPrefix("["), let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) {
        value = .strings(list)
      } else {
        value = .string(text)
      }
    }
    try set(key, value, source: "--set")
  }

  // MARK: - access by key (decoding only: everything else reads ``decoded``)

  func int(_ key: String) -> Int {
    guard case .int(let i) = values[key] else { preconditionFailure("configuration key \(key) is not an integer") }
    return i
  }

  func double(_ key: String) -> Double {
    guard case .double(let d) = values[key] else { preconditionFailure("configuration key \(key) is not a number") }
    return d
  }

  func bool(_ key: String) -> Bool {
    guard case .bool(let b) = values[key] else { preconditionFailure("configuration key \(key) is not a boolean") }
    return b
  }

  func string(_ key: String) -> String {
    guard case .string(let s) = values[key] else { preconditionFailure("configuration key \(key) is not a string") }
    return s
  }

  func ints(_ key: String) -> [Int] {
    guard case .ints(let a) = values[key] else { preconditionFailure("configuration key \(key) is not a list of integers") }
    return a
  }

  /// A path key as a list (a single string becomes one element; `""` none).
  func paths(_ key: String) -> [String] {
    switch values[key] {
    case .string(let s): return s.isEmpty ? [] : [s]
    case .strings(let a): return a
    default: preconditionFailure("configuration key \(key) is not a path")
    }
  }

  /// The resolved configuration as pretty JSON with sorted keys (a run's `config.json`).
  public func jsonData() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try! encoder.encode(values)
  }
}

func describe(_ error: Error) -> String {
  if case DecodingError.dataCorrupted(let context) = error {
    return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
  }
  if case DecodingError.typeMismatch(_, let context) = error {
    return "at \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
  }
  if case DecodingError.keyNotFound(let key, let context) = error {
    return "no key '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
  }
  if case DecodingError.valueNotFound(_, let context) = error {
    return "at \(context.codingPath.map(\.stringValue).joined(separator: ".")): a value is missing (null)"
  }
  return "\(error)"
}
