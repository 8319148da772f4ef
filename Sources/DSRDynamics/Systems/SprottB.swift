extension BenchmarkSystem {
  /// Sprott's case B: `ẋ = yz`, `ẏ = x − y`, `ż = 1 − xy` (no parameters).
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Equations and
  /// initial state from dysts (`SprottB`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0);
  /// reference exponents from `Tests/generate_lyapunov_references.py`.
  public static let sprottB = BenchmarkSystem(
    name: "sprott_b", title: "Sprott B", kind: .flow, parameters: [:],
    exponents: [0.2106, 0, -1.2103], lyapunovStep: 0.02, suggestedDt: 0.095, period: 7.143, dimension: { _ in 3 },
    initial: { _ in [1.6878282, 1.4848132, -0.53706628] },
    field: { _, v, _ in [v[1] * v[2], v[0] - v[1], 1 - v[0] * v[1]] },
    jacobian: { _, v, _ in
      [0, v[2], v[1],
       1, -1, 0,
       -v[1], -v[0], 0]
    })
}
