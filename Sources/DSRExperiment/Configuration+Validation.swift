import DSRData
import DSRTraining

/// The value checks that need no data (dimension checks against the data happen in
/// ``TrainingRun`` once the data is loaded), and the decoding of the checked values into a
/// ``RunConfiguration``: the only place that reads configuration values by key.
extension Configuration {
  /// Checks every value and decodes them into ``decoded``.
  ///
  /// - Throws: ``ConfigurationError`` naming the key, the problem and the fix (with the nearest
  ///   valid choice for a misspelt name).
  mutating func validate() throws {
    decoded = try decode()
  }

  /// The checked values as a ``RunConfiguration``.
  func decode() throws -> RunConfiguration {
    func fail(_ key: String, _ problem: String, _ remedy: String) -> ConfigurationError {
      ConfigurationError(source: "configuration", key: key, problem: problem, remedy: remedy)
    }
    func choice<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws -> E where E.RawValue == String {
      let v = string(key)
      let options = E.allCases.map(\.rawValue)
      guard let value = E(rawValue: v) else {
        let hint = nearest(v, in: options).map { "did you mean '\($0)'? " } ?? ""
        throw fail(key, "'\(v)' is not one of \(options.joined(separator: ", "))", hint + "pick one of those")
      }
      return value
    }
    let model = try choice("model", ModelKind.self)
    let observation = try choice("observation_model", ObservationKind.self)
    let alphaMethod = try choice("gtf_alpha_method", AlphaMethod.self)
    let optimizer = try choice("optimizer", OptimizerKind.self)
    let modelSelection = try choice("model_selection", ModelSelectionRule.self)
    let precision = try choice("precision", Precision.self)
    let embeddingMethod = try choice("embedding", EmbeddingRequest.Method.self)
    guard string("device") == "cpu" else {
      throw fail("device", "'\(string("device"))' is not supported: dsr trains on the CPU", "set device to cpu")
    }
    guard int("latent_dim") >= 0 else {
      throw fail("latent_dim", "must be ≥ 0, got \(int("latent_dim"))", "use 0 for as many latent units as observed dimensions, or a positive integer")
    }
    for key in ["epochs", "batch_size", "batches_per_epoch", "sequence_length", "hidden_dim", "num_bases",
                "teacher_forcing_interval", "alpha_update_interval", "scalar_saving_interval", "image_saving_interval",
                "D_stsp_bins", "PE_n"] where int(key) < 1 {
      throw fail(key, "must be at least 1, got \(int(key))", "use a positive integer")
    }
    guard (1...999).contains(int("run")) else { throw fail("run", "must be in 1…999, got \(int("run"))", "run directories have three digits") }
    guard int("seed") >= 0 else { throw fail("seed", "must be ≥ 0, got \(int("seed"))", "use a non-negative integer") }
    for key in ["gtf_alpha", "gtf_alpha_decay", "MAR_ratio"] where !(0...1).contains(double(key)) {
      throw fail(key, "must lie in [0, 1], got \(double(key))", "use a value between 0 and 1")
    }
    for key in ["start_lr", "end_lr"] where !(double(key) > 0) {
      throw fail(key, "must be positive, got \(double(key))", "e.g. 1e-3")
    }
    for key in ["gaussian_noise_level", "gradient_clipping_norm", "lat_model_regularization", "obs_model_regularization",
                "MAR_lambda", "D_stsp_scaling", "PSE_smoothing"] where !(double(key) >= 0) {
      throw fail(key, "must be ≥ 0, got \(double(key))", "use 0 to switch it off")
    }
    if model == .alrnn && int("latent_dim") > 0 && !(0...int("latent_dim")).contains(int("pwl_units")) {
      throw fail("pwl_units", "P = \(int("pwl_units")) must lie in 0…latent_dim = \(int("latent_dim"))",
                 "choose pwl_units ≤ latent_dim or a larger latent_dim")
    }
    if alphaMethod == .jacobianUpperBound && bool("use_gtf") && !model.isShallow {
      let shallow = ModelKind.allCases.filter(\.isShallow).map(\.rawValue).joined(separator: " and ")
      throw fail("gtf_alpha_method", "jacobian_upper_bound is defined only for \(shallow), not \(model.rawValue)",
                 "use product_upper_bound or arithmetic_mean")
    }
    if paths("path_to_data").isEmpty {
      throw fail("path_to_data", "is empty", "give a .npy file, a directory of .npy files or a list of them")
    }
    // One path component each, so a run can never be written outside results_directory.
    for key in ["experiment", "name"]
    where string(key).isEmpty || string(key).contains("/") || string(key).contains("\0") || [".", ".."].contains(string(key)) {
      throw fail(key, "'\(string(key))' must be a non-empty folder name without '/', other than '.' and '..'", "e.g. \"lorenz63\"")
    }

    let delays = ints("delays")
    if let bad = delays.first(where: { !(0...100_000).contains($0) }) {
      throw fail("delays", "holds the lag \(bad); lags are samples in 0…100000", "e.g. [0, 20, 68, 55, 10]")
    }
    guard Set(delays).count == delays.count else { throw fail("delays", "repeats a lag: \(delays)", "give each lag once") }
    if !delays.isEmpty && embeddingMethod == .none {
      throw fail("delays", "are given but embedding is none", "remove delays, or set embedding to auto")
    }
    guard int("threads") >= 1 && int("threads") <= 256 else {
      throw fail("threads", "must be in 1…256, got \(int("threads"))", "1 computes a batch on one core (the reference's numbers bit for bit); 2 splits it over two cores")
    }
    guard int("patience") >= 0 && int("patience") <= 1_000_000 else {
      throw fail("patience", "must be in 0…1000000 monitors, got \(int("patience"))", "0 trains all epochs; e.g. 10 stops once the kept checkpoint has not changed for 10 monitors")
    }
    guard int("restarts") >= 1 && int("restarts") <= 100 else {
      throw fail("restarts", "must be in 1…100, got \(int("restarts"))", "1 trains once; e.g. 4 trains four times and keeps the best")
    }
    for key in ["sampling_rate", "dt", "highpass"] where !(double(key) >= 0) {
      throw fail(key, "must be ≥ 0, got \(double(key))", "use 0 for unknown / off")
    }
    var dt: Double? = double("dt") > 0 ? double("dt") : nil
    if double("sampling_rate") > 0 {
      let fromRate = 1 / double("sampling_rate")
      if let given = dt, abs(given - fromRate) > 1e-9 * fromRate {
        throw fail("dt", "= \(given) disagrees with sampling_rate = \(double("sampling_rate")) (1/rate = \(fromRate))", "give only one of them")
      }
      dt = fromRate
    }
    guard int("downsample") >= 1 else { throw fail("downsample", "must be at least 1, got \(int("downsample"))", "1 keeps every sample") }
    let preprocessing: Preprocessing
    do {
      preprocessing = try Preprocessing(dt: dt, detrend: bool("detrend"), highpass: double("highpass") > 0 ? double("highpass") : nil,
                                        downsample: int("downsample"))
    } catch let error as DataFileError {
      throw fail("highpass", error.problem, error.remedy ?? "see the configuration keys (Sources/DSRExperiment/DSRExperiment.docc/ConfigurationKeys.md)")
    }

    let settings = TrainingSettings(
      sequenceLength: int("sequence_length"), batchSize: int("batch_size"), batchesPerEpoch: int("batches_per_epoch"),
      epochs: int("epochs"),
      forcing: bool("use_gtf")
        ? .generalized(GTFSettings(alpha: double("gtf_alpha"), method: alphaMethod, decay: double("gtf_alpha_decay"),
                                   updateInterval: int("alpha_update_interval")))
        : .sparse(interval: int("teacher_forcing_interval")),
      partialForcing: bool("partial_forcing"), noiseLevel: double("gaussian_noise_level"), optimizer: optimizer,
      startLearningRate: double("start_lr"), endLearningRate: double("end_lr"),
      gradientClippingNorm: double("gradient_clipping_norm"), latentRegularization: double("lat_model_regularization"),
      observationRegularization: double("obs_model_regularization"), marRatio: double("MAR_ratio"),
      marLambda: double("MAR_lambda"), threads: int("threads"))
    return RunConfiguration(
      data: .init(paths: paths("path_to_data"), inputPaths: paths("path_to_inputs"), standardize: bool("standardize"),
                  preprocessing: preprocessing, embedding: EmbeddingRequest(method: embeddingMethod, delays: delays)),
      model: .init(kind: model, latentDimension: int("latent_dim"), hiddenDimension: int("hidden_dim"), bases: int("num_bases"),
                   piecewiseLinearUnits: int("pwl_units"), observation: observation),
      training: .init(settings: settings, precision: precision, seed: int("seed"), restarts: int("restarts")),
      monitoring: .init(interval: int("scalar_saving_interval"), imageSavingInterval: int("image_saving_interval"), bins: int("D_stsp_bins"),
                        gmmScaling: double("D_stsp_scaling"), smoothing: double("PSE_smoothing"), predictionSteps: int("PE_n"),
                        modelSelection: modelSelection, patience: int("patience")),
      output: .init(resultsDirectory: string("results_directory"), experiment: string("experiment"), name: string("name"),
                    run: int("run")))
  }
}
