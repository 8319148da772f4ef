extension BenchmarkSystem {
  /// Newton–Leipnik: `ẋ = −ax + y + 10yz`, `ẏ = −x − 0.4y + 5xz`, `ż = bz − 5xy` with a = 0.4, b = 0.175.
  ///
  /// Leipnik, R. B. & Newton, T. A. (1981). Double strange attractors in rigid body motion with linear
  /// feedback control. *Phys. Lett. A* 86, 63–67. Parameters and initial state as in dysts (`NewtonLiepnik`;
  /// Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). Spectrum (0.1413, 0.0000, -0.7663) per time
  /// unit computed by dsr with the analytic Jacobian: the mean of `dsr lyapunov --system newton_leipnik
  /// --steps 4000000 --transient T` (RK4 step 0.01) for T = 100 and 3000 time units, whose λ₁ differ by
  /// 0.0005; dysts' estimates of λ_max: 0.1495 (`maximum_lyapunov_estimated`), 0.1724
  /// (`lyapunov_spectrum_estimated`).
  public static let newtonLeipnik = BenchmarkSystem(
    name: "newton_leipnik", title: "Newton–Leipnik", kind: .flow, parameters: ["a": 0.4, "b": 0.175],
    exponents: [0.1413, 0.0000, -0.7663], lyapunovStep: 0.01, suggestedDt: 0.0648, period: 4.86, dimension: { _ in 3 },
    initial: { _ in [0.29430753, 0.10649486, 0.29081125] },
    field: { P, X, _ in
      let (a, b) = (P[0], P[1])
      let (x, y, z) = (X[0], X[1], X[2])
      return [-a * x + y + 10 * y * z, -x - 0.4 * y + 5 * x * z, b * z - 5 * x * y]
    },
    jacobian: { P, X, _ in
      let (a, b) = (P[0], P[1])
      let (x, y, z) = (X[0], X[1], X[2])
      return [-a, 1 + 10 * z, 10 * y,
              -1 + 5 * z, -0.4, 5 * x,
              -5 * y, -5 * x, b]
    })
}
