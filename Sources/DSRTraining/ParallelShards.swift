import Dispatch

/// Runs `body(i)` for i = 0 ..< `count` on up to `count` threads (GCD's pool) and returns when
/// all are done. The caller guarantees that the iterations write disjoint memory and read only
/// what none of them writes; results are combined by the caller in index order, so the outcome
/// does not depend on the threads' timing.
func parallelShards(_ count: Int, _ body: (Int) -> Void) {
  withoutActuallyEscaping(body) { body in
    let box = UncheckedSendableBox(body)
    DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
  }
}

/// A value handed to concurrent iterations that only read it (see ``parallelShards(_:_:)``).
final class UncheckedSendableBox<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
