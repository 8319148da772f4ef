extension BenchmarkSystem {
  /// Sprott G: `ẋ = ax + z`, `ẏ = xz − y`, `ż = −x + y` with a = 0.4.
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottG`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.0339, 0.0000, -0.6339) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_g --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0001; dysts' estimates of λ_max: 0.0907 (`maximum_lyapunov_estimated`),
  /// 0.0335 (`lyapunov_spectrum_estimated`).
  public static let sprottG = BenchmarkSystem(
    name: "sprott_g", title: "Sprott G", kind: .flow, parameters: ["a": 0.4],
    exponents: [0.0339, 0.0000, -0.6339], lyapunovStep: 0.02, suggestedDt: 0.078, period: 5.852, dimension: { _ in 3 },
    initial: { _ in [-0.77182478, -0.74756595, 1.3073285] },
    field: { P, X, _ in
      let a = P[0]
      let (x, y, z) = (X[0], X[1], X[2])
      return [a * x + z, x * z - y, -x + y]
    },
    jacobian: { P, X, _ in
      let a = P[0]
      let (x, z) = (X[0], X[2])
      return [a, 0, 1,
              z, -1, x,
              -1, 1, 0]
    })
}
