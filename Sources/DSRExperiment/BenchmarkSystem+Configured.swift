import DSRDynamics

extension BenchmarkSystem {
  /// The system `name` with `name=value` parameter overrides (`--param rho=35`) applied.
  ///
  /// - Throws: `BenchmarkSystemError` for an unknown system or parameter, ``UsageError`` for an
  ///   assignment that is not `name=value`.
  static func configured(_ name: String, _ assignments: [String]) throws -> BenchmarkSystem {
    var s = try BenchmarkSystem.named(name)
    for assignment in assignments {
      let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let value = Double(parts[1]) else {
        throw UsageError("--param \(assignment): expected name=value, e.g. rho=35")
      }
      try s.set(parts[0], to: value)
    }
    return s
  }
}
