import DSRTensor

/// Where a trajectory has missing values: the rows holding NaN in at least one column.
///
/// dsr masks per row: a row with one channel missing counts as missing as a whole, exactly like
/// a row with every channel missing. Training windows are drawn only from complete rows
/// (``completeWindowStarts(rows:)``), the monitoring free run starts at ``firstCompleteRow``,
/// and `dsr inspect` reports the figures below.
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
  public func completeWindowStarts(rows: Int) -> [Int] {
    stretches.flatMap { s in s.count >= rows ? Array(s.lowerBound...(s.upperBound - rows)) : [] }
  }
}
