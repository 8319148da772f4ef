import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SIGINT and SIGTERM while a run trains, and the end of the grid that started a worker: a flag
/// the training loop reads between epochs, so that the run stops with a checkpoint instead of
/// dying wherever the signal finds it.
///
/// One listener per process, shared by every run training in it: the first ``begin()`` installs
/// the handler, the last ``end()`` restores the previous actions. A second signal while the
/// first is being honoured ends the process at once (the default action). The handler only
/// swaps an atomic (async-signal-safe); a dispatch signal source would not do here, because the
/// training occupies the main thread, which does not block the signals it would need blocked.
final class StopRequest: @unchecked Sendable {
  /// The process's listener.
  static let shared = StopRequest()

  private let lock = NSLock()
  private var users = 0
  private var previous: [Int32: __sighandler_t?] = [:]
  private static let signals = [SIGINT, SIGTERM]

  /// Starts listening (nested calls count).
  func begin() {
    lock.withLock {
      users += 1
      guard users == 1 else { return }
      receivedStopSignal.store(0, ordering: .sequentiallyConsistent)
      for number in Self.signals { previous[number] = Foundation.signal(number, stopSignalHandler) }
    }
  }

  /// Stops listening when the last user ends; the previous signal actions return.
  func end() {
    lock.withLock {
      users -= 1
      guard users == 0 else { return }
      for (number, old) in previous { Foundation.signal(number, old ?? SIG_DFL) }
      previous = [:]
    }
  }

  /// The first signal received since listening began.
  var signal: Int32? {
    let number = receivedStopSignal.load(ordering: .sequentiallyConsistent)
    return number == 0 ? nil : number
  }

  /// Why a training should stop now: a signal, or (for a grid worker, `gridParent` set) the end of
  /// its grid, seen as a new parent process; nil to train on.
  func cause(gridParent: Int32?) -> TrainingInterruption.Cause? {
    if let number = signal { return .signal(number) }
    if let gridParent, getppid() != gridParent { return .gridEnded(parent: gridParent) }
    return nil
  }
}

/// The first stop signal received (0: none).
private let receivedStopSignal = Atomic<Int32>(0)

/// Records the first signal; a second one restores the default action and raises it again.
private func stopSignalHandler(_ number: Int32) {
  let (first, _) = receivedStopSignal.compareExchange(expected: 0, desired: number, ordering: .sequentiallyConsistent)
  guard !first else { return }
  _ = signal(number, SIG_DFL)
  raise(number)
}
