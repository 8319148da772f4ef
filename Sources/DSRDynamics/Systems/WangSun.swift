extension BenchmarkSystem {
  /// Wang–Sun: `ẋ = ax + qyz`, `ẏ = bx + dy − xz`, `ż = ez + fxy` with a = 0.2, b = −0.01, d = −0.4, e = −1,
  /// f = −1, q = 1.
  ///
  /// Wang, Z., Sun, Y., van Wyk, B. J., Qi, G. & van Wyk, M. A. (2009). A 3-D four-wing attractor and its
  /// analysis. *Braz. J. Phys.* 39, 547–553. Parameters and initial state as in dysts (`WangSun`; Gilpin
  /// 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum (0.0654, 0.0000, -1.2654) per time unit
  /// computed by dsr with the analytic Jacobian: the mean of `dsr lyapunov --system wang_sun --steps 4000000
  /// --transient T` (RK4 step 0.02) for T = 100 and 3000 time units, whose λ₁ differ by 0.0002; dysts'
  /// estimates of λ_max: 0.0674 (`maximum_lyapunov_estimated`), 0.0799 (`lyapunov_spectrum_estimated`).
  public static let wangSun = BenchmarkSystem(
    name: "wang_sun", title: "Wang–Sun", kind: .flow, parameters: ["a": 0.2, "b": -0.01, "d": -0.4, "e": -1, "f": -1, "q": 1],
    exponents: [0.0654, 0.0000, -1.2654], lyapunovStep: 0.02, suggestedDt: 0.413, period: 31, dimension: { _ in 3 },
    initial: { _ in [-0.54770787, 0.73876479, -0.0049284531] },
    field: { P, X, _ in
      let (a, b, d, e, f, q) = (P[0], P[1], P[2], P[3], P[4], P[5])
      let (x, y, z) = (X[0], X[1], X[2])
      return [a * x + q * y * z, b * x + d * y - x * z, e * z + f * x * y]
    },
    jacobian: { P, X, _ in
      let (a, b, d, e, f, q) = (P[0], P[1], P[2], P[3], P[4], P[5])
      let (x, y, z) = (X[0], X[1], X[2])
      return [a, q * z, q * y,
              b - z, d, -x,
              f * y, f * x, e]
    })
}
