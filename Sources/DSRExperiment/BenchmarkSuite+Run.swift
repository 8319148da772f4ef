extension BenchmarkSuite {
  /// How `dsr suite` trains.
  public struct Training: Sendable {
    /// Train at all (false: prepare the data and tabulate what exists).
    public var enabled = true
    /// Local processes or a Slurm job array.
    public var backend = GridBackend.local
    /// Parallel training processes (local back-end) and parallel evaluations.
    public var workers = 1
    /// `#SBATCH` values (Slurm back-end).
    public var slurm = SlurmOverrides()

    /// Local training with one worker.
    public init() {}
  }

  /// `dsr suite`: data and floors, training (skipping finished runs), evaluation, the table and
  /// `suite.csv`/`suite.json`; each output line goes to `emit` as it is ready.
  ///
  /// With the Slurm back-end the job array is submitted and the table is left for a later call
  /// (once the array is done). When Ctrl-C or SIGTERM stops the local trainings, nothing is
  /// evaluated and no table is written (the same call resumes the unfinished runs).
  ///
  /// When another process trains some of the runs (a second `dsr suite` beside a first), the
  /// table is not written either.
  ///
  /// - Returns: false when a signal stopped the trainings or another process trains some of the
  ///   runs (the command then exits with status 1).
  /// - Throws: ``ConfigurationError`` for an unusable recipe, `DataFileError` for data that
  ///   changed under existing runs, ``UsageError`` when sbatch cannot run or refuses the script.
  @discardableResult
  public static func run(_ settings: Settings, training: Training, emit: (String) -> Void) async throws -> Bool {
    let recipe = try baseConfiguration(settings)
    let data = try prepare(settings, base: recipe) { emit($0.summary(pointsPerLyapunovTime: settings.pointsPerLyapunovTime)) }
    let (grid, tasks) = try self.tasks(settings, base: recipe, data: data)
    if training.enabled {
      let runner = GridRunner(grid: grid)
      switch training.backend {
      case .local:
        let summary = try await runner.runLocally(tasks, workers: training.workers, report: emit)
        for f in summary.unfinished { emit("  \(f.task.directory.path): \(f.outcome) — log: \(runner.logFile(f.task))") }
        if summary.stoppedBy != nil {
          emit("Stopped by a signal: \(summary.unfinished.count) training(s) unfinished, no table written; run the same `dsr suite` command again to resume them.")
          return false
        }
        // Another `dsr suite` (or `dsr train`) trains some of the runs: a table now would mix
        // finished runs with half-trained ones and overwrite the other's suite.csv.
        if !summary.runningElsewhere.isEmpty {
          emit("\(summary.runningElsewhere.count) training(s) are running in another process, no table written; "
            + "run the same `dsr suite` command again when they have finished (finished runs are skipped).")
          return false
        }
      case .slurm:
        let submission = try GridWorkflow.submit(runner, tasks, slurm: training.slurm.applied(to: grid.slurm), dryRun: false)
        if let job = submission.job {
          emit("Submitted job array \(job) (\(submission.tasks.count) task(s)); run the same `dsr suite` command again when it is done for the table.")
          return true
        }
      }
    }
    let rows = try await evaluate(tasks, data: data, workers: training.workers)
    emit(table(rows))
    let files = try write(rows, data: data, settings: settings, recipe: recipe)
    emit(verdict(rows) + " Written: \(files.joined(separator: ", "))")
    return true
  }
}
