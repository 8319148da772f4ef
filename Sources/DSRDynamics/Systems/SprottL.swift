extension BenchmarkSystem {
  /// Sprott L: `ẋ = y + bz`, `ẏ = ax² − y`, `ż = 1 − x` with a = 0.9, b = 3.9.
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottL`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.0602, 0.0000, -1.0602) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_l --steps 4000000 --transient T` (RK4 step 0.01) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0001; dysts' estimates of λ_max: 0.0922 (`maximum_lyapunov_estimated`),
  /// 0.0341 (`lyapunov_spectrum_estimated`).
  public static let sprottL = BenchmarkSystem(
    name: "sprott_l", title: "Sprott L", kind: .flow, parameters: ["a": 0.9, "b": 3.9],
    exponents: [0.0602, 0.0000, -1.0602], lyapunovStep: 0.01, suggestedDt: 0.0453, period: 3.396, dimension: { _ in 3 },
    initial: { _ in [4.3611557, 13.705573, -2.6835659] },
    field: { P, X, _ in
      let (a, b) = (P[0], P[1])
      let (x, y, z) = (X[0], X[1], X[2])
      return [y + b * z, a * x * x - y, 1 - x]
    },
    jacobian: { P, X, _ in
      let (a, b) = (P[0], P[1])
      let x = X[0]
      return [0, 1, b,
              2 * a * x, -1, 0,
              -1, 0, 0]
    })
}
