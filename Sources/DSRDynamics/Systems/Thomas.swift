import Foundation

extension BenchmarkSystem {
  /// Thomas' cyclically symmetric attractor in the scaling of dysts (`Thomas`):
  /// `ẋ = −ax + b sin y`, `ẏ = −ay + b sin z`, `ż = −az + b sin x` with a = 1.85, b = 10.
  ///
  /// With τ = b·t this is Thomas' classical form `dx/dτ = sin y − βx` with β = a/b = 0.185 (the often
  /// quoted β ≈ 0.208 lies near the edge of the chaotic range); times here are 1/b of the classical
  /// ones, so exponents are b times larger.
  ///
  /// Thomas, R. (1999). Deterministic chaos seen in terms of feedback circuits: analysis, synthesis,
  /// "labyrinth chaos". *Int. J. Bifurc. Chaos* 9, 1889–1905. Equations, parameters and initial state
  /// from dysts (Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0); reference exponents from
  /// `Tests/generate_lyapunov_references.py`.
  public static let thomas = BenchmarkSystem(
    name: "thomas", title: "Thomas", kind: .flow, parameters: ["a": 1.85, "b": 10],
    exponents: [0.4931, 0, -6.0439], lyapunovStep: 0.01, suggestedDt: 0.13, period: 9.842, dimension: { _ in 3 },
    initial: { _ in [2.199442, 2.3634225, 3.220197] },
    field: { p, x, _ in
      [-p[0] * x[0] + p[1] * Foundation.sin(x[1]), -p[0] * x[1] + p[1] * Foundation.sin(x[2]), -p[0] * x[2] + p[1] * Foundation.sin(x[0])]
    },
    jacobian: { p, x, _ in
      [-p[0], p[1] * Foundation.cos(x[1]), 0,
       0, -p[0], p[1] * Foundation.cos(x[2]),
       p[1] * Foundation.cos(x[0]), 0, -p[0]]
    })
}
