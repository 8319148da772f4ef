/// A configuration that cannot be used, with the key at fault and how to fix it.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
  /// The configuration file, or `--set` / `defaults` when the value came from elsewhere.
  public var source: String
  /// The key at fault (empty for whole-file problems).
  public var key: String
  /// What is wrong with the value.
  public var problem: String
  /// How to fix it (empty when there is nothing to suggest).
  public var remedy: String

  /// An error about `key` in `source`, with the problem and its remedy.
  public init(source: String, key: String, problem: String, remedy: String) {
    (self.source, self.key, self.problem, self.remedy) = (source, key, problem, remedy)
  }

  /// `<source>: key '<key>': <problem> (<remedy>)`, leaving out the parts that are empty.
  public var description: String {
    (key.isEmpty ? "\(source): " : "\(source): key '\(key)': ") + problem + (remedy.isEmpty ? "" : " (\(remedy))")
  }
}

/// The Levenshtein distance between two strings (case-insensitive), for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a.lowercased()), y = Array(b.lowercased())
  if x.isEmpty { return y.count }
  var previous = Array(0...y.count)
  for i in 1...x.count {
    var current = [i] + Array(repeating: 0, count: y.count)
    for j in 1...Swift.max(y.count, 1) where j <= y.count {
      current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[y.count]
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
func nearest(_ word: String, in candidates: [String]) -> String? {
  let scored = candidates.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
  guard let (best, distance) = scored, distance <= Swift.max(2, word.count / 3) else { return nil }
  return best
}
