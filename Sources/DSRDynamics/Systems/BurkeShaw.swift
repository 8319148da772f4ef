extension BenchmarkSystem {
  /// The Burke–Shaw system: `ẋ = −n(x + y)`, `ẏ = y − nxz`, `ż = nxy + e` with e = 13, n = 10.
  ///
  /// Shaw, R. (1981). Strange attractors, chaotic behavior, and information flow. *Z. Naturforsch. A*
  /// 36, 80–112. Equations, parameters and initial state from dysts (`BurkeShaw`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0); reference exponents from
  /// `Tests/generate_lyapunov_references.py`.
  public static let burkeShaw = BenchmarkSystem(
    name: "burke_shaw", title: "Burke–Shaw", kind: .flow, parameters: ["e": 13, "n": 10],
    exponents: [2.3208, 0, -11.3217], lyapunovStep: 0.002, suggestedDt: 0.0097, period: 0.7267, dimension: { _ in 3 },
    initial: { _ in [-0.79153188, 0.65244479, 0.22517831] },
    field: { p, v, _ in
      let (e, n) = (p[0], p[1])
      let (x, y, z) = (v[0], v[1], v[2])
      return [-n * x - n * y, y - n * x * z, n * x * y + e]
    },
    jacobian: { p, v, _ in
      let n = p[1]
      let (x, y, z) = (v[0], v[1], v[2])
      return [-n, -n, 0,
              -n * z, 1, -n * x,
              n * y, n * x, 0]
    })
}
