import DSRData
import DSRTensor
import Foundation

/// Where an interrupted run continues from: its full checkpoint (`checkpoints/latest.json`), or,
/// when that is missing or damaged, the newest model snapshot (`checkpoints/model_<epoch>.json`)
/// that reads back, or nowhere (the run never reached a checkpoint and starts again), or
/// nowhere because every checkpoint is damaged (the run is refused, its checkpoints kept).
enum ResumePoint<S: BLASScalar> {
  /// The full state: continues exactly as if never interrupted.
  case checkpoint(Checkpoint<S>)
  /// Parameters and α of a monitoring epoch; the optimiser's moments start afresh. `problem`
  /// says what was wrong with `latest.json`.
  case snapshot(epoch: Int, file: ModelFile, path: String, problem: String)
  /// Nothing was written.
  case none
  /// Checkpoints were written but none reads back; `problems` says what is wrong with each.
  case damaged(problems: String)

  /// The best point to continue `run` from.
  static func newest(in run: RunDirectory) -> ResumePoint {
    let problem: String
    // The file's name and what is wrong, for a list of damaged checkpoints.
    func short(_ error: Error) -> String {
      (error as? DataFileError).map { "\(($0.path as NSString).lastPathComponent) \($0.problem)" } ?? "\(error)"
    }
    var problems: [String] = []
    do {
      return .checkpoint(try Checkpoint<S>.read(run.latestCheckpoint))
    } catch {
      problem = "\(error)"
      if FileManager.default.fileExists(atPath: run.latestCheckpoint) { problems.append(short(error)) }
    }
    for epoch in run.modelSnapshotEpochs().sorted(by: >) {
      let path = run.modelCheckpoint(epoch: epoch)
      do {
        let file = try ModelFile.read(path)
        _ = try file.instantiate(S.self, path: path)
        return .snapshot(epoch: epoch, file: file, path: path, problem: problem)
      } catch {
        problems.append(short(error))
      }
    }
    let listed = problems.prefix(3).joined(separator: "; ") + (problems.count > 3 ? "; and \(problems.count - 3) more" : "")
    return problems.isEmpty ? .none : .damaged(problems: listed)
  }
}

extension ResumePoint {
  /// True when nothing can be resumed.
  var isNone: Bool { if case .none = self { return true } else { return false } }

  /// The epoch it continues after (nil for ``none``).
  var epoch: Int? {
    switch self {
    case .checkpoint(let c): return c.epoch
    case .snapshot(let epoch, _, _, _): return epoch
    case .none, .damaged: return nil
    }
  }
}
