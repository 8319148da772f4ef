extension BenchmarkSystem {
  /// The Genesio–Tesi jerk flow: `ẋ = y`, `ẏ = z`, `ż = −cx − by − az + x²` with a = 0.44, b = 1.1, c = 1.
  ///
  /// Genesio, R. & Tesi, A. (1992). Harmonic balance methods for the analysis of chaotic dynamics in
  /// nonlinear systems. *Automatica* 28, 531–548. Equations, parameters and initial state from dysts
  /// (`GenesioTesi`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0); reference exponents from
  /// `Tests/generate_lyapunov_references.py`.
  public static let genesioTesi = BenchmarkSystem(
    name: "genesio_tesi", title: "Genesio–Tesi", kind: .flow, parameters: ["a": 0.44, "b": 1.1, "c": 1],
    exponents: [0.1025, 0, -0.5426], lyapunovStep: 0.04, suggestedDt: 0.08, period: 6.023, dimension: { _ in 3 },
    initial: { _ in [-0.053772565, -0.26162564, 0.33501557] },
    field: { p, v, _ in
      let (x, y, z) = (v[0], v[1], v[2])
      return [y, z, -p[2] * x - p[1] * y - p[0] * z + x * x]
    },
    jacobian: { p, v, _ in
      [0, 1, 0,
       0, 0, 1,
       -p[2] + 2 * v[0], -p[1], -p[0]]
    })
}
