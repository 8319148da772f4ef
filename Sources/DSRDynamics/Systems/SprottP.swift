extension BenchmarkSystem {
  /// Sprott P: `ẋ = ay + z`, `ẏ = −x + y²`, `ż = x + y` with a = 2.7.
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottP`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.0872, 0.0000, -0.4812) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_p --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0001; dysts' estimates of λ_max: 0.1065 (`maximum_lyapunov_estimated`),
  /// 0.1026 (`lyapunov_spectrum_estimated`).
  public static let sprottP = BenchmarkSystem(
    name: "sprott_p", title: "Sprott P", kind: .flow, parameters: ["a": 2.7],
    exponents: [0.0872, 0.0000, -0.4812], lyapunovStep: 0.02, suggestedDt: 0.0679, period: 5.091, dimension: { _ in 3 },
    initial: { _ in [0.83420675, 0.14915817, 0.44028635] },
    field: { P, X, _ in
      let a = P[0]
      let (x, y, z) = (X[0], X[1], X[2])
      return [a * y + z, -x + y * y, x + y]
    },
    jacobian: { P, X, _ in
      let a = P[0]
      let y = X[1]
      return [0, a, 1,
              -1, 2 * y, 0,
              1, 1, 0]
    })
}
