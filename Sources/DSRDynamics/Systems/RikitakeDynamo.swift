extension BenchmarkSystem {
  /// Rikitake dynamo: `ẋ = −μx + yz`, `ẏ = −μy − ax + xz`, `ż = 1 − xy` with a = 1, μ = 1.
  ///
  /// Rikitake, T. (1958). Oscillations of a system of disk dynamos. *Math. Proc. Cambridge Philos. Soc.* 54,
  /// 89–105. Parameters and initial state as in dysts (`RikitakeDynamo`; Gilpin 2021,
  /// github.com/williamgilpin/dysts, Apache-2.0). Spectrum (0.1278, -0.0001, -2.1277) per time unit computed
  /// by dsr with the analytic Jacobian: the mean of `dsr lyapunov --system rikitake_dynamo --steps 4000000
  /// --transient T` (RK4 step 0.01) for T = 100 and 3000 time units, whose λ₁ differ by 0.0001; dysts'
  /// estimates of λ_max: 0.1318 (`maximum_lyapunov_estimated`), 0.1457 (`lyapunov_spectrum_estimated`).
  public static let rikitakeDynamo = BenchmarkSystem(
    name: "rikitake_dynamo", title: "Rikitake dynamo", kind: .flow, parameters: ["a": 1, "mu": 1],
    exponents: [0.1278, -0.0001, -2.1277], lyapunovStep: 0.01, suggestedDt: 0.0691, period: 5.182, dimension: { _ in 3 },
    initial: { _ in [-0.7791562791136255, -0.6302244598741468, 2.671200187214492] },
    field: { P, X, _ in
      let (a, mu) = (P[0], P[1])
      let (x, y, z) = (X[0], X[1], X[2])
      return [-mu * x + y * z, -mu * y - a * x + x * z, 1 - x * y]
    },
    jacobian: { P, X, _ in
      let (a, mu) = (P[0], P[1])
      let (x, y, z) = (X[0], X[1], X[2])
      return [-mu, z, y,
              -a + z, -mu, x,
              -y, -x, 0]
    })
}
