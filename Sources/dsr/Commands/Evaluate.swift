import ArgumentParser
import DSRExperiment
import Foundation

/// `dsr evaluate`: the final evaluation of trained runs on test data.
struct Evaluate: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Evaluate every run under a results directory on test data (D_stsp, D_H, PE, optionally Lyapunov).",
    discussion: """
      For each run directory (one with a config.json) at or below RESULTS, the final model.json \
      (or the checkpoint with the largest epoch) free-runs floor(1.25 T) steps from the first \
      test point; the first floor(0.25 T) are dropped and the remaining T compared with the test \
      data (with --inputs: T steps driven by the test inputs, no transient). D_stsp is binned for \
      N < 6 and a Gaussian mixture otherwise, with the run's D_stsp_bins / D_stsp_scaling, D_H \
      uses PSE_smoothing and PE uses PE_n, unless overridden here. Before D_stsp and D_H the free \
      run is checked against the data's scale: a run that settles on a fixed point (every \
      coordinate's spread below 1e-3 of the data's std) or diverges (non-finite, or beyond 1e3 \
      data stds) gets neither, with the reason, and its health (alive, periodic, fixed_point, \
      divergent) is listed. PE/var is PE over the data's mean variance (1 = as bad as predicting \
      the mean); persist. is the persistence baseline x(t+n) = x(t) on the same scale. Test data \
      may have missing rows (NaN). Each setting's directory receives metrics.csv, statistics.csv \
      (mean, std, sem, median, MAD, non-finite and diverged ratios) and evaluation.json. \
      With --forecast, each model also forecasts --horizon steps from --starts points spread \
      over the test data, and its valid prediction time (VPT: steps before the error over the \
      data's std, NRMSE, exceeds --vpt-threshold; median and quartiles; in time units with dt and \
      in Lyapunov times with --lambda-max; the protocol's sMAPE > 30 VPT in the data's units) is \
      listed beside context parroting (library: the run's training data + the context), \
      parroting from the last 512 rows, and a linear AR(10); forecast.csv holds the error curves.
      """)

  @Argument(help: "A results directory (e.g. Results/<experiment>) or one run directory.", completion: .directory)
  var results: String

  @Option(help: "The test data: .npy/.csv file, a directory of .npy files, or several (comma-separated).")
  var data: String

  @Option(help: "External inputs for the test data (same form as --data).")
  var inputs: String?

  @Option(help: "Force the binned D_stsp with this many bins per dimension (at most the largest b with 10⁻⁵·b^N ≤ T).")
  var bins: Int?

  @Option(help: "Force the Gaussian-mixture D_stsp with this σ².")
  var gmmScaling: Double?

  @Option(help: "σ of the D_H spectrum smoothing in frequency bins (default: the run's PSE_smoothing).")
  var smoothing: Double?

  @Option(name: .customLong("pe-steps"), help: "n of PE(n) (default: the run's PE_n).")
  var predictionSteps: Int?

  @Flag(help: "Also compute the Lyapunov spectrum of each latent map.")
  var lyapunov = false

  @Option(help: "Steps of the Lyapunov computation, from the last compared state.")
  var lyapunovSteps = 100_000

  @Option(help: "Time step of the data: Lyapunov exponents per time unit instead of per step.")
  var dt: Double?

  @Option(help: "Runs evaluated in parallel (default: the number of cores).")
  var workers = ProcessInfo.processInfo.activeProcessorCount

  @Option(help: "Seed of the Gaussian-mixture Monte-Carlo samples.")
  var seed: UInt64 = 0

  @Option(help: "Print our median ± MAD next to published numbers (e.g. Configs/paper/published.json).", completion: .file(extensions: ["json"]))
  var compare: String?

  @Flag(help: "Also evaluate forecasts: valid prediction time (VPT) from many start points, beside context parroting and a linear AR baseline.")
  var forecast = false

  @Option(help: "Forecast horizon in steps (with --forecast).")
  var horizon = ForecastEvaluation.Settings().horizon

  @Option(help: "Number of forecast start points, spread evenly over the test data (with --forecast).")
  var starts = ForecastEvaluation.Settings().starts

  @Option(help: "Warm-up steps before each start, each synchronised on the observed data (with --forecast; 0: start from the start row).")
  var warmup = ForecastEvaluation.Settings().warmup

  @Option(name: .customLong("vpt-threshold"), help: "NRMSE threshold of the valid prediction time (with --forecast).")
  var vptThreshold = ForecastEvaluation.Settings().threshold

  @Option(name: .customLong("lambda-max"), help: "λ_max of the system (per time unit, or per step without dt) for VPTs in Lyapunov times.")
  var lambdaMax: Double?

  @Flag(help: "Print one JSON object per run and line (JSON Lines) instead of the table.")
  var json = false

  @Flag(help: "Also write the HTML report of RESULTS against the same data (as dsr report --data) and print its path.")
  var report = false

  func validate() throws {
    if bins != nil && gmmScaling != nil { throw ValidationError("give --bins or --gmm-scaling, not both") }
    if let bins, bins < 1 { throw ValidationError("--bins must be at least 1, got \(bins)") }
    if let gmmScaling, !(gmmScaling > 0) { throw ValidationError("--gmm-scaling must be positive, got \(gmmScaling)") }
    if let predictionSteps, predictionSteps < 1 { throw ValidationError("--pe-steps must be at least 1, got \(predictionSteps)") }
    if lyapunovSteps < 1 { throw ValidationError("--lyapunov-steps must be at least 1, got \(lyapunovSteps)") }
    if let dt, !(dt > 0) { throw ValidationError("--dt must be positive, got \(dt)") }
    if workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
    if horizon < 1 || horizon > 10_000_000 { throw ValidationError("--horizon must be between 1 and 10000000 steps, got \(horizon)") }
    if starts < 1 || starts > 100_000 { throw ValidationError("--starts must be between 1 and 100000, got \(starts)") }
    if warmup < 0 || warmup > 1_000_000 { throw ValidationError("--warmup must be between 0 and 1000000 steps, got \(warmup)") }
    if !(vptThreshold > 0) || !vptThreshold.isFinite { throw ValidationError("--vpt-threshold must be a positive number, got \(vptThreshold)") }
    if let lambdaMax, !(lambdaMax > 0) || !lambdaMax.isFinite { throw ValidationError("--lambda-max must be a positive number (λ_max of a chaotic system), got \(lambdaMax)") }
  }

  func run() async throws {
    var settings = Evaluation.Settings(dataPaths: data.split(separator: ",").map(String.init))
    settings.inputPaths = inputs.map { $0.split(separator: ",").map(String.init) } ?? []
    settings.bins = bins
    settings.gmmScaling = gmmScaling
    settings.smoothing = smoothing
    settings.predictionSteps = predictionSteps
    settings.seed = seed
    settings.lyapunov = lyapunov
    settings.lyapunovSteps = lyapunovSteps
    settings.dt = dt
    settings.workers = workers
    if forecast {
      var options = ForecastEvaluation.Settings()
      (options.horizon, options.starts, options.warmup, options.threshold, options.lambdaMax) = (horizon, starts, warmup, vptThreshold, lambdaMax)
      settings.forecast = options
    }
    let evaluation = try await Evaluation.report(root: results, settings: settings, compare: compare, json: json)
    print(evaluation.text)
    if report {
      var options = Report.Options()
      (options.dataPaths, options.inputPaths, options.workers) = (settings.dataPaths, settings.inputPaths, workers)
      let path = try Report.write(self.results, options: options).path
      if json { FileHandle.standardError.write(Data("Report: \(path)\n".utf8)) } else { print("Report: \(path)") }
    }
    if evaluation.allFailed { throw ExitCode(1) }
  }
}
