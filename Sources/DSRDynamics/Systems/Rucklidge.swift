extension BenchmarkSystem {
  /// Rucklidge's model of double convection: `ẋ = −ax + by − yz`, `ẏ = x`, `ż = −z + y²` with a = 2,
  /// b = 6.7.
  ///
  /// Rucklidge, A. M. (1992). Chaos in models of double convection. *J. Fluid Mech.* 237, 209–229.
  /// Equations, parameters and initial state from dysts (`Rucklidge`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0); reference exponents from
  /// `Tests/generate_lyapunov_references.py`.
  public static let rucklidge = BenchmarkSystem(
    name: "rucklidge", title: "Rucklidge", kind: .flow, parameters: ["a": 2, "b": 6.7],
    exponents: [0.1912, 0, -3.1912], lyapunovStep: 0.01, suggestedDt: 0.046, period: 3.482, dimension: { _ in 3 },
    initial: { _ in [1.9257158, 3.1923835, 5.7829655] },
    field: { p, v, _ in
      let (x, y, z) = (v[0], v[1], v[2])
      return [-p[0] * x + p[1] * y - y * z, x, -z + y * y]
    },
    jacobian: { p, v, _ in
      let (y, z) = (v[1], v[2])
      return [-p[0], p[1] - z, -y,
              1, 0, 0,
              0, 2 * y, -1]
    })
}
