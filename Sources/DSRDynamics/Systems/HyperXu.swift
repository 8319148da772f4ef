extension BenchmarkSystem {
  /// Hyperchaotic Xu: `ẋ = a(y − x) + w`, `ẏ = bx + exz`, `ż = −cz − xy`, `ẇ = xz − dy` with a = 10, b = 40,
  /// c = 2.5, d = 2, e = 16.
  ///
  /// Letellier, C. & Rössler, O. E. (2007). Hyperchaos. *Scholarpedia* 2, 1936 (dysts' citation). Parameters
  /// and initial state as in dysts (`HyperXu`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0).
  /// Spectrum (0.9824, 0.1098, -0.0003, -13.5919) per time unit computed by dsr with the analytic Jacobian:
  /// the mean of `dsr lyapunov --system hyper_xu --steps 4000000 --transient T` (RK4 step 0.002) for T = 100
  /// and 3000 time units, whose λ₁ differ by 0.0037; dysts' estimates of λ_max: 0.9820
  /// (`maximum_lyapunov_estimated`), 1.0420 (`lyapunov_spectrum_estimated`).
  public static let hyperXu = BenchmarkSystem(
    name: "hyper_xu", title: "Hyperchaotic Xu", kind: .flow, parameters: ["a": 10, "b": 40, "c": 2.5, "d": 2, "e": 16],
    exponents: [0.9824, 0.1098, -0.0003, -13.5919], lyapunovStep: 0.002, suggestedDt: 0.00749, period: 0.5615, dimension: { _ in 4 },
    initial: { _ in [0.68944486, -0.60254126, -0.5814657, 0.26629277] },
    field: { P, X, _ in
      let (a, b, c, d, e) = (P[0], P[1], P[2], P[3], P[4])
      let (x, y, z, w) = (X[0], X[1], X[2], X[3])
      return [a * y - a * x + w, b * x + e * x * z, -c * z - x * y, x * z - d * y]
    },
    jacobian: { P, X, _ in
      let (a, b, c, d, e) = (P[0], P[1], P[2], P[3], P[4])
      let (x, y, z) = (X[0], X[1], X[2])
      return [-a, a, 0, 1,
              b + e * z, 0, e * x, 0,
              -y, -x, -c, 0,
              z, -d, x, 0]
    })
}
