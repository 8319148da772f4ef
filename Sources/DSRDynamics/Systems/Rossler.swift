import Foundation

extension BenchmarkSystem {
  /// Rössler: `ẋ = −y − z`, `ẏ = x + ay`, `ż = b + z(x − c)` with a = b = 0.2, c = 5.7.
  ///
  /// Rössler, O. E. (1976). An equation for continuous chaos. *Phys. Lett. A* 57, 397–398; parameters as in
  /// dysts (`Rossler`). Reference spectrum (0.070, 0, −5.39) per time unit (benchmarks.md §3).
  public static let rossler = BenchmarkSystem(
    name: "rossler", title: "Rössler", kind: .flow, parameters: ["a": 0.2, "b": 0.2, "c": 5.7],
    exponents: [0.070, 0, -5.39], lyapunovStep: 0.02, suggestedDt: 0.08, period: 5.878, dimension: { _ in 3 }, initial: { _ in [1, 1, 0] },
    field: { p, x, _ in [-x[1] - x[2], x[0] + p[0] * x[1], p[1] + x[2] * (x[0] - p[2])] },
    jacobian: { p, x, _ in [0, -1, -1, 1, p[0], 0, x[2], 0, x[0] - p[2]] })
}
