extension BenchmarkSystem {
  /// Zhou–Chen: `ẋ = ax + by + yz`, `ẏ = cy − xz + dyz`, `ż = ez − xy` with a = 2.97, b = 0.15, c = −3,
  /// d = 1, e = −8.78.
  ///
  /// Zhou, T. & Chen, G. (2004). A simple smooth chaotic system with a 3-layer attractor. *Int. J. Bifurcat.
  /// Chaos* 14, 1795–1799. Parameters and initial state as in dysts (`ZhouChen`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0). Spectrum (0.6739, 0.0001, -11.7199) per time unit computed
  /// by dsr with the analytic Jacobian: the mean of `dsr lyapunov --system zhou_chen --steps 4000000
  /// --transient T` (RK4 step 0.005) for T = 100 and 3000 time units, whose λ₁ differ by 0.0007; dysts'
  /// estimates of λ_max: 0.6828 (`maximum_lyapunov_estimated`), 0.5917 (`lyapunov_spectrum_estimated`).
  public static let zhouChen = BenchmarkSystem(
    name: "zhou_chen", title: "Zhou–Chen", kind: .flow, parameters: ["a": 2.97, "b": 0.15, "c": -3, "d": 1, "e": -8.78],
    exponents: [0.6739, 0.0001, -11.7199], lyapunovStep: 0.005, suggestedDt: 0.303, period: 22.76, dimension: { _ in 3 },
    initial: { _ in [-0.60390203, 0.012111953, 0.00083277923] },
    field: { P, X, _ in
      let (a, b, c, d, e) = (P[0], P[1], P[2], P[3], P[4])
      let (x, y, z) = (X[0], X[1], X[2])
      return [a * x + b * y + y * z, c * y - x * z + d * y * z, e * z - x * y]
    },
    jacobian: { P, X, _ in
      let (a, b, c, d, e) = (P[0], P[1], P[2], P[3], P[4])
      let (x, y, z) = (X[0], X[1], X[2])
      return [a, b + z, y,
              -z, c + d * z, -x + d * y,
              -y, -x, e]
    })
}
