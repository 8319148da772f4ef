import Foundation

extension BenchmarkSystem {
  /// Lorenz-63: `ẋ = σ(y − x)`, `ẏ = x(ρ − z) − y`, `ż = xy − βz` with σ = 10, ρ = 28, β = 8/3.
  ///
  /// Lorenz, E. N. (1963). Deterministic nonperiodic flow. *J. Atmos. Sci.* 20, 130–141; parameters as in
  /// dysts (`Lorenz`). Reference spectrum (0.906, 0, −14.57) per time unit (benchmarks.md §3).
  public static let lorenz63 = BenchmarkSystem(
    name: "lorenz63", title: "Lorenz-63", kind: .flow, parameters: ["sigma": 10, "rho": 28, "beta": 8.0 / 3],
    exponents: [0.906, 0, -14.57], lyapunovStep: 0.01, suggestedDt: 0.01, period: 0.7575, dimension: { _ in 3 }, initial: { _ in [1, 1, 1] },
    field: { p, x, _ in [p[0] * (x[1] - x[0]), x[0] * (p[1] - x[2]) - x[1], x[0] * x[1] - p[2] * x[2]] },
    jacobian: { p, x, _ in [-p[0], p[0], 0, p[1] - x[2], -1, -x[0], x[1], x[0], -p[2]] })
}
