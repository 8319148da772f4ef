import DSRData
import Foundation

/// Runs the tasks of a grid (or of the benchmark suite): a local pool of `dsr train --grid-task`
/// worker processes, or a Slurm job array submitted with `sbatch`.
///
/// Every task trains from its resolved configuration file (``GridSpecification/taskFile(_:)``),
/// so a worker skips a finished run and resumes an interrupted one; finished and diverged tasks
/// are not started again.
public struct GridRunner: Sendable {
  /// How one task ended.
  public enum Outcome: Sendable, Equatable, CustomStringConvertible {
    /// The task trained to the end.
    case finished
    /// The task's training diverged (a recorded result, not a failure).
    case diverged
    /// The worker stopped on SIGINT/SIGTERM after an epoch, with a checkpoint to resume from.
    case interrupted
    /// The grid was stopped (SIGINT/SIGTERM) before the task's turn came; nothing was written.
    case notStarted
    /// The task failed, with the reason.
    case failed(String)

    /// `finished`, `diverged`, `interrupted (checkpoint kept)`, `not started (the grid was
    /// stopped)` or `failed (<why>)`, as the grid reports it.
    public var description: String {
      switch self {
      case .finished: return "finished"
      case .diverged: return "diverged"
      case .interrupted: return "interrupted (checkpoint kept)"
      case .notStarted: return "not started (the grid was stopped)"
      case .failed(let why): return "failed (\(why))"
      }
    }
  }

  /// One task's outcome and wall time.
  public struct Result: Sendable {
    /// The task.
    public var task: GridSpecification.Task
    /// How it ended.
    public var outcome: Outcome
    /// Wall seconds of the task.
    public var seconds: Double
  }

  /// What a local run did.
  public struct Summary: Sendable {
    /// The tasks run now, in the order they finished.
    public var results: [Result]
    /// Tasks not started because an earlier run finished (or diverged) them, by state.
    public var skipped: [TaskState: Int]
    /// Wall seconds of the whole local run.
    public var seconds: Double
    /// The signal (SIGINT, SIGTERM) that stopped the grid early, if one did.
    public var stoppedBy: Int32? = nil
    /// The tasks that failed.
    public var failed: [Result] { results.filter { if case .failed = $0.outcome { return true } else { return false } } }
    /// The tasks that failed, were interrupted or did not start: what running the grid again trains.
    public var unfinished: [Result] { results.filter { $0.outcome != .finished && $0.outcome != .diverged } }

    /// The closing lines of `dsr grid`: the counts by outcome, and each failed task with its log.
    public func report(logFile: (GridSpecification.Task) -> String) -> String {
      var counts: [String: Int] = [:]
      for r in results {
        switch r.outcome {
        case .failed: counts["failed", default: 0] += 1
        case .interrupted: counts["interrupted", default: 0] += 1
        case .notStarted: counts["not started", default: 0] += 1
        default: counts[r.outcome.description, default: 0] += 1
        }
      }
      for (k, v) in skipped { counts["skipped (\(k.rawValue))", default: 0] += v }
      let text = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
      var lines = [String(format: "Grid %@ in %.1f s: %@.", stoppedBy == nil ? "done" : "stopped", seconds, text.isEmpty ? "nothing to do" : text)]
        + unfinished.map { "  \($0.task.directory.path): \($0.outcome) — log: \(logFile($0.task))" }
      if stoppedBy != nil {
        lines.append("Stopped by a signal: \(unfinished.count) task(s) unfinished; run the same command again to resume them from their checkpoints.")
      }
      return lines.joined(separator: "\n")
    }
  }

  /// The grid whose tasks run.
  public var grid: GridSpecification
  /// The dsr executable the workers run.
  public var executable: String

  /// A runner of `grid`'s tasks with workers running `executable`.
  public init(grid: GridSpecification, executable: String = GridRunner.currentExecutable) {
    (self.grid, self.executable) = (grid, executable)
  }

  /// The environment variable through which a local worker learns its grid's process ID.
  public static let parentVariable = "DSR_GRID_PARENT"

