/// How a training run ended: a result, not an error (a diverged run is recorded in its
/// metrics.jsonl and keeps its last good checkpoint).
public enum TrainingOutcome: Sendable {
  /// Every epoch trained and model.json written (or nothing was left to do).
  case finished(RunDirectory)
  /// The loss, a parameter or the optimiser's state became non-finite.
  case diverged(TrainingDivergence)
  /// SIGINT, SIGTERM or the end of its grid stopped the training after an epoch, with a checkpoint.
  case interrupted(TrainingInterruption)

  /// The exit status of a `dsr train` process that ends with a diverged run: the convention
  /// between `dsr train` and the grid's worker pool (``GridRunner``).
  public static let divergedExitStatus: Int32 = 3

  /// The exit status of a `dsr train` process stopped by SIGINT or SIGTERM after writing its
  /// checkpoint (`--resume` continues it); the grid reports such a task as interrupted.
  public static let interruptedExitStatus: Int32 = 4

  /// The exit status of a `dsr train --grid-task` process that found its run locked by another
  /// process (``RunLockError``) and wrote nothing; the grid reports the task as running elsewhere.
  public static let runLockedExitStatus: Int32 = 5

  /// The run directory.
  public var directory: RunDirectory {
    switch self {
    case .finished(let directory): return directory
    case .diverged(let divergence): return RunDirectory(path: divergence.directory)
    case .interrupted(let interruption): return RunDirectory(path: interruption.directory)
    }
  }

  /// The process exit status this outcome stands for: 0, ``divergedExitStatus`` or
  /// ``interruptedExitStatus``.
  public var exitStatus: Int32 {
    switch self {
    case .finished: return 0
    case .diverged: return Self.divergedExitStatus
    case .interrupted: return Self.interruptedExitStatus
    }
  }
}

/// Where and why a run diverged, with what to change.
public struct TrainingDivergence: Sendable, Equatable, CustomStringConvertible {
  /// The epoch in which the run diverged.
  public var epoch: Int
  /// The batch of that epoch.
  public var batch: Int
  /// What became non-finite.
  public var reason: String
  /// The run directory.
  public var directory: String
  /// The epoch of the last good checkpoint, if one was written.
  public var lastCheckpoint: Int?
  /// The largest |value| of the training data as the model saw them, when it is large enough to
  /// be the likely cause (data in huge units with `standardize` false).
  public var dataScale: Double? = nil

  /// The message `dsr train` prints, with the remedy.
  public var description: String {
    let kept = lastCheckpoint.map { "the last good checkpoint (epoch \($0)) is kept in \(directory)/checkpoints" }
      ?? "no checkpoint had been written yet"
    let head = "training diverged at epoch \(epoch), batch \(batch): \(reason); \(kept). "
    if let dataScale {
      return head + "The training data reach |x| = \(String(format: "%.3g", dataScale)) in the units the model trains on: "
        + "set standardize=true (z-score each column) or rescale the data; the learning rate is not the problem."
    }
    return head + "Try a smaller start_lr, gradient_clipping_norm > 0 (e.g. 10), a larger gtf_alpha, or lat_model_regularization > 0."
  }
}
