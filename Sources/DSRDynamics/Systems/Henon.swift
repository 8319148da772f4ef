import Foundation

extension BenchmarkSystem {
  /// The Hénon map: `x' = 1 − ax² + y`, `y' = bx` with a = 1.4, b = 0.3.
  ///
  /// Hénon, M. (1976). A two-dimensional mapping with a strange attractor. *Commun. Math. Phys.* 50,
  /// 69–77. Reference spectrum (0.419, −1.623) per iteration (benchmarks.md §3).
  public static let henon = BenchmarkSystem(
    name: "henon", title: "Hénon map", kind: .map, parameters: ["a": 1.4, "b": 0.3],
    exponents: [0.419, -1.623], dimension: { _ in 2 }, initial: { _ in [0.1, 0.1] },
    field: { p, x, _ in [1 - p[0] * x[0] * x[0] + x[1], p[1] * x[0]] },
    jacobian: { p, x, _ in [-2 * p[0] * x[0], 1, p[1], 0] })
}
