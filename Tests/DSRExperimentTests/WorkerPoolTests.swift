@testable import DSRExperiment
import Synchronization
import Testing

/// ``WorkerPool``: results in item order whatever the timing, never more than `width` in flight.
@Suite("WorkerPool")
struct WorkerPoolTests {
  @Test("results come back in item order; every result is seen once as it arrives", arguments: [1, 3, 8])
  func order(width: Int) async {
    let inFlight = Mutex((now: 0, most: 0))
    var seen: [Int] = []
    let results = await WorkerPool.map(Array(0..<12), width: width) { i in
      inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
      try? await Task.sleep(for: .milliseconds(12 - i))
      inFlight.withLock { $0.now -= 1 }
      return i * i
    } onResult: { index, _ in seen.append(index) }
    #expect(results == (0..<12).map { $0 * $0 })
    #expect(seen.sorted() == Array(0..<12))
    #expect(inFlight.withLock { $0.most } <= width)
  }

  @Test("no items, no work")
  func empty() async {
    #expect(await WorkerPool.map([Int](), width: 4) { $0 }.isEmpty)
  }
}
