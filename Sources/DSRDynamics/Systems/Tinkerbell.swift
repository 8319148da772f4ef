extension BenchmarkSystem {
  /// The Tinkerbell map: `x' = x² − y² + ax + by`, `y' = 2xy + cx + dy` with a = 0.9, b = −0.6013,
  /// c = 2, d = 0.5.
  ///
  /// Nusse, H. E. & Yorke, J. A. (1994). *Dynamics: Numerical Explorations*. Springer. Equations and
  /// parameters and initial state from dysts (`Tinkerbell` in dysts/maps.py; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0). Reference exponents (per iteration) from
  /// `Tests/generate_lyapunov_references.py`.
  public static let tinkerbell = BenchmarkSystem(
    name: "tinkerbell", title: "Tinkerbell map", kind: .map, parameters: ["a": 0.9, "b": -0.6013, "c": 2, "d": 0.5],
    exponents: [0.1999, -0.5016], dimension: { _ in 2 }, initial: { _ in [0.13738266, -0.0308518] },
    field: { p, v, _ in
      let (x, y) = (v[0], v[1])
      return [x * x - y * y + p[0] * x + p[1] * y, 2 * x * y + p[2] * x + p[3] * y]
    },
    jacobian: { p, v, _ in
      let (x, y) = (v[0], v[1])
      return [2 * x + p[0], -2 * y + p[1],
              2 * y + p[2], 2 * x + p[3]]
    })
}
