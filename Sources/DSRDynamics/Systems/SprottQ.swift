extension BenchmarkSystem {
  /// Sprott Q: `ẋ = −z`, `ẏ = x − y`, `ż = ax + y² + bz` with a = 3.1, b = 0.5.
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottQ`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.1086, 0.0000, -0.6086) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_q --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0004; dysts' estimates of λ_max: 0.1717 (`maximum_lyapunov_estimated`),
  /// 0.1370 (`lyapunov_spectrum_estimated`).
  public static let sprottQ = BenchmarkSystem(
    name: "sprott_q", title: "Sprott Q", kind: .flow, parameters: ["a": 3.1, "b": 0.5],
    exponents: [0.1086, 0.0000, -0.6086], lyapunovStep: 0.02, suggestedDt: 0.05, period: 3.753, dimension: { _ in 3 },
    initial: { _ in [2.978102, -0.065260683, -2.8031286] },
    field: { P, X, _ in
      let (a, b) = (P[0], P[1])
      let (x, y, z) = (X[0], X[1], X[2])
      return [-z, x - y, a * x + y * y + b * z]
    },
    jacobian: { P, X, _ in
      let (a, b) = (P[0], P[1])
      let y = X[1]
      return [0, 0, -1,
              1, -1, 0,
              a, 2 * y, b]
    })
}
