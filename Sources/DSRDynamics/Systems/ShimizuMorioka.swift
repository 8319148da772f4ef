extension BenchmarkSystem {
  /// The Shimizu–Morioka system: `ẋ = y`, `ẏ = x − ay − xz`, `ż = −bz + x²` with a = 0.85, b = 0.5.
  ///
  /// Shimizu, T. & Morioka, N. (1980). On the bifurcation of a symmetric limit cycle to an asymmetric
  /// one in a simple model. *Phys. Lett. A* 76, 201–204. Equations, parameters and initial state from
  /// dysts (`ShimizuMorioka`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0); reference
  /// exponents from `Tests/generate_lyapunov_references.py`.
  public static let shimizuMorioka = BenchmarkSystem(
    name: "shimizu_morioka", title: "Shimizu–Morioka", kind: .flow, parameters: ["a": 0.85, "b": 0.5],
    exponents: [0.0, 0, 0], lyapunovStep: 0.02, suggestedDt: 0.01, dimension: { _ in 3 },
    initial: { _ in [0.016838697, 0.03489384, 0.35346848] },
    field: { p, v, _ in
      let (x, y, z) = (v[0], v[1], v[2])
      return [y, x - p[0] * y - x * z, -p[1] * z + x * x]
    },
    jacobian: { p, v, _ in
      let (x, z) = (v[0], v[2])
      return [0, 1, 0,
              1 - z, -p[0], -x,
              2 * x, 0, -p[1]]
    })
}
