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

  @Option(help: "The grid configuration file.", completion: .file(extensions: ["json"]))
  var config: String

  @Option(name: .customLong("set"), help: "Override a single key for every task (repeatable).")
  var overrides: [String] = []

  @Option(help: "Runs per setting (overrides the file's \"runs\").")
  var runs: Int?

  @Option(help: "local (a pool of processes) or slurm (an sbatch job array).")
  var backend: GridBackend = .local

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
    var request = GridWorkflow.Request(config: config)
    (request.overrides, request.runs, request.backend, request.workers, request.dryRun, request.status) =
      (overrides, runs, backend, workers, dryRun, status)
    (request.slurm.partition, request.slurm.time, request.slurm.memory) = (partition, time, mem)
    (request.slurm.cpusPerTask, request.slurm.maxParallel, request.slurm.extraLines) = (cpusPerTask, maxParallel, sbatchLines)
    if try await !usage({ try await GridWorkflow.run(request, emit: emit) }) { throw ExitCode(1) }
  }
}

extension GridBackend: ExpressibleByArgument {}
