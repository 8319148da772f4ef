extension BenchmarkSystem {
  /// The Chen–Lee system (rigid-body motion with feedback): `ẋ = ax − yz`, `ẏ = by + xz`,
  /// `ż = cz + xy/3` with a = 5, b = −10, c = −0.38.
  ///
  /// Chen, H.-K. & Lee, C.-I. (2004). Anti-control of chaos in rigid body motion. *Chaos Solitons
  /// Fractals* 21, 957–965. Equations, parameters and initial state from dysts (`ChenLee`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0); reference exponents from
  /// `Tests/generate_lyapunov_references.py`.
  public static let chenLee = BenchmarkSystem(
    name: "chen_lee", title: "Chen–Lee", kind: .flow, parameters: ["a": 5, "b": -10, "c": -0.38],
    exponents: [0.0, 0, 0], lyapunovStep: 0.005, suggestedDt: 0.01, dimension: { _ in 3 },
    initial: { _ in [0.17177112, 0.10360479, 6.2553878] },
    field: { p, v, _ in
      let (x, y, z) = (v[0], v[1], v[2])
      return [p[0] * x - y * z, p[1] * y + x * z, p[2] * z + x * y / 3]
    },
    jacobian: { p, v, _ in
      let (x, y, z) = (v[0], v[1], v[2])
      return [p[0], -z, -y,
              z, p[1], x,
              y / 3, x / 3, p[2]]
    })
}
