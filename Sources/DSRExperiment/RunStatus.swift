/// Where an evaluated run stands (the `status` column of `dsr evaluate`).
public enum RunStatus: String, Sendable, Equatable, CaseIterable, Codable, CustomStringConvertible {
  /// Training finished (model.json exists).
  case finished
  /// Training stopped on divergence; its last checkpoint is evaluated.
  case diverged
  /// Still training, or interrupted.
  case unfinished
  /// Neither model.json nor a checkpoint exists.
  case noModel = "no model"
  /// The run could not be evaluated (see the result's note).
  case error

  /// The training outcome of a task state: finished, diverged or unfinished.
  public init(_ state: TaskState) {
    switch state {
    case .finished: self = .finished
    case .diverged: self = .diverged
    case .pending, .running, .interrupted, .failed: self = .unfinished
    }
  }

  /// The name printed and written (`no model` with a space).
  public var description: String { rawValue }
}
