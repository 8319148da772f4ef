/// The value checks that need no data (dimension checks against the data happen in
/// ``TrainingRun`` once the data is loaded).
extension Configuration {
  /// The model names accepted by `model`.
  public static let modelNames = ["PLRNN", "mcPLRNN", "dendPLRNN", "clippedDendPLRNN", "shallowPLRNN", "clippedShallowPLRNN", "ALRNN"]

  func validate() throws {
    func fail(_ key: String, _ problem: String, _ remedy: String) -> ConfigurationError {
      ConfigurationError(source: "configuration", key: key, problem: problem, remedy: remedy)
    }
    func choice(_ key: String, _ options: [String]) throws {
      let v = string(key)
      guard options.contains(v) else {
        let hint = nearest(v, in: options).map { "did you mean '\($0)'? " } ?? ""
        throw fail(key, "'\(v)' is not one of \(options.joined(separator: ", "))", hint + "pick one of those")
      }
    }
    try choice("model", Self.modelNames)
    try choice("observation_model", ["Identity", "Affine"])
    try choice("gtf_alpha_method", ["constant", "jacobian_upper_bound", "batch_maximum", "product_upper_bound", "explog_approx", "arithmetic_mean"])
    try choice("optimizer", ["RADAM", "Adam"])
    try choice("model_selection", ["best", "last"])
    try choice("precision", ["float32", "float64"])
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
    if string("model") == "ALRNN" && int("latent_dim") > 0 && !(0...int("latent_dim")).contains(int("pwl_units")) {
      throw fail("pwl_units", "P = \(int("pwl_units")) must lie in 0…latent_dim = \(int("latent_dim"))",
                 "choose pwl_units ≤ latent_dim or a larger latent_dim")
    }
    if string("gtf_alpha_method") == "jacobian_upper_bound" && bool("use_gtf") && !string("model").contains("hallowPLRNN") {
      throw fail("gtf_alpha_method", "jacobian_upper_bound is defined only for shallowPLRNN and clippedShallowPLRNN, not \(string("model"))",
                 "use product_upper_bound or arithmetic_mean")
    }
    if paths("path_to_data").isEmpty {
      throw fail("path_to_data", "is empty", "give a .npy file, a directory of .npy files or a list of them")
    }
    for key in ["experiment", "name"] where string(key).isEmpty || string(key).contains("/") {
      throw fail(key, "'\(string(key))' must be a non-empty folder name without '/'", "e.g. \"lorenz63\"")
    }
  }
}
