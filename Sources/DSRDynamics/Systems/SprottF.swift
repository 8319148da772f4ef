extension BenchmarkSystem {
  /// Sprott F: `ẋ = y + z`, `ẏ = −x + ay`, `ż = x² − z` with a = 0.5.
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottF`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.1171, 0.0000, -0.6171) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_f --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0000; dysts' estimates of λ_max: 0.1183 (`maximum_lyapunov_estimated`),
  /// 0.1325 (`lyapunov_spectrum_estimated`).
  public static let sprottF = BenchmarkSystem(
    name: "sprott_f", title: "Sprott F", kind: .flow, parameters: ["a": 0.5],
    exponents: [0.1171, 0.0000, -0.6171], lyapunovStep: 0.02, suggestedDt: 0.286, period: 21.45, dimension: { _ in 3 },
    initial: { _ in [-0.98941275, -1.4191706, 0.85797204] },
    field: { P, X, _ in
      let a = P[0]
      let (x, y, z) = (X[0], X[1], X[2])
      return [y + z, -x + a * y, x * x - z]
    },
    jacobian: { P, X, _ in
      let a = P[0]
      let x = X[0]
      return [0, 1, 1,
              -1, a, 0,
              2 * x, 0, -1]
    })
}
