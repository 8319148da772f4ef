import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A training stopped before its last epoch by SIGINT, SIGTERM or the end of the grid that
/// started it: the epoch it completed, the checkpoint it keeps, and how to continue.
///
/// The training loop finishes the epoch it is in, writes `checkpoints/latest.json` (atomically)
/// for that epoch, records `{"event":"interrupted",…}` in metrics.jsonl and returns
/// ``TrainingOutcome/interrupted(_:)``; `dsr train --resume` (or running the grid again) then
/// continues exactly as if never interrupted.
public struct TrainingInterruption: Sendable, Equatable, CustomStringConvertible {
  /// What stopped a training.
  public enum Cause: Sendable, Equatable, CustomStringConvertible {
    /// A signal (SIGINT, SIGTERM) sent to the training process.
    case signal(Int32)
    /// The grid that started this worker ended (even by SIGKILL); its process ID.
    case gridEnded(parent: Int32)

    /// The cause as metrics.jsonl records it: `SIGINT`, `SIGTERM`, `signal <n>` or `grid_ended`.
    public var name: String {
      switch self {
      case .signal(SIGINT): return "SIGINT"
      case .signal(SIGTERM): return "SIGTERM"
      case .signal(let n): return "signal \(n)"
      case .gridEnded: return "grid_ended"
      }
    }

    /// The cause of a recorded `name` (the grid's process ID, when recorded, in `parent`).
    public init?(name: String, parent: Int32? = nil) {
      switch name {
      case "SIGINT": self = .signal(SIGINT)
      case "SIGTERM": self = .signal(SIGTERM)
      case "grid_ended": self = .gridEnded(parent: parent ?? 0)
      default:
        guard name.hasPrefix("signal "), let n = Int32(name.dropFirst("signal ".count)) else { return nil }
        self = .signal(n)
      }
    }

    /// `SIGTERM`, or `the end of its grid (process <pid>)`.
    public var description: String {
      if case .gridEnded(let parent) = self { return "the end of its grid (process \(parent))" }
      return name
    }
  }

  /// The last epoch completed.
  public var epoch: Int
  /// What stopped the training.
  public var cause: Cause
  /// The run directory.
  public var directory: String
  /// The epoch of the checkpoint the run resumes from (nil: none could be written).
  public var checkpoint: Int?
  /// What was kept, in words, when it is not one checkpoint (the restarts of a run); nil: from
  /// ``checkpoint``.
  public var kept: String? = nil

  /// An interruption of the run in `directory` after `epoch`, resumable from `checkpoint`.
  public init(epoch: Int, cause: Cause, directory: String, checkpoint: Int?) {
    (self.epoch, self.cause, self.directory, self.checkpoint) = (epoch, cause, directory, checkpoint)
  }

  /// The message `dsr train` prints: what stopped the run, what was kept, how to continue.
  public var description: String {
    let kept = self.kept ?? checkpoint.map { "its checkpoint of epoch \($0) is in \(directory)/checkpoints/latest.json" }
      ?? "no checkpoint was kept, so resuming starts it again from its configuration"
    return "training interrupted by \(cause)\(self.kept == nil ? " after epoch \(epoch)" : ""); \(kept). "
      + "Continue with `dsr train --resume \(directory)` (a grid task: run the grid again)."
  }
}
