extension BenchmarkSystem {
  /// Lorenz-84, a low-order model of the general atmospheric circulation:
  /// `ẋ = −ax − y² − z² + aF`, `ẏ = −y + xy − bxz + G`, `ż = −z + bxy + xz` with a = 1.32, b = 7.91,
  /// F = 4.83, G = 4.194.
  ///
  /// Lorenz, E. N. (1984). Irregularity: a fundamental property of the atmosphere. *Tellus A* 36,
  /// 98–110. Equations, parameters and initial state from dysts (`Lorenz84`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0); reference exponents from
  /// `Tests/generate_lyapunov_references.py`.
  public static let lorenz84 = BenchmarkSystem(
    name: "lorenz84", title: "Lorenz-84", kind: .flow, parameters: ["a": 1.32, "b": 7.91, "f": 4.83, "g": 4.194],
    exponents: [0.4303, 0, -2.6810], lyapunovStep: 0.01, suggestedDt: 0.023, period: 1.701, dimension: { _ in 3 },
    initial: { _ in [1.926479236120359, -0.13402110197257552, -1.72146730664761] },
    field: { p, v, _ in
      let (a, b, f, g) = (p[0], p[1], p[2], p[3])
      let (x, y, z) = (v[0], v[1], v[2])
      return [-a * x - y * y - z * z + a * f, -y + x * y - b * x * z + g, -z + b * x * y + x * z]
    },
    jacobian: { p, v, _ in
      let (a, b) = (p[0], p[1])
      let (x, y, z) = (v[0], v[1], v[2])
      return [-a, -2 * y, -2 * z,
              y - b * z, x - 1, -b * x,
              b * y + z, b * x, x - 1]
    })
}
