extension BenchmarkSystem {
  /// The Arneodo–Coullet–Tresser jerk flow: `ẋ = y`, `ẏ = z`, `ż = −ax − by − cz + dx³` with a = −5.5,
  /// b = 4.5, c = 1, d = −1.
  ///
  /// Arneodo, A., Coullet, P. & Tresser, C. (1981). Possible new strange attractors with spiral
  /// structure. *Commun. Math. Phys.* 79, 573–579 (dysts cites their 1980 *Phys. Lett. A* 79, 259–263).
  /// Equations, parameters and initial state from dysts (`Arneodo`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0); reference exponents from
  /// `Tests/generate_lyapunov_references.py`.
  public static let arneodo = BenchmarkSystem(
    name: "arneodo", title: "Arneodo", kind: .flow, parameters: ["a": -5.5, "b": 4.5, "c": 1, "d": -1],
    exponents: [0.2013, 0, -1.2015], lyapunovStep: 0.02, suggestedDt: 0.04, period: 3.019, dimension: { _ in 3 },
    initial: { _ in [-2.7515698, 0.19079818, 3.4703629] },
    field: { p, v, _ in
      let (x, y, z) = (v[0], v[1], v[2])
      return [y, z, -p[0] * x - p[1] * y - p[2] * z + p[3] * x * x * x]
    },
    jacobian: { p, v, _ in
      let x = v[0]
      return [0, 1, 0,
              0, 0, 1,
              -p[0] + 3 * p[3] * x * x, -p[1], -p[2]]
    })
}
