import DSRTensor

/// Where a trajectory has missing values: the rows holding NaN in at least one column.
///
/// A row with one channel missing counts as missing as a whole here, exactly like a row with every
/// channel missing. Training windows start on a complete row and bridge only short gaps
/// (``windowStarts(rows:longestGap:)``; the trainer masks the loss per value and forces only
/// complete rows), the monitoring free run starts at ``firstCompleteRow``, and `dsr inspect`
/// reports the figures below.
///
/// A *gap* is a maximal run of consecutive missing rows; a *stretch* is a maximal run of
/// consecutive complete rows.
public struct MissingRows: Sendable, Equatable {
  /// T, the trajectory's number of rows.
  public let length: Int
  /// The gaps in row order, as 0-based row ranges.
  public let gaps: [Range<Int>]

  /// The missing rows of a `T × N` matrix (rows with a NaN in any column).
  ///
  /// - Precondition: `x` is a matrix.
  public init<S: BLASScalar>(_ x: Tensor<S>) {
    precondition(x.rank == 2, "MissingRows: a T × N matrix is needed, got shape \(x.shape)")
    let (t, n) = (x.shape[0], x.shape[1])
    var gaps: [Range<Int>] = []
    var open: Int? = nil
    x.scalars.withUnsafeBufferPointer { v in
      for row in 0..<t {
        var missing = false
        for j in 0..<n where v[row * n + j].isNaN { missing = true; break }
        if missing, open == nil { open = row }
        if !missing, let start = open { gaps.append(start..<row); open = nil }
      }
    }
    if let start = open { gaps.append(start..<t) }
    (length, self.gaps) = (t, gaps)
  }

  /// Whether every row is complete.
  public var isEmpty: Bool { gaps.isEmpty }

  /// The number of missing rows.
  public var count: Int { gaps.reduce(0) { $0 + $1.count } }

  /// The longest gap (0 without gaps).
  public var longestGap: Int { gaps.map(\.count).max() ?? 0 }

  /// The complete stretches in row order, as 0-based row ranges.
  public var stretches: [Range<Int>] {
    var out: [Range<Int>] = []
    var start = 0
    for gap in gaps {
      if gap.lowerBound > start { out.append(start..<gap.lowerBound) }
      start = gap.upperBound
    }
    if length > start { out.append(start..<length) }
    return out
  }

  /// The longest complete stretch (the first of equal length); nil when every row is missing.
  public var longestStretch: Range<Int>? {
    stretches.reduce(nil) { best, s in best.map { $0.count >= s.count ? $0 : s } ?? s }
  }

  /// The first complete row; nil when every row is missing.
  public var firstCompleteRow: Int? { stretches.first?.lowerBound }

  /// The 0-based first rows of every window of `rows` consecutive complete rows, ascending.
  public func completeWindowStarts(rows: Int) -> [Int] { windowStarts(rows: rows, longestGap: 0) }

  /// The 0-based first rows of every window of `rows` consecutive rows whose first row is
  /// complete and in which no gap covers more than `longestGap` rows (the part of a gap inside
  /// the window counts), ascending; with `longestGap` 0, the windows of complete rows.
  ///
  /// - Precondition: `rows ≥ 1`, `longestGap ≥ 0`.
  public func windowStarts(rows: Int, longestGap: Int) -> [Int] {
    precondition(rows >= 1 && longestGap >= 0, "MissingRows.windowStarts: rows ≥ 1 and longestGap ≥ 0")
    guard length >= rows else { return [] }
    // usable[s]: s is a start whose window [s, s + rows) ends inside the trajectory.
    var usable = [Bool](repeating: true, count: length - rows + 1)
    for gap in gaps {
      // Starts inside the gap: the first row is missing.
      for s in gap.clamped(to: 0..<usable.count) { usable[s] = false }
      guard gap.count > longestGap else { continue }
      // Starts whose window holds more than longestGap rows of this gap:
      // min(gap.upper, s + rows) − max(gap.lower, s) > longestGap.
      let low = Swift.max(gap.lowerBound - rows + longestGap + 1, 0)
      let high = Swift.min(gap.upperBound - longestGap, usable.count)
      if low < high { for s in low..<high { usable[s] = false } }
    }
    return usable.indices.filter { usable[$0] }
  }
}
