extension BenchmarkSystem {
  /// Sprott E: `ẋ = yz`, `ẏ = x² − y`, `ż = 1 − 4x` (no parameters).
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottE`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.0772, 0.0000, -1.0773) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_e --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0001; dysts' estimates of λ_max: 0.0902 (`maximum_lyapunov_estimated`),
  /// 0.0983 (`lyapunov_spectrum_estimated`).
  public static let sprottE = BenchmarkSystem(
    name: "sprott_e", title: "Sprott E", kind: .flow, parameters: [:],
    exponents: [0.0772, 0.0000, -1.0773], lyapunovStep: 0.02, suggestedDt: 0.0448, period: 3.36, dimension: { _ in 3 },
    initial: { _ in [0.6173759, 0.66599285, -1.6575023] },
    field: { _, X, _ in
      let (x, y, z) = (X[0], X[1], X[2])
      return [y * z, x * x - y, 1 - 4 * x]
    },
    jacobian: { _, X, _ in
      let (x, y, z) = (X[0], X[1], X[2])
      return [0, z, y,
              2 * x, -1, 0,
              -4, 0, 0]
    })
}
