import DSRTensor

/// Delay vectors of a recording and exact nearest neighbours among them in the maximum
/// (Chebyshev) norm, with a Theiler window: the search behind the false-neighbour statistics.
///
/// Point p is time `times[p]` of trajectory `trajectories[p]`; its row holds the recording at
/// the given coordinates (`x_channel(t − lag)`). Only times at which every coordinate exists and
/// none is NaN are points. Neighbours are searched in the first `searched` columns: a k-d tree
/// (median splits on the column of largest spread) is searched exactly, pruning a subtree only
/// when its splitting gap alone exceeds the best distance so far (so ties keep the smallest
/// index).
struct DelayVectorNeighbours {
  /// The points, row-major, `count × coordinates.count`.
  let rows: [Double]
  /// Columns per row.
  let width: Int
  /// The columns that define the distance.
  let searched: Int
  /// Each point's trajectory and time (row of the recording).
  let trajectories: [Int], times: [Int]
  /// Points whose time differs from the query's by at most this, in the same trajectory, are not
  /// neighbours.
  let theilerWindow: Int
  /// A k-d tree over the searched columns: ``tree`` holds point indices, ``nodes`` the splits.
  private let tree: [Int]
  private let nodes: [Node]

  /// A node of the k-d tree: points `tree[lower..<upper]`; an inner node splits them at
  /// `tree[middle]` on column `axis` (left: `lower..<middle`, right: `middle + 1..<upper`).
  private struct Node {
    var lower: Int, upper: Int, axis: Int, split: Double, left: Int, right: Int
  }

  /// Points per leaf.
  private static let leafSize = 12

  /// The number of points.
  var count: Int { times.count }

  /// The delay vectors at `coordinates` of `recording` at times `t ≥ earliest` (and at least the
  /// largest lag), searched in their first `searched` columns.
  init(_ recording: EmbeddingRecording, coordinates: [DelayEmbedding.Coordinate], searched: Int, earliest: Int = 0, theilerWindow: Int) {
    precondition(searched >= 1 && searched <= coordinates.count, "DelayVectorNeighbours: searched \(searched) of \(coordinates.count)")
    let start = Swift.max(earliest, coordinates.map(\.lag).max() ?? 0)
    let c = recording.channels
    var rows: [Double] = [], trajectories: [Int] = [], times: [Int] = []
    var row = [Double](repeating: 0, count: coordinates.count)
    for (k, x) in recording.trajectories.enumerated() where x.shape[0] > start {
      x.scalars.withUnsafeBufferPointer { s in
        for t in start..<x.shape[0] {
          var ok = true
          for (i, q) in coordinates.enumerated() {
            row[i] = s[(t - q.lag) * c + q.channel]
            if row[i].isNaN { ok = false; break }
          }
          if ok { rows += row; trajectories.append(k); times.append(t) }
        }
      }
    }
    let width = coordinates.count
    var tree = Array(0..<times.count), nodes: [Node] = []
    Self.build(&tree, &nodes, rows: rows, width: width, searched: searched, lower: 0, upper: tree.count)
    (self.rows, self.width, self.searched, self.trajectories, self.times) = (rows, width, searched, trajectories, times)
    (self.theilerWindow, self.tree, self.nodes) = (theilerWindow, tree, nodes)
  }

  /// Builds the subtree of `tree[lower..<upper]`, returning its node index: split on the column
  /// of largest spread at the median (ties in value by point index, so the tree is
  /// deterministic).
  @discardableResult
  private static func build(_ tree: inout [Int], _ nodes: inout [Node], rows: [Double], width: Int, searched: Int, lower: Int, upper: Int) -> Int {
    let index = nodes.count
    nodes.append(Node(lower: lower, upper: upper, axis: -1, split: 0, left: -1, right: -1))
    guard upper - lower > leafSize else { return index }
    var (axis, spread) = (0, -1.0)
    for k in 0..<searched {
      var (lo, hi) = (Double.infinity, -Double.infinity)
      for p in lower..<upper { (lo, hi) = (Swift.min(lo, rows[tree[p] * width + k]), Swift.max(hi, rows[tree[p] * width + k])) }
      if hi - lo > spread { (axis, spread) = (k, hi - lo) }
    }
    let middle = (lower + upper) / 2
    select(&tree, rows: rows, width: width, axis: axis, lower: lower, upper: upper, nth: middle)
    let left = build(&tree, &nodes, rows: rows, width: width, searched: searched, lower: lower, upper: middle)
    let right = build(&tree, &nodes, rows: rows, width: width, searched: searched, lower: middle + 1, upper: upper)
    nodes[index].axis = axis
    nodes[index].split = rows[tree[middle] * width + axis]
    (nodes[index].left, nodes[index].right) = (left, right)
    return index
  }

