extension BenchmarkSystem {
  /// Sprott R: `ẋ = a − y`, `ẏ = b + z`, `ż = xy − z` with a = 0.9, b = 0.4.
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottR`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.0620, 0.0000, -1.0620) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_r --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0001; dysts' estimates of λ_max: 0.0966 (`maximum_lyapunov_estimated`),
  /// 0.0761 (`lyapunov_spectrum_estimated`).
  public static let sprottR = BenchmarkSystem(
    name: "sprott_r", title: "Sprott R", kind: .flow, parameters: ["a": 0.9, "b": 0.4],
    exponents: [0.0620, 0.0000, -1.0620], lyapunovStep: 0.02, suggestedDt: 0.0935, period: 7.01, dimension: { _ in 3 },
    initial: { _ in [-1.6914909, -1.9783678, 1.9807775] },
    field: { P, X, _ in
      let (a, b) = (P[0], P[1])
      let (x, y, z) = (X[0], X[1], X[2])
      return [a - y, b + z, x * y - z]
    },
    jacobian: { _, X, _ in
      let (x, y) = (X[0], X[1])
      return [0, -1, 0,
              0, 0, 1,
              y, x, -1]
    })
}
