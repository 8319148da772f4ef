extension BenchmarkSystem {
  /// Vallis El Niño: `ẋ = by − c(x + p)`, `ẏ = −y + xz`, `ż = −z − xy + 1` with b = 102, c = 3, p = 0.
  ///
  /// Vallis, G. K. (1988). Conceptual models of El Niño and the Southern Oscillation. *J. Geophys. Res.* 93,
  /// 13979–13991. Parameters and initial state as in dysts (`VallisElNino`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0). Spectrum (0.5544, -0.0001, -5.5543) per time unit computed
  /// by dsr with the analytic Jacobian: the mean of `dsr lyapunov --system vallis_el_nino --steps 4000000
  /// --transient T` (RK4 step 0.005) for T = 100 and 3000 time units, whose λ₁ differ by 0.0002; dysts'
  /// estimates of λ_max: 0.5478 (`maximum_lyapunov_estimated`), 0.6562 (`lyapunov_spectrum_estimated`).
  public static let vallisElNino = BenchmarkSystem(
    name: "vallis_el_nino", title: "Vallis El Niño", kind: .flow, parameters: ["b": 102, "c": 3, "p": 0],
    exponents: [0.5544, -0.0001, -5.5543], lyapunovStep: 0.005, suggestedDt: 0.0158, period: 1.183, dimension: { _ in 3 },
    initial: { _ in [-6.99286331487343, 0.023254276622294345, -0.1658177563067799] },
    field: { P, X, _ in
      let (b, c, p) = (P[0], P[1], P[2])
      let (x, y, z) = (X[0], X[1], X[2])
      return [b * y - c * x - c * p, -y + x * z, -z - x * y + 1]
    },
    jacobian: { P, X, _ in
      let (b, c) = (P[0], P[1])
      let (x, y, z) = (X[0], X[1], X[2])
      return [-c, b, 0,
              z, -1, x,
              -y, -x, -1]
    })
}
