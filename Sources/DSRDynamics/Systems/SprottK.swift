extension BenchmarkSystem {
  /// Sprott K: `ẋ = xy − z`, `ẏ = x − y`, `ż = x + az` with a = 0.3.
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottK`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.0377, 0.0000, -0.8902) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_k --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0001; dysts' estimates of λ_max: 0.0596 (`maximum_lyapunov_estimated`),
  /// 0.0378 (`lyapunov_spectrum_estimated`).
  public static let sprottK = BenchmarkSystem(
    name: "sprott_k", title: "Sprott K", kind: .flow, parameters: ["a": 0.3],
    exponents: [0.0377, 0.0000, -0.8902], lyapunovStep: 0.02, suggestedDt: 0.0945, period: 7.084, dimension: { _ in 3 },
    initial: { _ in [-1.3165015, -1.5429951, 0.664053] },
    field: { P, X, _ in
      let a = P[0]
      let (x, y, z) = (X[0], X[1], X[2])
      return [x * y - z, x - y, x + a * z]
    },
    jacobian: { P, X, _ in
      let a = P[0]
      let (x, y) = (X[0], X[1])
      return [y, x, -1,
              1, -1, 0,
              1, 0, a]
    })
}
