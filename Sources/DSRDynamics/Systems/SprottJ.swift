extension BenchmarkSystem {
  /// Sprott J: `ẋ = 2z`, `ẏ = −2y + z`, `ż = −x + y + y²` (no parameters).
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottJ`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.0764, 0.0000, -2.0764) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_j --steps 4000000 --transient T` (RK4 step 0.01) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0002; dysts' estimates of λ_max: 0.1229 (`maximum_lyapunov_estimated`),
  /// 0.0445 (`lyapunov_spectrum_estimated`).
  public static let sprottJ = BenchmarkSystem(
    name: "sprott_j", title: "Sprott J", kind: .flow, parameters: [:],
    exponents: [0.0764, 0.0000, -2.0764], lyapunovStep: 0.01, suggestedDt: 0.0647, period: 4.851, dimension: { _ in 3 },
    initial: { _ in [4.4786928, 2.2977432, 6.5847115] },
    field: { _, X, _ in
      let (x, y, z) = (X[0], X[1], X[2])
      return [2 * z, -2 * y + z, -x + y + y * y]
    },
    jacobian: { _, X, _ in
      let y = X[1]
      return [0, 0, 2,
              0, -2, 1,
              -1, 1 + 2 * y, 0]
    })
}
