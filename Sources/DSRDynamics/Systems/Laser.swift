extension BenchmarkSystem {
  /// Laser: `ẋ = a(y − x) + byz²`, `ẏ = cx + dxz²`, `ż = hz + kx²` with a = 10, b = 1, c = 5, d = −1, h = −5,
  /// k = −6.
  ///
  /// Abooee, A., Yaghini-Bonabi, H. A. & Jahed-Motlagh, M. R. (2013). Analysis and circuitry realization of a
  /// novel three-dimensional chaotic system. *Commun. Nonlinear Sci. Numer. Simul.* 18, 1235–1245. Parameters
  /// and initial state as in dysts (`Laser`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0).
  /// Spectrum (0.5755, 0.0000, -15.5755) per time unit computed by dsr with the analytic Jacobian: the mean
  /// of `dsr lyapunov --system laser --steps 4000000 --transient T` (RK4 step 0.005) for T = 100 and 3000
  /// time units, whose λ₁ differ by 0.0003; dysts' estimates of λ_max: 0.6081 (`maximum_lyapunov_estimated`),
  /// 0.7637 (`lyapunov_spectrum_estimated`).
  public static let laser = BenchmarkSystem(
    name: "laser", title: "Laser", kind: .flow, parameters: ["a": 10, "b": 1, "c": 5, "d": -1, "h": -5, "k": -6],
    exponents: [0.5755, 0.0000, -15.5755], lyapunovStep: 0.005, suggestedDt: 0.0124, period: 0.9316, dimension: { _ in 3 },
    initial: { _ in [-2.540801356216252, -1.940570579119389, -2.9680975444071955] },
    field: { P, X, _ in
      let (a, b, c, d, h, k) = (P[0], P[1], P[2], P[3], P[4], P[5])
      let (x, y, z) = (X[0], X[1], X[2])
      return [a * y - a * x + b * y * z * z, c * x + d * x * z * z, h * z + k * x * x]
    },
    jacobian: { P, X, _ in
      let (a, b, c, d, h, k) = (P[0], P[1], P[2], P[3], P[4], P[5])
      let (x, y, z) = (X[0], X[1], X[2])
      return [-a, a + b * z * z, 2 * b * y * z,
              c + d * z * z, 0, 2 * d * x * z,
              2 * k * x, 0, h]
    })
}