  /// Reorders `tree[lower..<upper]` so that position `nth` holds the point that sorting by
  /// (column `axis`, index) would put there, smaller ones before it and larger ones after
  /// (quickselect with the middle element as pivot; deterministic).
  private static func select(_ tree: inout [Int], rows: [Double], width: Int, axis: Int, lower: Int, upper: Int, nth: Int) {
    rows.withUnsafeBufferPointer { r in
      tree.withUnsafeMutableBufferPointer { t in
        func less(_ a: Int, _ b: Int) -> Bool {
          let (x, y) = (r[a * width + axis], r[b * width + axis])
          return x < y || (x == y && a < b)
        }
        var (lo, hi) = (lower, upper - 1)
        while lo < hi {
          let pivot = t[(lo + hi) / 2]
          var (i, j) = (lo, hi)
          while i <= j {
            while less(t[i], pivot) { i += 1 }
            while less(pivot, t[j]) { j -= 1 }
            if i <= j { t.swapAt(i, j); i += 1; j -= 1 }
          }
          if nth <= j { hi = j } else if nth >= i { lo = i } else { return }
        }
      }
    }
  }

  /// The nearest point to point `i` at a non-zero distance in the searched columns, outside the
  /// Theiler window (ties: the smallest index), and that distance; nil when there is none.
  func nearest(to i: Int) -> (index: Int, distance: Double)? {
    var best = Double.infinity, bestIndex = -1
    rows.withUnsafeBufferPointer { r in
      let base = i * width
      func consider(_ j: Int) {
        if trajectories[j] == trajectories[i] && Swift.abs(times[j] - times[i]) <= theilerWindow { return }
        var d = 0.0
        let other = j * width
        for k in 0..<searched {
          d = Swift.max(d, Swift.abs(r[base + k] - r[other + k]))
          if d > best { return }
        }
        if d > 0 && (d < best || (d == best && j < bestIndex)) { (best, bestIndex) = (d, j) }
      }
      func visit(_ n: Int) {
        let node = nodes[n]
        guard node.axis >= 0 else {
          for p in node.lower..<node.upper { consider(tree[p]) }
          return
        }
        let gap = r[base + node.axis] - node.split
        let (near, far) = gap < 0 ? (node.left, node.right) : (node.right, node.left)
        visit(near)
        // The splitting point and the far side can be no nearer than |gap| (maximum norm).
        if Swift.abs(gap) <= best {
          consider(tree[(node.lower + node.upper) / 2])
          visit(far)
        }
      }
      visit(0)
    }
    return bestIndex < 0 ? nil : (bestIndex, best)
  }

  /// Column `k` of point `i`.
  func value(_ i: Int, _ k: Int) -> Double { rows[i * width + k] }

  /// The points used as references: all of them when there are at most `limit`, otherwise
  /// `limit` drawn without replacement by a generator seeded with `seed`, in increasing order.
  func references(limit: Int, seed: UInt64) -> [Int] {
    guard count > limit else { return Array(0..<count) }
    var generator = RandomGenerator(seed: seed)
    var pool = Array(0..<count)
    for k in 0..<limit { pool.swapAt(k, k + Int(generator.next() % UInt64(count - k))) }
    return pool[0..<limit].sorted()
  }

  /// The point at time `time` of trajectory `trajectory`, if it is one (binary search: points
  /// are in the order of trajectory, then time).
  func point(trajectory: Int, time: Int) -> Int? {
    var (lo, hi) = (0, count)
    while lo < hi {
      let mid = (lo + hi) / 2
      if (trajectories[mid], times[mid]) < (trajectory, time) { lo = mid + 1 } else { hi = mid }
    }
    return lo < count && trajectories[lo] == trajectory && times[lo] == time ? lo : nil
  }
}
