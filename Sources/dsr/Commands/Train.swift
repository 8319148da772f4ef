import ArgumentParser
import DSRExperiment
import Foundation

/// `dsr train`: train a model from a configuration, or resume a killed run.
struct Train: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train a model with generalized or sparse teacher forcing.",
    discussion: """
      Keys not in the configuration file take their values from Configs/defaults.json (built \
      in); `dsr train --data FILE` trains those defaults on FILE (run in Results/data/<stem>/001). \
      Training data is z-scored per column unless standardize is false. The run goes to <results_directory>/<experiment>/<name>/<run>/ (config.json, \
      metrics.jsonl, checkpoints/, model.json). Exit status: 0 finished, 1 bad configuration or \
      data, 3 diverged (the last good checkpoint is kept), 4 stopped by SIGINT/SIGTERM after the \
      current epoch with a checkpoint (continue with --resume; a second signal stops at once). \
      With --set restarts=k the run trains k times with derived seeds (both cores used) and keeps \
      the restart whose free run matches the training data best (all of them in <run>/restarts/). \
      A one-column recording is delay-embedded by default (embedding, delays; the choice is \
      printed and stored in model.json).
      """)

  @Option(help: "A JSON configuration file (keys as in Configs/defaults.json).", completion: .file(extensions: ["json"]))
  var config: String?

  @Option(name: .customLong("set"), help: "Override one key, e.g. --set epochs=100 (repeatable).")
  var overrides: [String] = []

  @Option(
    help: ArgumentHelp(
      "Train on this data (a .npy/.csv file, an .npz archive of arrays or a directory of .npy files, each array or file one trajectory; NaN marks a missing value) without a configuration file.",
      discussion: "Sets path_to_data; without --config also experiment = data and name = the file's stem, so the run goes to Results/data/<stem>/001. With --config only path_to_data is replaced. --set is applied last."),
    completion: .file(extensions: ["npy", "npz", "csv", "tsv", "txt"]))
  var data: String?

  @Option(help: "Cores one training uses (the configuration key threads; the batch is split into that many shards computed in parallel, results differ from 1 thread only in rounding).")
  var threads: Int?

  @Option(help: "Continue the run in this directory from its last checkpoint.", completion: .directory)
  var resume: String?

  @Option(help: "Run one task of a grid (its resolved configuration): skip it if finished, resume it if interrupted.", completion: .file(extensions: ["json"]))
  var gridTask: String?

  @Flag(help: "Print the resolved configuration as JSON and exit without training.")
  var printConfig = false

  func validate() throws {
    if gridTask != nil && (resume != nil || config != nil || !overrides.isEmpty) {
      throw ValidationError("--grid-task runs a resolved task file on its own; it cannot be combined with --config, --set or --resume")
    }
    if resume != nil && (config != nil || !overrides.isEmpty) {
      throw ValidationError("--resume continues a run with its own config.json; it cannot be combined with --config or --set")
    }
    if data != nil && (resume != nil || gridTask != nil) {
      throw ValidationError("--data starts a new run; it cannot be combined with --resume or --grid-task")
    }
    if data != nil, overrides.contains(where: { $0.hasPrefix("path_to_data=") }) {
      throw ValidationError("--data and --set path_to_data=… both name the training data; give one of them")
    }
    if let data, data.isEmpty { throw ValidationError("--data needs a file or directory, got an empty path") }
    if threads != nil && (resume != nil || gridTask != nil) {
      throw ValidationError("--threads sets the key threads of a new run; a resumed run or grid task uses its config.json (edit threads there)")
    }
  }

  /// The overrides `--data` stands for (applied before `--set`): the data, and without a
  /// configuration file the experiment `data` and the file's stem as the name.
  var dataOverrides: [String] {
    guard let data else { return [] }
    let stem = URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent
    return ["path_to_data=\(data)"] + (config == nil ? ["experiment=data", "name=\(stem)"] : [])
  }

  func run() async throws {
    let outcome: TrainingOutcome
    if let resume, let config = try TrainingRun.restartsConfiguration(of: resume) {
      outcome = try await TrainingRestarts.run(config, resuming: true) { print($0) }
    } else if let resume {
      outcome = try TrainingRun.resume(resume)
    } else if let gridTask {
      let (action, result): (TrainingRun.GridTaskAction, TrainingOutcome)
      do { (action, result) = try TrainingRun.runGridTask(gridTask) } catch let locked as RunLockError where locked.holder != nil {
        // Another process trains this run: the grid reports it as running elsewhere.
        FileHandle.standardError.write(Data("Error: \(locked)\n".utf8))
        throw ExitCode(TrainingOutcome.runLockedExitStatus)
      }
      if action.skipped { print("\(result.directory.path): \(action.rawValue)") }
      outcome = result
    } else {
      let resolved = try Configuration.load(file: config, overrides: dataOverrides + (threads.map { ["threads=\($0)"] } ?? []) + overrides)
      if printConfig {
        print(String(decoding: resolved.jsonData(), as: UTF8.self))
        return
      }
      if resolved.decoded.training.restarts > 1 {
        outcome = try await TrainingRestarts.run(resolved) { print($0) }
      } else {
        outcome = try TrainingRun.start(resolved)
      }
    }
    switch outcome {
    case .finished: return
    case .diverged(let divergence): FileHandle.standardError.write(Data("Error: \(divergence)\n".utf8))
    case .interrupted(let interruption): FileHandle.standardError.write(Data("Stopped: \(interruption)\n".utf8))
    }
    throw ExitCode(outcome.exitStatus)
  }
}
