extension BenchmarkSystem {
  /// Qi–Chen: `ẋ = a(y − x) + yz`, `ẏ = cx + y − xz`, `ż = xy − bz` with a = 38, b = 2.666, c = 80.
  ///
  /// Qi, G., van Wyk, M. A., van Wyk, B. J. & Chen, G. (2008). On a new hyperchaotic system. *Phys. Lett. A*
  /// 372, 124–136 (the three-dimensional Qi system, dysts' citation: *Chaos Solitons Fractals* 2008).
  /// Parameters and initial state as in dysts (`QiChen`; Gilpin 2021, github.com/williamgilpin/dysts,
  /// Apache-2.0). Spectrum (4.0319, 0.0002, -43.6981) per time unit computed by dsr with the analytic
  /// Jacobian: the mean of `dsr lyapunov --system qi_chen --steps 4000000 --transient T` (RK4 step 0.001) for
  /// T = 100 and 3000 time units, whose λ₁ differ by 0.0654; dysts' estimates of λ_max: 4.0276
  /// (`maximum_lyapunov_estimated`), 3.8880 (`lyapunov_spectrum_estimated`).
  public static let qiChen = BenchmarkSystem(
    name: "qi_chen", title: "Qi–Chen", kind: .flow, parameters: ["a": 38, "b": 2.666, "c": 80],
    exponents: [4.0319, 0.0002, -43.6981], lyapunovStep: 0.001, suggestedDt: 0.00301, period: 0.2258, dimension: { _ in 3 },
    initial: { _ in [17.420882, 5.5459627, 78.89139] },
    field: { P, X, _ in
      let (a, b, c) = (P[0], P[1], P[2])
      let (x, y, z) = (X[0], X[1], X[2])
      return [a * y - a * x + y * z, c * x + y - x * z, x * y - b * z]
    },
    jacobian: { P, X, _ in
      let (a, b, c) = (P[0], P[1], P[2])
      let (x, y, z) = (X[0], X[1], X[2])
      return [-a, a + z, y,
              c - z, 1, -x,
              y, x, -b]
    })
}
