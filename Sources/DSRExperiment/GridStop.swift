import Dispatch
import Foundation

/// Ctrl-C and SIGTERM for a local grid: the first signal stops starting tasks and forwards
/// SIGTERM to every running worker, so the grid ends promptly instead of when its running tasks
/// finish (hours in real use). Interrupted runs keep their last checkpoint and resume on the
/// next run of the grid.
final class GridStop: @unchecked Sendable {
  private let lock = NSLock()
  private var running: [ObjectIdentifier: Process] = [:]
  private var received: Int32?
  private var sources: [DispatchSourceSignal] = []

  /// The signal that stopped the grid, if one did.
  var signal: Int32? { lock.withLock { received } }

  /// Starts listening for SIGINT and SIGTERM (instead of dying at once); `note` gets one line
  /// when the first arrives.
  func listen(note: @escaping @Sendable (String) -> Void) {
    for number in [SIGINT, SIGTERM] {
      Foundation.signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [weak self] in
        guard let self, self.trigger(number) else { return }
        note("Stopping on \(number == SIGINT ? "SIGINT" : "SIGTERM"): no new tasks; the running workers get SIGTERM and keep their last checkpoint.")
      }
      source.resume()
      sources.append(source)
    }
  }

  /// Stops listening and restores the default actions.
  func close() {
    for source in sources { source.cancel() }
    sources = []
    for number in [SIGINT, SIGTERM] { Foundation.signal(number, SIG_DFL) }
  }

  /// Records the signal and terminates the running workers; false if the grid was already stopping.
  @discardableResult
  func trigger(_ number: Int32) -> Bool {
    let (first, processes): (Bool, [Process]) = lock.withLock {
      guard received == nil else { return (false, []) }
      received = number
      return (true, Array(running.values))
    }
    for process in processes where process.isRunning { process.terminate() }
    return first
  }

  /// Registers a started worker; false (and the worker is terminated) if the grid is stopping.
  func register(_ process: Process) -> Bool {
    let stopping = lock.withLock { () -> Bool in
      if received != nil { return true }
      running[ObjectIdentifier(process)] = process
      return false
    }
    if stopping && process.isRunning { process.terminate() }
    return !stopping
  }

  /// Forgets a worker that ended.
  func unregister(_ process: Process) {
    _ = lock.withLock { running.removeValue(forKey: ObjectIdentifier(process)) }
  }
}
