extension BenchmarkSystem {
  /// The Dadras–Momeni system: `ẋ = y − px + oyz`, `ẏ = ry − xz + z`, `ż = cxy − ez` with c = 2, e = 9,
  /// o = 2.7, p = 3, r = 1.7.
  ///
  /// Dadras, S. & Momeni, H. R. (2009). A novel three-dimensional autonomous chaotic system generating
  /// two, three and four-scroll attractors. *Phys. Lett. A* 373, 3637–3642. Equations, parameters and
  /// initial state from dysts (`Dadras`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0);
  /// reference exponents from `Tests/generate_lyapunov_references.py`.
  public static let dadras = BenchmarkSystem(
    name: "dadras", title: "Dadras–Momeni", kind: .flow, parameters: ["c": 2, "e": 9, "o": 2.7, "p": 3, "r": 1.7],
    exponents: [0.3685, 0, -10.6678], lyapunovStep: 0.01, suggestedDt: 0.012, period: 0.9213, dimension: { _ in 3 },
    initial: { _ in [1.0284085, -3.5348655, -0.72081646] },
    field: { p, v, _ in
      let (c, e, o, pp, r) = (p[0], p[1], p[2], p[3], p[4])
      let (x, y, z) = (v[0], v[1], v[2])
      return [y - pp * x + o * y * z, r * y - x * z + z, c * x * y - e * z]
    },
    jacobian: { p, v, _ in
      let (c, e, o, pp, r) = (p[0], p[1], p[2], p[3], p[4])
      let (x, y, z) = (v[0], v[1], v[2])
      return [-pp, 1 + o * z, o * y,
              -z, r, 1 - x,
              c * y, c * x, -e]
    })
}
