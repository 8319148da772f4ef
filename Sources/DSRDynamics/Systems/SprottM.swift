extension BenchmarkSystem {
  /// Sprott M: `ẋ = −z`, `ẏ = −x² − y`, `ż = a + ax + y` with a = 1.7.
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottM`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.0441, 0.0000, -1.0440) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_m --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0000; dysts' estimates of λ_max: 0.0842 (`maximum_lyapunov_estimated`),
  /// 0.0523 (`lyapunov_spectrum_estimated`).
  public static let sprottM = BenchmarkSystem(
    name: "sprott_m", title: "Sprott M", kind: .flow, parameters: ["a": 1.7],
    exponents: [0.0441, 0.0000, -1.0440], lyapunovStep: 0.02, suggestedDt: 0.0705, period: 5.289, dimension: { _ in 3 },
    initial: { _ in [1.6024402, -1.5983203, -2.6236374] },
    field: { P, X, _ in
      let a = P[0]
      let (x, y, z) = (X[0], X[1], X[2])
      return [-z, -x * x - y, a + a * x + y]
    },
    jacobian: { P, X, _ in
      let a = P[0]
      let x = X[0]
      return [0, 0, -1,
              -2 * x, -1, 0,
              a, 1, 0]
    })
}
