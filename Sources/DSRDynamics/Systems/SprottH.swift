extension BenchmarkSystem {
  /// Sprott H: `ẋ = −y + z²`, `ẏ = x + ay`, `ż = x − z` with a = 0.5.
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottH`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.1180, 0.0000, -0.6180) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_h --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0000; dysts' estimates of λ_max: 0.1310 (`maximum_lyapunov_estimated`),
  /// 0.1387 (`lyapunov_spectrum_estimated`).
  public static let sprottH = BenchmarkSystem(
    name: "sprott_h", title: "Sprott H", kind: .flow, parameters: ["a": 0.5],
    exponents: [0.1180, 0.0000, -0.6180], lyapunovStep: 0.02, suggestedDt: 0.0688, period: 5.163, dimension: { _ in 3 },
    initial: { _ in [-1.360042, 0.62585352, -1.2788196] },
    field: { P, X, _ in
      let a = P[0]
      let (x, y, z) = (X[0], X[1], X[2])
      return [-y + z * z, x + a * y, x - z]
    },
    jacobian: { P, X, _ in
      let a = P[0]
      let z = X[2]
      return [0, -1, 2 * z,
              1, a, 0,
              1, 0, -1]
    })
}