  /// The running dsr executable.
  public static var currentExecutable: String { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path }

  /// The log file of `task`'s worker.
  public func logFile(_ task: GridSpecification.Task) -> String {
    (grid.gridDirectory as NSString).appendingPathComponent("logs/\(task.index).log")
  }

  /// Trains every task that is not finished or diverged with `workers` parallel processes
  /// (``WorkerPool``); `report` receives one line per finished task as it arrives. Writes
  /// `.grid/summary.json`.
  public func runLocally(_ tasks: [GridSpecification.Task], workers: Int, report: (String) -> Void) async throws -> Summary {
    try grid.writeTaskFiles(tasks)
    var remaining: [GridSpecification.Task] = []
    var skipped: [TaskState: Int] = [:]
    for t in tasks {
      let state = TaskState.of(t.directory)
      if state == .finished || state == .diverged { skipped[state, default: 0] += 1 } else { remaining.append(t) }
    }
    if !skipped.isEmpty {
      report("Skipping " + skipped.sorted { $0.key.rawValue > $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
        + " task(s) from an earlier run.")
    }
    let start = Date()
    let runner = self
    var arrived: [Result] = []
    let stop = GridStop()
    stop.listen { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    defer { stop.close() }
    _ = await WorkerPool.map(remaining, width: workers) { task in
      let t0 = Date()
      let outcome = await runner.run(task, stop: stop)
      return Result(task: task, outcome: outcome, seconds: Date().timeIntervalSince(t0))
    } onResult: { _, result in
      arrived.append(result)
      report(String(format: "[%d/%d] %@: %@ (%.1f s)", arrived.count, remaining.count, result.task.directory.path,
                    result.outcome.description, result.seconds))
    }
    let summary = Summary(results: arrived, skipped: skipped, seconds: Date().timeIntervalSince(start), stoppedBy: stop.signal)
    let record: [String: Any] = [
      "tasks": tasks.count,
      "finished_now": summary.results.filter { $0.outcome == .finished }.count,
      "diverged_now": summary.results.filter { $0.outcome == .diverged }.count,
      "failed_now": summary.failed.count,
      "not_started_now": summary.results.filter { $0.outcome == .notStarted }.count,
      "skipped": Dictionary(uniqueKeysWithValues: skipped.map { ($0.key.rawValue, $0.value) }),
      "seconds": summary.seconds,
      "outcomes": summary.results.sorted { $0.task.index < $1.task.index }.map {
        ["task": $0.task.index, "run": $0.task.directory.path, "outcome": $0.outcome.description, "seconds": $0.seconds] as [String: Any]
      },
    ]
    try AtomicFile.write(try JSONSerialization.data(withJSONObject: record, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
                         to: (grid.gridDirectory as NSString).appendingPathComponent("summary.json"))
    return summary
  }

  /// Runs one task as a `dsr train --grid-task` process with one BLAS thread, its output in
  /// ``logFile(_:)``.
  public func run(_ task: GridSpecification.Task) async -> Outcome { await run(task, stop: nil) }

  func run(_ task: GridSpecification.Task, stop: GridStop?) async -> Outcome {
    await Self.train(taskFile: grid.taskFile(task.index), log: logFile(task), executable: executable, stop: stop)
  }

  /// Runs `dsr train --grid-task <taskFile>` as a child process with one BLAS thread (its output
  /// in `log`), registered with `stop` so that a signal to this process reaches it; the grid's
  /// workers and ``TrainingRestarts`` train this way.
  static func train(taskFile: String, log logPath: String, executable: String, stop: GridStop?) async -> Outcome {
    if stop?.signal != nil { return .notStarted }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["train", "--grid-task", taskFile]
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_NUM_THREADS"] = "1"
    environment["DSR_BLAS_THREADS"] = "1"
    environment["DSR_NO_REEXEC"] = nil
    environment[Self.parentVariable] = String(getpid())
    process.environment = environment
    guard let fd = try? AtomicFile.openRegular(logPath, flags: O_WRONLY | O_CREAT | O_TRUNC) else { return .failed("cannot write \(logPath) (a link or not a regular file?)") }
    let log = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    defer { try? log.close() }
    process.standardOutput = log
    process.standardError = log
    // Waits for the process without holding a thread: the termination handler resumes the task.
    let launchError: String? = await withCheckedContinuation { continuation in
      process.terminationHandler = { ended in
        stop?.unregister(ended)
        continuation.resume(returning: nil)
      }
      do {
        try process.run()
        _ = stop?.register(process)
      } catch {
        process.terminationHandler = nil
        continuation.resume(returning: "\(error)")
      }
    }
    if let launchError { return .failed("cannot start \(executable): \(launchError)") }
    switch (process.terminationReason, process.terminationStatus) {
    case (.exit, 0): return .finished
    case (.exit, TrainingOutcome.divergedExitStatus): return .diverged
    case (.exit, TrainingOutcome.interruptedExitStatus): return .interrupted
    case (.exit, let code): return .failed("exit \(code)")
    case (.uncaughtSignal, let signal): return .failed("signal \(signal)")
    @unknown default: return .failed("unknown termination")
    }
  }

  /// What ``submit(_:slurm:dryRun:)`` did.
  public struct Submission: Sendable {
    /// The job script written.
    public var script: String
    /// Its text.
    public var scriptText: String
    /// The tasks in the array.
    public var tasks: [GridSpecification.Task]
    /// The Slurm job id (nil for a dry run or when nothing was pending).
    public var job: String?
  }

  /// Writes a job-array script with one element per unfinished task and submits it with
  /// `sbatch` (unless `dryRun`).
  ///
  /// - Throws: ``GridRunnerError`` when sbatch cannot run or refuses the script.
  public func submit(_ tasks: [GridSpecification.Task], slurm: SlurmSettings, dryRun: Bool) throws -> Submission {
    try grid.writeTaskFiles(tasks)
    let pending = tasks.filter { [.pending, .running, .interrupted].contains(TaskState.of($0.directory)) }
    guard !pending.isEmpty else { return Submission(script: "", scriptText: "", tasks: [], job: nil) }
    let cwd = FileManager.default.currentDirectoryPath
    let name = "dsr-" + grid.base.decoded.output.experiment.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    let script = slurm.script(jobName: name, indices: pending.map(\.index), grid: grid, executable: executable, workingDirectory: cwd)
    let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
    let path = (grid.gridDirectory as NSString).appendingPathComponent("slurm-\(stamp).sh")
    try AtomicFile.write(Data(script.utf8), to: path)
    if dryRun { return Submission(script: path, scriptText: script, tasks: pending, job: nil) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sbatch", "--parsable", path]
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch { throw GridRunnerError.sbatchUnavailable(script: path, reason: "\(error)") }
    process.waitUntilExit()
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationStatus == 0 else {
      throw GridRunnerError.sbatchFailed(script: path, status: process.terminationStatus, message: stderr.isEmpty ? stdout : stderr)
    }
    let job = stdout.split(separator: ";").first.map(String.init) ?? stdout
    try AtomicFile.write(Data("\(job)\n".utf8), to: (grid.gridDirectory as NSString).appendingPathComponent("slurm-job"))
    return Submission(script: path, scriptText: script, tasks: pending, job: job)
  }
}

/// Why a Slurm submission failed.
public enum GridRunnerError: Error, CustomStringConvertible {
  /// `sbatch` could not be started; the script written and the reason.
  case sbatchUnavailable(script: String, reason: String)
  /// `sbatch` exited with a non-zero status; the script, the status and its message.
  case sbatchFailed(script: String, status: Int32, message: String)

  /// The message, with what to do.
  public var description: String {
    switch self {
    case .sbatchUnavailable(let script, let reason):
      return "cannot run sbatch (\(reason)); is Slurm installed on this machine? The script is at \(script)"
    case .sbatchFailed(let script, let status, let message):
      return "sbatch failed (exit \(status)): \(message)\nThe script is at \(script); fix the #SBATCH settings (--partition, --time, --mem, --sbatch-line) and submit again."
    }
  }
}
