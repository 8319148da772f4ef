extension BenchmarkSystem {
  /// Sprott S: `ẋ = −x − 4y`, `ẏ = x + z²`, `ż = 1 + x` (no parameters).
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottS`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.1891, 0.0000, -1.1891) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_s --steps 4000000 --transient T` (RK4 step 0.01) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0003; dysts' estimates of λ_max: 0.2738 (`maximum_lyapunov_estimated`),
  /// 0.2149 (`lyapunov_spectrum_estimated`).
  public static let sprottS = BenchmarkSystem(
    name: "sprott_s", title: "Sprott S", kind: .flow, parameters: [:],
    exponents: [0.1891, 0.0000, -1.1891], lyapunovStep: 0.01, suggestedDt: 0.0426, period: 3.192, dimension: { _ in 3 },
    initial: { _ in [0.12635702, 0.12260693, 1.2215429] },
    field: { _, X, _ in
      let (x, y, z) = (X[0], X[1], X[2])
      return [-x - 4 * y, x + z * z, 1 + x]
    },
    jacobian: { _, X, _ in
      let z = X[2]
      return [-1, -4, 0,
              1, 0, 2 * z,
              1, 0, 0]
    })
}
