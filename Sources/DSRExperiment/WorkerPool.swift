/// At most `width` pieces of work at once, for the grid's training processes and for the
/// evaluation of runs: a task group that starts the next item whenever one finishes.
///
/// Results come back in the order of the items, so what a caller writes does not depend on
/// timing; `onResult` sees each result as it arrives (on the calling task, one at a time, so it
/// needs no lock), for progress lines.
enum WorkerPool {
  /// `work` applied to every item, with at most `width` running at once.
  ///
  /// - Parameters:
  ///   - items: the work list, started in order.
  ///   - width: the most items in flight (at least 1).
  ///   - work: one item's work; CPU-bound work runs on the cooperative thread pool, so at most
  ///     as many items compute at once as the machine has cores.
  ///   - onResult: called with the item's index and result as each finishes.
  /// - Returns: the results in the order of `items`.
  static func map<Item: Sendable, Result: Sendable>(
    _ items: [Item], width: Int, _ work: @escaping @Sendable (Item) async -> Result,
    onResult: (Int, Result) -> Void = { _, _ in }
  ) async -> [Result] {
    await withTaskGroup(of: (Int, Result).self) { group in
      var results = [Result?](repeating: nil, count: items.count)
      var next = 0
      func startNext() {
        guard next < items.count else { return }
        let (index, item) = (next, items[next])
        group.addTask { (index, await work(item)) }
        next += 1
      }
      for _ in 0..<Swift.max(1, Swift.min(width, items.count)) { startNext() }
      while let (index, result) = await group.next() {
        results[index] = result
        onResult(index, result)
        startNext()
      }
      return results.compactMap { $0 }
    }
  }
}
