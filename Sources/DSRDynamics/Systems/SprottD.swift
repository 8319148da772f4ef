extension BenchmarkSystem {
  /// Sprott D: `ẋ = −y`, `ẏ = x + z`, `ż = xz + 3y²` (no parameters).
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottD`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.1009, 0.0000, -1.3171) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_d --steps 4000000 --transient T` (RK4 step 0.01) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0002; dysts' estimates of λ_max: 0.1017 (`maximum_lyapunov_estimated`),
  /// 0.1142 (`lyapunov_spectrum_estimated`).
  public static let sprottD = BenchmarkSystem(
    name: "sprott_d", title: "Sprott D", kind: .flow, parameters: [:],
    exponents: [0.1009, 0.0000, -1.3171], lyapunovStep: 0.01, suggestedDt: 0.0647, period: 4.855, dimension: { _ in 3 },
    initial: { _ in [-1.3396906, -0.21238338, 0.32982163] },
    field: { _, X, _ in
      let (x, y, z) = (X[0], X[1], X[2])
      return [-y, x + z, x * z + 3 * y * y]
    },
    jacobian: { _, X, _ in
      let (x, y, z) = (X[0], X[1], X[2])
      return [0, -1, 0,
              1, 0, 1,
              z, 6 * y, x]
    })
}
