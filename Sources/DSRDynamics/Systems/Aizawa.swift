import Foundation

extension BenchmarkSystem {
  /// Aizawa: `ẋ = xz − bx − dy`, `ẏ = dx + yz − by`,
  /// `ż = c + az − z³/3 − x² − y² − ezx² − ezy² + fzx³` with a = 0.95, b = 0.7, c = 0.6, d = 3.5, e = 0.25, f = 0.1.
  ///
  /// Aizawa, Y. & Uezu, T. (1982). Topological aspects in chaos and in 2^k-period doubling cascade.
  /// *Prog. Theor. Phys.* 67, 982–985; parameters as in dysts (`Aizawa`). Reference spectrum (0.094, 0, −0.331)
  /// per time unit (benchmarks.md §3).
  public static let aizawa = BenchmarkSystem(
    name: "aizawa", title: "Aizawa", kind: .flow, parameters: ["a": 0.95, "b": 0.7, "c": 0.6, "d": 3.5, "e": 0.25, "f": 0.1],
    exponents: [0.094, 0, -0.331], lyapunovStep: 0.01, suggestedDt: 0.01, period: 1.796, dimension: { _ in 3 }, initial: { _ in [0.1, 0, 0] },
    field: { p, v, _ in
      let (a, b, c, d, e, f) = (p[0], p[1], p[2], p[3], p[4], p[5])
      let (x, y, z) = (v[0], v[1], v[2])
      return [x * z - b * x - d * y, d * x + y * z - b * y,
              c + a * z - z * z * z / 3 - x * x - y * y - e * z * x * x - e * z * y * y + f * z * x * x * x]
    },
    jacobian: { p, v, _ in
      let (a, b, d, e, f) = (p[0], p[1], p[3], p[4], p[5])
      let (x, y, z) = (v[0], v[1], v[2])
      return [z - b, -d, x,
              d, z - b, y,
              -2 * x - 2 * e * z * x + 3 * f * z * x * x, -2 * y - 2 * e * z * y, a - z * z - e * x * x - e * y * y + f * x * x * x]
    })
}
