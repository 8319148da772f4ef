extension BenchmarkSystem {
  /// Chua's circuit: `ẋ = α(y − x − h(x))`, `ẏ = x − y + z`, `ż = −βy` with the piecewise-linear diode
  /// `h(x) = m₁x + ½(m₀ − m₁)(|x + 1| − |x − 1|)` (slope m₀ for |x| < 1, m₁ outside), α = 15.6, β = 28,
  /// m₀ = −1.142857, m₁ = −0.71429 (the double scroll).
  ///
  /// The field is continuous but its Jacobian jumps at |x| = 1; the Jacobian here is the one-sided slope
  /// (m₁ at |x| = 1 exactly), which is what the variational equation needs almost everywhere.
  ///
  /// Chua, L. O. (1969). *Introduction to Nonlinear Network Theory*. McGraw-Hill; Matsumoto, T. (1984).
  /// A chaotic attractor from Chua's circuit. *IEEE Trans. Circuits Syst.* 31, 1055–1058. Parameters and
  /// initial state as in dysts (`Chua`; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0). One of
  /// DynaMix's three evaluation systems (issue 29). Spectrum (0.4349, -0.0022, -4.2118) per time unit
  /// computed by dsr: the mean of `dsr lyapunov --system chua --steps 4000000 --transient T` (RK4 step
  /// 0.005) for T = 100 and 3000 time units, whose λ₁ differ by 0.0027; dysts' estimates of λ_max:
  /// 1.2301 (`maximum_lyapunov_estimated`), 0.4605 (`lyapunov_spectrum_estimated`).
  public static let chua = BenchmarkSystem(
    name: "chua", title: "Chua's circuit", kind: .flow, parameters: ["alpha": 15.6, "beta": 28, "m0": -1.142857, "m1": -0.71429],
    exponents: [0.4349, -0.0022, -4.2118], lyapunovStep: 0.005, suggestedDt: 0.0197, period: 1.475, dimension: { _ in 3 },
    initial: { _ in [1.1262351, -0.11386474, -0.78324421] },
    field: { p, v, _ in
      let (alpha, beta, m0, m1) = (p[0], p[1], p[2], p[3])
      let (x, y, z) = (v[0], v[1], v[2])
      let diode = m1 * x + 0.5 * (m0 - m1) * (abs(x + 1) - abs(x - 1))
      return [alpha * (y - x - diode), x - y + z, -beta * y]
    },
    jacobian: { p, v, _ in
      let (alpha, beta, m0, m1) = (p[0], p[1], p[2], p[3])
      let slope = abs(v[0]) < 1 ? m0 : m1
      return [-alpha * (1 + slope), alpha, 0,
              1, -1, 1,
              0, -beta, 0]
    })
}
