extension BenchmarkSystem {
  /// Sprott N: `ẋ = −2y`, `ẏ = x + z²`, `ż = 1 + y − 2z` (no parameters).
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottN`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.0739, 0.0000, -2.0739) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_n --steps 4000000 --transient T` (RK4 step 0.01) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0003; dysts' estimates of λ_max: 0.1187 (`maximum_lyapunov_estimated`),
  /// 0.0610 (`lyapunov_spectrum_estimated`).
  public static let sprottN = BenchmarkSystem(
    name: "sprott_n", title: "Sprott N", kind: .flow, parameters: [:],
    exponents: [0.0739, 0.0000, -2.0739], lyapunovStep: 0.01, suggestedDt: 0.0646, period: 4.847, dimension: { _ in 3 },
    initial: { _ in [-8.3258705, 7.3033716, 3.2798909] },
    field: { _, X, _ in
      let (x, y, z) = (X[0], X[1], X[2])
      return [-2 * y, x + z * z, 1 + y - 2 * z]
    },
    jacobian: { _, X, _ in
      let z = X[2]
      return [0, -2, 0,
              1, 0, 2 * z,
              0, 1, -2]
    })
}
