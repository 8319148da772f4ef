import Foundation

extension BenchmarkSystem {
  /// Rabinovich–Fabrikant: `ẋ = y(z − 1 + x²) + gx`, `ẏ = x(3z + 1 − x²) + gy`, `ż = −2z(a + xy)` with
  /// a = 1.1, g = 0.87.
  ///
  /// Rabinovich, M. I. & Fabrikant, A. L. (1979). Stochastic self-modulation of waves in nonequilibrium
  /// media. *Sov. Phys. JETP* 50, 311; parameters as in dysts (`RabinovichFabrikant`). Reference spectrum
  /// (0.199, 0, −0.659) per time unit (benchmarks.md §3).
  public static let rabinovichFabrikant = BenchmarkSystem(
    name: "rabinovich_fabrikant", title: "Rabinovich–Fabrikant", kind: .flow, parameters: ["a": 1.1, "g": 0.87],
    exponents: [0.199, 0, -0.659], lyapunovStep: 0.005, suggestedDt: 0.01, period: 2.471, dimension: { _ in 3 }, initial: { _ in [-1, 0, 0.5] },
    field: { p, v, _ in
      let (a, g) = (p[0], p[1])
      let (x, y, z) = (v[0], v[1], v[2])
      return [y * (z - 1 + x * x) + g * x, x * (3 * z + 1 - x * x) + g * y, -2 * z * (a + x * y)]
    },
    jacobian: { p, v, _ in
      let (a, g) = (p[0], p[1])
      let (x, y, z) = (v[0], v[1], v[2])
      return [2 * x * y + g, z - 1 + x * x, y,
              3 * z + 1 - 3 * x * x, g, 3 * x,
              -2 * y * z, -2 * x * z, -2 * a - 2 * x * y]
    })
}
