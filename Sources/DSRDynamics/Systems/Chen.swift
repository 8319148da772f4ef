import Foundation

extension BenchmarkSystem {
  /// Chen: `ẋ = a(y − x)`, `ẏ = (c − a)x − xz + cy`, `ż = xy − bz` with a = 35, b = 3, c = 28.
  ///
  /// Chen, G. & Ueta, T. (1999). Yet another chaotic attractor. *Int. J. Bifurc. Chaos* 9, 1465–1466
  /// (dysts cites Chen 1997, Proc. 1st Int. Conf. Control of Oscillations and Chaos);
  /// parameters as in dysts (`Chen`). Reference spectrum (2.02, 0, −12.02) per time unit (benchmarks.md §3).
  public static let chen = BenchmarkSystem(
    name: "chen", title: "Chen", kind: .flow, parameters: ["a": 35, "b": 3, "c": 28],
    exponents: [2.02, 0, -12.02], lyapunovStep: 0.002, suggestedDt: 0.005, period: 0.597, dimension: { _ in 3 }, initial: { _ in [-10, 0, 37] },
    field: { p, x, _ in [p[0] * (x[1] - x[0]), (p[2] - p[0]) * x[0] - x[0] * x[2] + p[2] * x[1], x[0] * x[1] - p[1] * x[2]] },
    jacobian: { p, x, _ in [-p[0], p[0], 0, p[2] - p[0] - x[2], p[2], -x[0], x[1], x[0], -p[1]] })
}
