import Foundation

/// Where a grid's tasks train: a local pool of processes or a Slurm job array.
public enum GridBackend: String, CaseIterable, Sendable {
  /// `dsr train --grid-task` processes on this machine (``GridRunner/runLocally(_:workers:report:)``).
  case local
  /// One sbatch job array (``GridRunner/submit(_:slurm:dryRun:)``).
  case slurm
}

/// `#SBATCH` values given on the command line, replacing the configuration's.
public struct SlurmOverrides: Sendable, Equatable {
  /// `--partition`.
  public var partition: String?
  /// `--time`.
  public var time: String?
  /// `--mem`.
  public var memory: String?
  /// `--cpus-per-task`.
  public var cpusPerTask: Int?
  /// `--max-parallel`.
  public var maxParallel: Int?
  /// `--sbatch-line`s, appended to the configuration's extra lines.
  public var extraLines: [String] = []

  /// No overrides.
  public init() {}

  /// `settings` with every given value in place of its own.
  func applied(to settings: SlurmSettings) -> SlurmSettings {
    var s = settings
    if let partition { s.partition = partition }
    if let time { s.time = time }
    if let memory { s.memory = memory }
    if let cpusPerTask { s.cpusPerTask = cpusPerTask }
    if let maxParallel { s.maxParallel = maxParallel }
    s.extraLines += extraLines
    return s
  }
}

/// `dsr grid`: a grid configuration's tasks listed, reported, trained by a local pool of
/// processes, or submitted as a Slurm job array.
public enum GridWorkflow {
  /// What to do.
  public struct Request: Sendable {
    /// The grid configuration file.
    public var config: String
    /// `key=value` overrides for every task.
    public var overrides: [String] = []
    /// Runs per setting (nil: the file's `runs`).
    public var runs: Int?
    /// Local processes or a Slurm job array.
    public var backend = GridBackend.local
    /// Parallel training processes (local back-end).
    public var workers = 1
    /// List the tasks (and write the Slurm script) without running anything.
    public var dryRun = false
    /// Report every task's state from its run directory and stop.
    public var status = false
    /// `#SBATCH` values replacing the configuration's.
    public var slurm = SlurmOverrides()

    /// A request to run the grid of `config` locally with one worker.
    public init(config: String) { self.config = config }
  }

  /// Runs the request, handing each output line to `emit` as it is ready.
  ///
  /// - Returns: false when a local task failed or was interrupted (the command then exits with
  ///   status 1).
  /// - Throws: ``ConfigurationError`` for an unusable grid, ``UsageError`` when sbatch cannot run
  ///   or refuses the script.
  public static func run(_ request: Request, emit: (String) -> Void) async throws -> Bool {
    let grid = try GridSpecification.load(file: request.config, overrides: request.overrides, runs: request.runs)
    let tasks = try grid.tasks()
    if request.status {
      emit(grid.status(tasks, progress: true))
      return true
    }
    emit(grid.headline(tasks))
    let runner = GridRunner(grid: grid)
    switch request.backend {
    case .local where request.dryRun:
      emit(grid.status(tasks, progress: false))
      return true
    case .local:
      let summary = try await runner.runLocally(tasks, workers: request.workers, report: emit)
      emit(summary.report(logFile: runner.logFile))
      return summary.unfinished.isEmpty
    case .slurm:
      let submission = try submit(runner, tasks, slurm: request.slurm.applied(to: grid.slurm), dryRun: request.dryRun)
      guard !submission.tasks.isEmpty else {
        emit("Nothing to submit: every task is finished or diverged (see `dsr grid --config \(request.config) --status`).")
        return true
      }
      emit("Job script for \(submission.tasks.count) task(s): \(submission.script)")
      if request.dryRun {
        emit(submission.scriptText)
      } else {
        emit("Submitted job array \(submission.job ?? "?") (\(submission.tasks.count) task(s), array "
          + "\(SlurmSettings.arraySpecification(submission.tasks.map(\.index)))). Progress: dsr grid --config \(request.config) --status")
      }
      return true
    }
  }

  /// ``GridRunner/submit(_:slurm:dryRun:)`` with its failures as usage errors (the fix is in the
  /// `#SBATCH` flags or the machine's Slurm).
  static func submit(_ runner: GridRunner, _ tasks: [GridSpecification.Task], slurm: SlurmSettings, dryRun: Bool) throws -> GridRunner.Submission {
    do { return try runner.submit(tasks, slurm: slurm, dryRun: dryRun) } catch let error as GridRunnerError {
      throw UsageError(error.description)
    }
  }
}
