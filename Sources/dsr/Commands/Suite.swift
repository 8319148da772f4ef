import ArgumentParser
import DSRExperiment
import Foundation

/// `dsr suite`: the default recipe on every benchmark system, with floors and targets.
struct Suite: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train and evaluate the default recipe on every benchmark system (data, floor, training, measures).",
    discussion: """
      For each system: a training trajectory (--training-steps rows, --noise observation noise, \
      z-scored) and two clean test stretches, sampled at --points-per-period points per dominant \
      period (kept in <results>/<experiment>/data/<system>/ with the floor: D_stsp and D_H \
      between the two test stretches); then the recipe (Configs/defaults.json, or --config, \
      with --set overrides) trains --runs runs per system as grid tasks (finished runs are \
      skipped, interrupted ones resumed), and each run is evaluated against the first test \
      stretch: D_stsp, D_H, PE, λ_max per time unit against the system's λ₁, training seconds \
      and the end-of-training verdict. A run meets the targets with D_stsp ≤ 0.5 and D_H ≤ 0.1. \
      With several runs per system, the run kept for each system (*) is the best of its runs on \
      the training data, and the last line counts the systems whose kept run meets the targets. \
      Writes suite.csv and suite.json beside the runs.
      """)

  @Option(help: "Comma-separated systems (default: all; see `dsr data list`).")
  var systems: String?

  @Option(help: "Training runs per system.")
  var runs = 1

  @Option(help: "Parallel training processes (local back-end).")
  var workers = ProcessInfo.processInfo.activeProcessorCount

  @Option(help: "local (a pool of processes) or slurm (an sbatch job array; run the command again for the table).")
  var backend: GridBackend = .local

  @Option(help: "A configuration file with the recipe (default: the built-in defaults).", completion: .file(extensions: ["json"]))
  var config: String?

  @Option(name: .customLong("set"), help: "Override one key of the recipe, e.g. --set epochs=500 (repeatable).")
  var overrides: [String] = []

  @Option(help: "Results directory.")
  var results = "Results"

  @Option(help: "Experiment folder under the results directory.")
  var experiment = "suite"

  @Option(help: "Samples per dominant period.")
  var pointsPerPeriod = 75.0

  @Option(help: "At least this many samples per Lyapunov time 1/λ₁ (flows).")
  var pointsPerLyapunovTime = 40.0

  @Option(help: "Rows of each training trajectory.")
  var trainingSteps = 100_000

  @Option(help: "Rows of each test stretch.")
  var testSteps = 100_000

  @Option(help: "Observation noise of the training data, as a fraction of each column's std.")
  var noise = 0.05

  @Option(help: "Slurm partition (--backend slurm).") var partition: String?
  @Option(help: "Slurm time limit per task, e.g. 00:30:00 (--backend slurm).") var time: String?
  @Option(name: .customLong("sbatch-line"), help: "An extra line for the job script, e.g. '#SBATCH --account=lab' (repeatable).")
  var sbatchLines: [String] = []

  @Flag(help: "Prepare the data and print the table of what exists; train nothing.")
  var noTraining = false

  func validate() throws {
    if runs < 1 || runs > 999 { throw ValidationError("--runs must be in 1…999, got \(runs)") }
    if workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
    if !(pointsPerPeriod >= 2) { throw ValidationError("--points-per-period must be at least 2, got \(pointsPerPeriod)") }
    if !(pointsPerLyapunovTime > 0) { throw ValidationError("--points-per-lyapunov-time must be positive, got \(pointsPerLyapunovTime)") }
    if trainingSteps < 1000 || testSteps < 1000 { throw ValidationError("--training-steps and --test-steps must be at least 1000") }
    if !(noise >= 0) { throw ValidationError("--noise must be ≥ 0, got \(noise)") }
  }

  func run() async throws {
    var settings = BenchmarkSuite.Settings()
    if let systems { settings.systems = systems.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    (settings.runs, settings.configFile, settings.overrides) = (runs, config, overrides)
    (settings.resultsDirectory, settings.experiment) = (results, experiment)
    settings.pointsPerLyapunovTime = pointsPerLyapunovTime
    (settings.pointsPerPeriod, settings.trainingSteps, settings.testSteps, settings.noise) = (pointsPerPeriod, trainingSteps, testSteps, noise)
    var training = BenchmarkSuite.Training()
    (training.enabled, training.backend, training.workers) = (!noTraining, backend, workers)
    (training.slurm.partition, training.slurm.time, training.slurm.extraLines) = (partition, time, sbatchLines)
    if try await !usage({ try await BenchmarkSuite.run(settings, training: training, emit: emit) }) { throw ExitCode(1) }
  }
}
