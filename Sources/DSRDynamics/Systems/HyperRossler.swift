extension BenchmarkSystem {
  /// Hyperchaotic Rössler: `ẋ = −y − z`, `ẏ = x + ay + w`, `ż = b + xz`, `ẇ = −cz + dw` with a = 0.25, b = 3,
  /// c = 0.5, d = 0.05.
  ///
  /// Rössler, O. E. (1979). An equation for hyperchaos. *Phys. Lett. A* 71, 155–157. Parameters and initial
  /// state as in dysts (`HyperRossler`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum
  /// (0.1107, 0.0203, -0.0001, -24.9519) per time unit computed by dsr with the analytic Jacobian: the mean
  /// of `dsr lyapunov --system hyper_rossler --steps 4000000 --transient T` (RK4 step 0.005) for T = 100 and
  /// 3000 time units, whose λ₁ differ by 0.0010; dysts' estimates of λ_max: 0.1719
  /// (`maximum_lyapunov_estimated`), 0.2786 (`lyapunov_spectrum_estimated`).
  public static let hyperRossler = BenchmarkSystem(
    name: "hyper_rossler", title: "Hyperchaotic Rössler", kind: .flow, parameters: ["a": 0.25, "b": 3, "c": 0.5, "d": 0.05],
    exponents: [0.1107, 0.0203, -0.0001, -24.9519], lyapunovStep: 0.005, suggestedDt: 0.093, period: 6.977, dimension: { _ in 4 },
    initial: { _ in [-93.667697, 15.5078, 0.032086964, 43.792796] },
    field: { P, X, _ in
      let (a, b, c, d) = (P[0], P[1], P[2], P[3])
      let (x, y, z, w) = (X[0], X[1], X[2], X[3])
      return [-y - z, x + a * y + w, b + x * z, -c * z + d * w]
    },
    jacobian: { P, X, _ in
      let (a, c, d) = (P[0], P[2], P[3])
      let (x, z) = (X[0], X[2])
      return [0, -1, -1, 0,
              1, a, 0, 1,
              z, 0, x, 0,
              0, 0, -c, d]
    })
}
