extension BenchmarkSystem {
  /// Lorenz–Stenflo: `ẋ = a(y − x) + dw`, `ẏ = cx − xz − y`, `ż = xy − bz`, `ẇ = −x − aw` with a = 2,
  /// b = 0.7, c = 26, d = 1.5.
  ///
  /// Stenflo, L. (1996). Generalized Lorenz equations for acoustic-gravity waves in the atmosphere. *Phys.
  /// Scr.* 53, 83–84. Parameters and initial state as in dysts (`LorenzStenflo`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0). Spectrum (0.3830, -0.0001, -2.6925, -3.3904) per time unit
  /// computed by dsr with the analytic Jacobian: the mean of `dsr lyapunov --system lorenz_stenflo --steps
  /// 4000000 --transient T` (RK4 step 0.005) for T = 100 and 3000 time units, whose λ₁ differ by 0.0002;
  /// dysts' estimates of λ_max: 0.3808 (`maximum_lyapunov_estimated`), 0.4494
  /// (`lyapunov_spectrum_estimated`).
  public static let lorenzStenflo = BenchmarkSystem(
    name: "lorenz_stenflo", title: "Lorenz–Stenflo", kind: .flow, parameters: ["a": 2, "b": 0.7, "c": 26, "d": 1.5],
    exponents: [0.3830, -0.0001, -2.6925, -3.3904], lyapunovStep: 0.005, suggestedDt: 0.0239, period: 1.791, dimension: { _ in 4 },
    initial: { _ in [4.233438598886809, 9.08970605484108, 21.86662535600487, -1.4080695182833802] },
    field: { P, X, _ in
      let (a, b, c, d) = (P[0], P[1], P[2], P[3])
      let (x, y, z, w) = (X[0], X[1], X[2], X[3])
      return [a * y - a * x + d * w, c * x - x * z - y, x * y - b * z, -x - a * w]
    },
    jacobian: { P, X, _ in
      let (a, b, c, d) = (P[0], P[1], P[2], P[3])
      let (x, y, z) = (X[0], X[1], X[2])
      return [-a, a, 0, d,
              c - z, -1, -x, 0,
              y, x, -b, 0,
              -1, 0, 0, -a]
    })
}
