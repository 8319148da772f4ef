extension BenchmarkSystem {
  /// Halvorsen's cyclically symmetric attractor: `ẋ = −ax − by − bz − y²`, `ẏ = −ay − bz − bx − z²`,
  /// `ż = −az − bx − by − x²` with a = 1.4, b = 4.
  ///
  /// Sprott, J. C. (2010). *Elegant Chaos: Algebraically Simple Chaotic Flows*. World Scientific.
  /// Equations, parameters and initial state from dysts (`Halvorsen`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0); reference exponents from
  /// `Tests/generate_lyapunov_references.py`.
  public static let halvorsen = BenchmarkSystem(
    name: "halvorsen", title: "Halvorsen", kind: .flow, parameters: ["a": 1.4, "b": 4],
    exponents: [0.6804, 0, -4.8809], lyapunovStep: 0.005, suggestedDt: 0.02, period: 1.488, dimension: { _ in 3 },
    initial: { _ in [-8.6807408, -2.4741399, 0.070775762] },
    field: { p, v, _ in
      let (a, b) = (p[0], p[1])
      let (x, y, z) = (v[0], v[1], v[2])
      return [-a * x - b * y - b * z - y * y, -a * y - b * z - b * x - z * z, -a * z - b * x - b * y - x * x]
    },
    jacobian: { p, v, _ in
      let (a, b) = (p[0], p[1])
      let (x, y, z) = (v[0], v[1], v[2])
      return [-a, -b - 2 * y, -b,
              -b, -a, -b - 2 * z,
              -b - 2 * x, -b, -a]
    })
}
