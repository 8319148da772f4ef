extension BenchmarkSystem {
  /// Pehlivan–Wei: `ẋ = y − yz`, `ẏ = y + yz − 2x`, `ż = 2 − xy − y²` (no parameters).
  ///
  /// Pehlivan, I. & Wei, Z. (2012). Analysis, nonlinear control, and chaos generator circuit of another
  /// strange chaotic system. *Turk. J. Electr. Eng. Comput. Sci.* 20, 1229–1239. Parameters and initial state
  /// as in dysts (`PehlivanWei`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum (0.0688,
  /// -0.0001, -0.6375) per time unit computed by dsr with the analytic Jacobian: the mean of `dsr lyapunov
  /// --system pehlivan_wei --steps 4000000 --transient T` (RK4 step 0.01) for T = 100 and 3000 time units,
  /// whose λ₁ differ by 0.0011; dysts' estimates of λ_max: 0.1042 (`maximum_lyapunov_estimated`), 0.0951
  /// (`lyapunov_spectrum_estimated`).
  public static let pehlivanWei = BenchmarkSystem(
    name: "pehlivan_wei", title: "Pehlivan–Wei", kind: .flow, parameters: [:],
    exponents: [0.0688, -0.0001, -0.6375], lyapunovStep: 0.01, suggestedDt: 0.0403, period: 3.023, dimension: { _ in 3 },
    initial: { _ in [0.21665608, 0.86710502, 0.50627859] },
    field: { _, X, _ in
      let (x, y, z) = (X[0], X[1], X[2])
      return [y - y * z, y + y * z - 2 * x, 2 - x * y - y * y]
    },
    jacobian: { _, X, _ in
      let (x, y, z) = (X[0], X[1], X[2])
      return [0, 1 - z, -y,
              -2, 1 + z, y,
              -y, -x - 2 * y, 0]
    })
}
