import DSRTensor
import Foundation

/// Lyapunov exponents of a ``DiscreteMap`` by the QR method (Benettin et al. 1980).
///
/// From z₀, the map is iterated `transient` steps, then for `steps` more steps the tangent basis is
/// propagated and re-orthonormalised: `Q_{t+1}R_t = J(z_t)·Q_t`, `λ_i = (1/steps)·Σ_t ln|R_t,ii|`
/// (per iteration; divide by a time step for exponents per time unit). Computed in Double with a
/// Householder QR (LAPACK) at every step.
public enum LyapunovSpectrum {
  /// The full spectrum (`count` = M by default), in descending order of the exponents' index
  /// (QR keeps them ordered for generic maps).
  public static func compute<M: DiscreteMap>(
    _ map: M, from initial: Tensor<M.Scalar>, steps: Int, transient: Int = 0, count: Int? = nil
  ) throws -> [Double] {
    let m = map.dimension
    let k = count ?? m
    precondition(k >= 1 && k <= m, "Lyapunov: count must lie in 1…\(m)")
    precondition(steps >= 1, "Lyapunov: steps must be ≥ 1")
    var z = initial
    for _ in 0..<transient { z = map.step(z) }
    var q = Tensor<Double>.identity(m).columns(0..<k)
    var sums = [Double](repeating: 0, count: k)
    for _ in 0..<steps {
      let j = map.jacobian(at: z).converted(to: Double.self)
      let (qNew, r) = try j.matmul(q).qr()
      for i in 0..<k {
        let d = r[i, i]
        sums[i] += Foundation.log(Swift.abs(d))
        // Keep the diagonal of R positive so Q stays a continuous frame.
        if d < 0 { for row in 0..<m { q.scalars[row * k + i] = -qNew[row, i] } } else {
          for row in 0..<m { q.scalars[row * k + i] = qNew[row, i] }
        }
      }
      z = map.step(z)
    }
    return sums.map { $0 / Double(steps) }
  }
}
