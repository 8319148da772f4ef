extension BenchmarkSystem {
  /// Finance: `ẋ = (1/b − a)x + z + xy`, `ẏ = −by − x²`, `ż = −x − cz` with a = 0.001, b = 0.2, c = 1.1.
  ///
  /// Cai, G. & Huang, J. (2007). A new finance chaotic attractor. *Int. J. Nonlinear Sci.* 3, 213–220.
  /// Parameters and initial state as in dysts (`Finance`; Gilpin 2021, github.com/williamgilpin/dysts,
  /// Apache-2.0). Spectrum (0.0882, 0.0000, -0.6319) per time unit computed by dsr with the analytic
  /// Jacobian: the mean of `dsr lyapunov --system finance --steps 4000000 --transient T` (RK4 step 0.02) for
  /// T = 100 and 3000 time units, whose λ₁ differ by 0.0002; dysts' estimates of λ_max: 0.0935
  /// (`maximum_lyapunov_estimated`), 0.1071 (`lyapunov_spectrum_estimated`).
  public static let finance = BenchmarkSystem(
    name: "finance", title: "Finance", kind: .flow, parameters: ["a": 0.001, "b": 0.2, "c": 1.1],
    exponents: [0.0882, 0.0000, -0.6319], lyapunovStep: 0.02, suggestedDt: 0.0604, period: 4.531, dimension: { _ in 3 },
    initial: { _ in [-0.51664739, -3.9568707, 0.0012893581] },
    field: { P, X, _ in
      let (a, b, c) = (P[0], P[1], P[2])
      let (x, y, z) = (X[0], X[1], X[2])
      return [(1 / b - a) * x + z + x * y, -b * y - x * x, -x - c * z]
    },
    jacobian: { P, X, _ in
      let (a, b, c) = (P[0], P[1], P[2])
      let (x, y) = (X[0], X[1])
      return [1 / b - a + y, x, 1,
              -2 * x, -b, 0,
              -1, 0, -c]
    })
}
