import ArgumentParser
import DSRExperiment
import Foundation

/// `dsr grid`: grid searches and repeated runs, locally or as a Slurm job array.
struct Grid: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a grid of trainings (settings × runs) with local workers or as a Slurm job array.",
    discussion: """
      The configuration may hold "grid": {key: [values…]}, "ids": {key: folder id}, "runs": n and \
      "slurm": {partition, time, mem, cpus_per_task, max_parallel, extra}. Tasks are the \
      Cartesian product of the grid values times runs 1…n; each trains into \
      <results_directory>/<experiment>/<name>-<id>_<value>…/<run>. Finished and diverged runs \
      are skipped on a re-run, interrupted ones resumed. Local workers are `dsr train \
      --grid-task` processes with one BLAS thread each; a failed or diverged task is recorded \
      and the others go on. --backend slurm writes a job-array script (one element per \
      unfinished task) to <experiment>/.grid/ and submits it with sbatch; --status reports \
      progress from the run directories. Evaluate with `dsr evaluate <results_directory>/<experiment>`.
      """)

  enum Backend: String, ExpressibleByArgument { case local, slurm }

  @Option(help: "The grid configuration file.", completion: .file(extensions: ["json"]))
  var config: String

  @Option(name: .customLong("set"), help: "Override a single key for every task (repeatable).")
  var overrides: [String] = []

  @Option(help: "Runs per setting (overrides the file's \"runs\").")
  var runs: Int?

  @Option(help: "local (a pool of processes) or slurm (an sbatch job array).")
  var backend: Backend = .local

  @Option(help: "Parallel training processes (local back-end).")
  var workers = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "List the tasks (and write the Slurm script) without running anything.")
  var dryRun = false

  @Flag(help: "Report the state of every task from its run directory and exit.")
  var status = false

  @Option(help: "Slurm partition.") var partition: String?
  @Option(help: "Slurm time limit per task, e.g. 02:00:00.") var time: String?
  @Option(help: "Slurm memory per task, e.g. 2G.") var mem: String?
  @Option(help: "Slurm CPUs per task.") var cpusPerTask: Int?
  @Option(help: "At most this many array elements at once.") var maxParallel: Int?
  @Option(name: .customLong("sbatch-line"), help: "An extra line for the job script, e.g. '#SBATCH --account=lab' (repeatable).")
  var sbatchLines: [String] = []

  func validate() throws {
    if workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
    if let cpusPerTask, cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1") }
    if let maxParallel, maxParallel < 1 { throw ValidationError("--max-parallel must be at least 1") }
  }

  func run() async throws {
    let grid = try GridSpecification.load(file: config, overrides: overrides, runs: runs)
    let tasks = try grid.tasks()
    if status { return print(grid.status(tasks, progress: true)) }
    print(grid.headline(tasks))
    if dryRun && backend == .local { return print(grid.status(tasks, progress: false)) }
    let runner = GridRunner(grid: grid)
    switch backend {
    case .local: try await runLocally(runner, tasks)
    case .slurm: try submit(runner, tasks)
    }
  }

  func runLocally(_ runner: GridRunner, _ tasks: [GridSpecification.Task]) async throws {
    fflush(nil)  // what print buffered so far goes out before the workers' lines
    let summary = try await runner.runLocally(tasks, workers: workers) { line in
      FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
    print(summary.report(logFile: runner.logFile))
    if !summary.failed.isEmpty { throw ExitCode(1) }
  }

  func submit(_ runner: GridRunner, _ tasks: [GridSpecification.Task]) throws {
    var slurm = runner.grid.slurm
    if let partition { slurm.partition = partition }
    if let time { slurm.time = time }
    if let mem { slurm.memory = mem }
    if let cpusPerTask { slurm.cpusPerTask = cpusPerTask }
    if let maxParallel { slurm.maxParallel = maxParallel }
    slurm.extraLines += sbatchLines
    let submission: GridRunner.Submission
    do { submission = try runner.submit(tasks, slurm: slurm, dryRun: dryRun) } catch let error as GridRunnerError {
      throw ValidationError(error.description)
    }
    guard !submission.tasks.isEmpty else {
      print("Nothing to submit: every task is finished or diverged (see `dsr grid --config \(config) --status`).")
      return
    }
    print("Job script for \(submission.tasks.count) task(s): \(submission.script)")
    if dryRun {
      print(submission.scriptText)
      return
    }
    print("Submitted job array \(submission.job ?? "?") (\(submission.tasks.count) task(s), array \(SlurmSettings.arraySpecification(submission.tasks.map(\.index)))). Progress: dsr grid --config \(config) --status")
  }
}
