/// Fewer points that draw the same picture: what keeps a figure of 100 000 samples a few
/// hundred kilobytes.
public enum Decimation {
  /// For a series ordered in x, the indices to keep so that a line drawn through them looks like
  /// the full line at `columns` pixel columns: in each column the first, last, smallest and
  /// largest y (the M4 scheme). Non-finite y are kept too, so gaps stay gaps. A series with at
  /// most 4 × `columns` points is returned whole.
  public static func minMaxPerColumn(x: [Double], y: [Double], columns: Int) -> [Int] {
    precondition(x.count == y.count, "x and y need the same length, got \(x.count) and \(y.count)")
    let n = x.count
    guard columns > 0, n > 4 * columns else { return Array(0..<n) }
    let finiteX = x.filter(\.isFinite)
    guard let lo = finiteX.min(), let hi = finiteX.max(), hi > lo else { return Array(0..<n) }
    var kept: [Int] = []
    kept.reserveCapacity(4 * columns + 16)
    var column = -1
    var first = 0, last = 0, minIndex = -1, maxIndex = -1
    func flush() {
      guard column >= 0 else { return }
      var group = [first, last]
      if minIndex >= 0 { group.append(minIndex) }
      if maxIndex >= 0 { group.append(maxIndex) }
      kept += Set(group).sorted()
    }
    for i in 0..<n {
      if !y[i].isFinite || !x[i].isFinite {
        flush()
        kept.append(i)
        column = -1
        continue
      }
      let c = min(columns - 1, Int(Double(columns) * (x[i] - lo) / (hi - lo)))
      if c != column {
        flush()
        (column, first, last, minIndex, maxIndex) = (c, i, i, i, i)
      } else {
        last = i
        if y[i] < y[minIndex] { minIndex = i }
        if y[i] > y[maxIndex] { maxIndex = i }
      }
    }
    flush()
    return kept
  }

  /// For a scatter of points already in pixel coordinates, the indices of the first point in each
  /// `cell` × `cell` pixel square per `group` (e.g. per colour), in their original order: a dense
  /// cloud keeps its shape and extent with at most one point per cell and group. Points with a
  /// non-finite coordinate are dropped.
  public static func gridThinning(px: [Double], py: [Double], cell: Double, groups: [Int]? = nil) -> [Int] {
    precondition(px.count == py.count, "px and py need the same length, got \(px.count) and \(py.count)")
    precondition(cell > 0, "the cell size must be positive")
    var seen = Set<Int64>()
    var kept: [Int] = []
    for i in px.indices where px[i].isFinite && py[i].isFinite {
      let cx = Int64((px[i] / cell).rounded(.down)), cy = Int64((py[i] / cell).rounded(.down))
      let g = Int64(groups?[i] ?? 0)
      let key = (g &* 1_000_003 &+ cx) &* 1_000_033 &+ cy
      if seen.insert(key).inserted { kept.append(i) }
    }
    return kept
  }
}
