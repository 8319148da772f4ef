extension BenchmarkSystem {
  /// Sprott O: `ẋ = y`, `ẏ = x − z`, `ż = x + xz + ay` with a = 2.7.
  ///
  /// Sprott, J. C. (1994). Some simple chaotic flows. *Phys. Rev. E* 50, R647–R650. Parameters and initial
  /// state as in dysts (`SprottO`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.0489, 0.0000, -0.3187) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr
  /// lyapunov --system sprott_o --steps 4000000 --transient T` (RK4 step 0.02) for T = 100 and 3000 time
  /// units, whose λ₁ differ by 0.0001; dysts' estimates of λ_max: 0.0914 (`maximum_lyapunov_estimated`),
  /// 0.0669 (`lyapunov_spectrum_estimated`).
  public static let sprottO = BenchmarkSystem(
    name: "sprott_o", title: "Sprott O", kind: .flow, parameters: ["a": 2.7],
    exponents: [0.0489, 0.0000, -0.3187], lyapunovStep: 0.02, suggestedDt: 0.0651, period: 4.886, dimension: { _ in 3 },
    initial: { _ in [0.20549455, 0.022792985, 0.93636949] },
    field: { P, X, _ in
      let a = P[0]
      let (x, y, z) = (X[0], X[1], X[2])
      return [y, x - z, x + x * z + a * y]
    },
    jacobian: { P, X, _ in
      let a = P[0]
      let (x, z) = (X[0], X[2])
      return [0, 1, 0,
              1, 0, -1,
              1 + z, a, x]
    })
}
