extension BenchmarkSystem {
  /// The Lü–Chen system: `ẋ = a(y − x)`, `ẏ = −xz + cy`, `ż = xy − bz` with a = 36, b = 3, c = 18 (the
  /// dysts default; the often quoted c = 20 gives a similar attractor).
  ///
  /// Lü, J. & Chen, G. (2002). A new chaotic attractor coined. *Int. J. Bifurc. Chaos* 12, 659–661.
  /// Equations, parameters and initial state from dysts (`LuChen`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0); reference exponents from
  /// `Tests/generate_lyapunov_references.py`.
  public static let luChen = BenchmarkSystem(
    name: "lu_chen", title: "Lü–Chen", kind: .flow, parameters: ["a": 36, "b": 3, "c": 18],
    exponents: [0.3155, 0, -21.3241], lyapunovStep: 0.005, suggestedDt: 0.0078, period: 0.5858, dimension: { _ in 3 },
    initial: { _ in [10.956479, 9.8813092, 22.676714] },
    field: { p, v, _ in
      let (a, b, c) = (p[0], p[1], p[2])
      let (x, y, z) = (v[0], v[1], v[2])
      return [a * (y - x), -x * z + c * y, x * y - b * z]
    },
    jacobian: { p, v, _ in
      let (a, b, c) = (p[0], p[1], p[2])
      let (x, y, z) = (v[0], v[1], v[2])
      return [-a, a, 0,
              -z, c, -x,
              y, x, -b]
    })
}
