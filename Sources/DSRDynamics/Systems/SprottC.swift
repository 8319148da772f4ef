extension BenchmarkSystem {
  /// Sprott C: `ẋ = yz`, `ẏ = x − y`, `ż = 1 − x²` (no parameters).
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottC`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.1641, 0.0000, -1.1640) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_c --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0011; dysts' estimates of λ_max: 0.1581 (`maximum_lyapunov_estimated`),
  /// 0.1790 (`lyapunov_spectrum_estimated`).
  public static let sprottC = BenchmarkSystem(
    name: "sprott_c", title: "Sprott C", kind: .flow, parameters: [:],
    exponents: [0.1641, 0.0000, -1.1640], lyapunovStep: 0.02, suggestedDt: 0.0721, period: 5.407, dimension: { _ in 3 },
    initial: { _ in [-0.47199823, -0.27198066, 1.9418244] },
    field: { _, X, _ in
      let (x, y, z) = (X[0], X[1], X[2])
      return [y * z, x - y, 1 - x * x]
    },
    jacobian: { _, X, _ in
      let (x, y, z) = (X[0], X[1], X[2])
      return [0, z, y,
              1, -1, 0,
              -2 * x, 0, 0]
    })
}
