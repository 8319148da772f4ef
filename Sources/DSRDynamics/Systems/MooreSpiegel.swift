extension BenchmarkSystem {
  /// Moore–Spiegel: `ẋ = y`, `ẏ = az`, `ż = −z + εy − yx² − bx` with a = 10, b = 4, ε = 9.
  ///
  /// Moore, D. W. & Spiegel, E. A. (1966). A thermally excited non-linear oscillator. *Astrophys. J.* 143,
  /// 871–887. Parameters and initial state as in dysts (`MooreSpiegel`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0). Spectrum (0.1655, -0.0002, -1.1653) per time unit computed
  /// by dsr with the analytic Jacobian: the mean of `dsr lyapunov --system moore_spiegel --steps 4000000
  /// --transient T` (RK4 step 0.002) for T = 100 and 3000 time units, whose λ₁ differ by 0.0022; dysts'
  /// estimates of λ_max: 0.6977 (`maximum_lyapunov_estimated`), 0.4074 (`lyapunov_spectrum_estimated`).
  public static let mooreSpiegel = BenchmarkSystem(
    name: "moore_spiegel", title: "Moore–Spiegel", kind: .flow, parameters: ["a": 10, "b": 4, "eps": 9],
    exponents: [0.1655, -0.0002, -1.1653], lyapunovStep: 0.002, suggestedDt: 0.00535, period: 0.4011, dimension: { _ in 3 },
    initial: { _ in [-3.4733266, 19.666962, -3.8262485] },
    field: { P, X, _ in
      let (a, b, eps) = (P[0], P[1], P[2])
      let (x, y, z) = (X[0], X[1], X[2])
      return [y, a * z, -z + eps * y - y * x * x - b * x]
    },
    jacobian: { P, X, _ in
      let (a, b, eps) = (P[0], P[1], P[2])
      let (x, y) = (X[0], X[1])
      return [0, 1, 0,
              0, 0, a,
              -2 * x * y - b, eps - x * x, -1]
    })
}
