import Foundation

extension BenchmarkSystem {
  /// The forced Duffing oscillator: `ẋ = y`, `ẏ = −δy − βx − αx³ + γ cos(ωt)` with α = 1, β = −1, δ = 0.1,
  /// γ = 0.35, ω = 1.4 (non-autonomous: the field depends on t).
  ///
  /// Duffing, G. (1918). *Erzwungene Schwingungen bei veränderlicher Eigenfrequenz*. Vieweg; parameters as in dysts (`Duffing`). λ₁ ≈ 0.13 per time unit (benchmarks.md §3).
  public static let duffing = BenchmarkSystem(
    name: "duffing", title: "Duffing (forced)", kind: .flow,
    parameters: ["alpha": 1, "beta": -1, "delta": 0.1, "gamma": 0.35, "omega": 1.4],
    exponents: [0.13], lyapunovStep: 0.01, suggestedDt: 0.05, period: 4.456, dimension: { _ in 2 }, initial: { _ in [1, 0] },
    field: { p, x, t in [x[1], -p[2] * x[1] - p[1] * x[0] - p[0] * x[0] * x[0] * x[0] + p[3] * cos(p[4] * t)] },
    jacobian: { p, x, _ in [0, 1, -p[1] - 3 * p[0] * x[0] * x[0], -p[2]] })
}
