import Foundation

/// The linear subregions a trajectory visits: occupation, dwell times, the symbolic sequence and
/// the transition graph (alrnn-symbolic.md §3.2, §3.5).
public struct RegionCensus: Sendable {
  /// Visited regions, most frequent first (ties: first visited first); a region's symbol is its
  /// index here.
  public let regions: [Region]
  /// Steps spent in each region, in ``regions`` order.
  public let counts: [Int]
  /// Mean and longest run of consecutive steps in each region.
  public let meanDwell: [Double]
  /// The longest run of consecutive steps in each region, in regions order.
  public let maxDwell: [Int]
  /// The symbolic sequence: the symbol (index into ``regions``) of every step.
  public let sequence: [Int]
  /// Time-step transitions `T[i][j] = #{t : s_t = i, s_{t+1} = j}`, self-transitions included.
  public let transitions: [[Int]]

  /// The census of `trajectory` (latent states) under `map`.
  public init(map: SwitchedAffineMap, trajectory: [[Double]]) {
    self.init(patterns: trajectory.map { map.pattern($0) })
  }

  /// The census of a sequence of regions (one per step, as ``SwitchedAffineMap/pattern(_:)``
  /// gives them). Its transition table holds (distinct regions)² counts.
  public init(patterns: [Region]) {
    var firstSeen: [Region: Int] = [:]
    var tally: [Region: Int] = [:]
    for (t, p) in patterns.enumerated() {
      if firstSeen[p] == nil { firstSeen[p] = t }
      tally[p, default: 0] += 1
    }
    let ordered = tally.keys.sorted { (tally[$0]!, -firstSeen[$0]!) > (tally[$1]!, -firstSeen[$1]!) }
    let index = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1, $0) })
    regions = ordered
    counts = ordered.map { tally[$0]! }
    sequence = patterns.map { index[$0]! }
    var matrix = [[Int]](repeating: [Int](repeating: 0, count: ordered.count), count: ordered.count)
    for t in 0..<(sequence.count - 1) where sequence.count > 1 { matrix[sequence[t]][sequence[t + 1]] += 1 }
    transitions = matrix
    var runs = [[Int]](repeating: [], count: ordered.count)
    var start = 0
    for t in 1...sequence.count where t == sequence.count || sequence[t] != sequence[start] {
      runs[sequence[start]].append(t - start)
      start = t
    }
    meanDwell = runs.map { $0.isEmpty ? 0 : Double($0.reduce(0, +)) / Double($0.count) }
    maxDwell = runs.map { $0.max() ?? 0 }
  }

  /// Row-normalised transition probabilities (a Markov chain on the visited regions).
  public var probabilities: [[Double]] {
    transitions.map { row in
      let total = row.reduce(0, +)
      return row.map { total > 0 ? Double($0) / Double(total) : 0 }
    }
  }

  /// Simple cycles of the transition graph without self-loops, up to `maxLength` regions, each
  /// listed once from its smallest symbol; at most `limit`.
  public func graphCycles(maxLength: Int, limit: Int = 1000) -> [[Int]] {
    let n = regions.count
    var out: [[Int]] = []
    var path: [Int] = []
    var onPath = [Bool](repeating: false, count: n)
    func extend(_ start: Int, _ v: Int) {
      guard out.count < limit else { return }
      for w in 0..<n where transitions[v][w] > 0 && w != v {
        if w == start && path.count >= 2 { out.append(path) }
        else if w > start && !onPath[w] && path.count < maxLength {
          path.append(w); onPath[w] = true
          extend(start, w)
          path.removeLast(); onPath[w] = false
        }
      }
    }
    for s in 0..<n {
      path = [s]; onPath[s] = true
      extend(s, s)
      onPath[s] = false
    }
    return out
  }
}
