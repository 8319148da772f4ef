import Foundation

extension BenchmarkSystem {
  /// The logistic map `x' = rx(1 − x)` at r = 4, where λ₁ = ln 2 per iteration.
  ///
  /// May, R. M. (1976). Simple mathematical models with very complicated dynamics. *Nature* 261, 459–467.
  public static let logistic = BenchmarkSystem(
    name: "logistic", title: "logistic map", kind: .map, parameters: ["r": 4],
    exponents: [Foundation.log(2)], dimension: { _ in 1 }, initial: { _ in [0.3] },
    field: { p, x, _ in [p[0] * x[0] * (1 - x[0])] },
    jacobian: { p, x, _ in [p[0] * (1 - 2 * x[0])] })
}
