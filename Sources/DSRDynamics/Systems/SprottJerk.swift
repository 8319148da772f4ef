extension BenchmarkSystem {
  /// Sprott jerk: `ẋ = y`, `ẏ = z`, `ż = −x + y² − μz` (the simplest dissipative chaotic flow,
  /// `x⃛ = −μẍ + ẋ² − x`) with μ = 2.017.
  ///
  /// Sprott, J. C. (1997). Simplest dissipative chaotic flow. *Phys. Lett. A* 228, 271–274. Parameters and
  /// initial state as in dysts (`SprottJerk`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0).
  /// Spectrum (0.0551, 0.0000, -2.0720) per time unit computed by dsr with the analytic Jacobian: the mean of
  /// `dsr lyapunov --system sprott_jerk --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000
  /// time units, whose λ₁ differ by 0.0001; dysts' estimates of λ_max: 0.0879 (`maximum_lyapunov_estimated`),
  /// 0.0674 (`lyapunov_spectrum_estimated`).
  public static let sprottJerk = BenchmarkSystem(
    name: "sprott_jerk", title: "Sprott jerk", kind: .flow, parameters: ["mu": 2.017],
    exponents: [0.0551, 0.0000, -2.0720], lyapunovStep: 0.02, suggestedDt: 0.163, period: 12.2, dimension: { _ in 3 },
    initial: { _ in [-0.54106056, 0.59383201, 0.45127217] },
    field: { P, X, _ in
      let mu = P[0]
      let (x, y, z) = (X[0], X[1], X[2])
      return [y, z, -x + y * y - mu * z]
    },
    jacobian: { P, X, _ in
      let mu = P[0]
      let y = X[1]
      return [0, 1, 0,
              0, 0, 1,
              -1, 2 * y, -mu]
    })
}
