import Foundation

extension BenchmarkSystem {
  /// Lorenz-96: `ẋᵢ = (xᵢ₊₁ − xᵢ₋₂)xᵢ₋₁ − xᵢ + F`, indices cyclic, N = 10, F = 8.
  ///
  /// Lorenz, E. N. (1996). Predictability — a problem partly solved. *Proc. ECMWF Seminar on
  /// Predictability*; F as in benchmarks.md §3 (dysts defaults to F = 20). λ₁ = 1.17 per time unit (benchmarks.md §3). N is a parameter (an integer ≥ 4).
  public static let lorenz96 = BenchmarkSystem(
    name: "lorenz96", title: "Lorenz-96", kind: .flow, parameters: ["N": 10, "F": 8],
    exponents: [1.17], lyapunovStep: 0.01, suggestedDt: 0.04, period: 1.591, dimension: { p in Int(p[0]) },
    initial: { p in (0..<Int(p[0])).map { $0 == 0 ? p[1] + 0.01 : p[1] } },
    field: { p, x, _ in
      let n = x.count
      return (0..<n).map { i in (x[(i + 1) % n] - x[(i + n - 2) % n]) * x[(i + n - 1) % n] - x[i] + p[1] }
    },
    jacobian: { _, x, _ in
      let n = x.count
      var j = [Double](repeating: 0, count: n * n)
      for i in 0..<n {
        let (ip1, im1, im2) = ((i + 1) % n, (i + n - 1) % n, (i + n - 2) % n)
        j[i * n + ip1] += x[im1]
        j[i * n + im2] -= x[im1]
        j[i * n + im1] += x[ip1] - x[im2]
        j[i * n + i] -= 1
      }
      return j
    })
}
