import DSRTensor
import Foundation

/// Lyapunov exponents by the QR method (Benettin et al. 1980), for any ``DiscreteMap`` and for
/// the ``BenchmarkSystem`` flows and maps.
///
/// From z₀ the system is advanced `transient` steps, then for up to `steps` more steps a tangent
/// basis Q (M × k) is propagated and re-orthonormalised: `Q_{t+1}R_t = J_t·Q_t`,
/// `λ_i = (1/steps)·Σ_t ln|R_t,ii|` per step, divided by `dt` for exponents per time unit.
/// Everything runs in Double; the re-orthonormalisation is a modified Gram–Schmidt on the k
/// columns (k = 1 is the maximal exponent alone: one vector, renormalised).
public enum LyapunovSpectrum {
  /// How long to iterate and what to report.
  public struct Options: Sendable, Equatable {
    /// Steps averaged over (the maximum when a tolerance is set).
    public var steps: Int
    /// Steps discarded before the tangent basis starts.
    public var transient: Int
    /// How many exponents (1 … M); nil = all M.
    public var count: Int?
    /// Time per step: exponents are divided by it (per time unit). nil = per step.
    public var dt: Double?
    /// Stop early once no exponent moved by more than this between two checks (every
    /// max(steps/100, 100) steps). nil = always run `steps`.
    public var tolerance: Double?

    /// Settings; by default 100 000 steps after a transient of 1000, all M exponents, per step, without early stopping.
    public init(steps: Int = 100_000, transient: Int = 1000, count: Int? = nil, dt: Double? = nil, tolerance: Double? = nil) {
      (self.steps, self.transient, self.count, self.dt, self.tolerance) = (steps, transient, count, dt, tolerance)
    }
  }

  /// The exponents (in the order QR produces them: descending for generic systems) and how they
  /// were obtained.
  public struct Result: Sendable, Equatable {
    /// The exponents, per time unit when a `dt` was given, else per step.
    public var exponents: [Double]
    /// Steps actually averaged over.
    public var steps: Int
    /// Whether the tolerance was reached (always false without one).
    public var converged: Bool
    /// The state after the last step (the system's own precision, as Double).
    public var finalState: [Double]
    /// The largest exponent.
    public var maximal: Double { exponents.max() ?? .nan }
  }

  /// The spectrum of a discrete map, starting at `initial` (length M). Non-finite states or
  /// Jacobians give NaN exponents.
  public static func compute<Map: DiscreteMap>(_ map: Map, from initial: Tensor<Map.Scalar>, options: Options) -> Result {
    let m = map.dimension
    precondition(initial.count == m, "Lyapunov: initial state has \(initial.count) values, M = \(m)")
    var z = initial.reshaped([m])
    for _ in 0..<options.transient { z = map.step(z) }
    return run(dimension: m, options: options, state: { z.scalars.map { Double($0) } }) { q, k in
      let j = map.jacobian(at: z)
      z = map.step(z)
      multiply(j.scalars, m: m, into: &q, k: k)
    }
  }

  /// `q ← J·q` for a row-major M×M `j` and row-major M×k `q`.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func multiply<S: BLASScalar>(_ j: [S], m: Int, into q: inout [Double], k: Int) {
    var out = [Double](repeating: 0, count: m * k)
    j.withUnsafeBufferPointer { jp in
      q.withUnsafeBufferPointer { qp in
        out.withUnsafeMutableBufferPointer { op in
          for r in 0..<m {
            for c in 0..<m {
              let a = Double(jp[r * m + c])
              if a == 0 { continue }
              for i in 0..<k { op[r * k + i] += a * qp[c * k + i] }
            }
          }
        }
      }
    }
    q = out
  }

  /// The QR loop shared by maps and flows: `advance(&q, k)` moves the system one step and
  /// replaces q by J·q; this function re-orthonormalises and accumulates.
  static func run(
    dimension m: Int, options: Options, state: () -> [Double], advance: (inout [Double], Int) -> Void
  ) -> Result {
    let k = options.count ?? m
    precondition(k >= 1 && k <= m, "Lyapunov: count must lie in 1…\(m), got \(k)")
    precondition(options.steps >= 1, "Lyapunov: steps must be ≥ 1")
    var q = [Double](repeating: 0, count: m * k)
    for i in 0..<k { q[i * k + i] = 1 }
    var sums = [Double](repeating: 0, count: k)
    let checkEvery = max(options.steps / 100, 100)
    var lastCheck: [Double]? = nil
    var done = 0, converged = false
    let scale = options.dt ?? 1
    while done < options.steps {
      advance(&q, k)
      // Modified Gram–Schmidt on the columns of q; ln of the diagonal of R.
      for i in 0..<k {
        for p in 0..<i {
          var dot = 0.0
          for r in 0..<m { dot += q[r * k + p] * q[r * k + i] }
          for r in 0..<m { q[r * k + i] -= dot * q[r * k + p] }
        }
        var norm = 0.0
        for r in 0..<m { norm += q[r * k + i] * q[r * k + i] }
        norm = norm.squareRoot()
        sums[i] += Foundation.log(norm)
        let inv = 1 / norm
        for r in 0..<m { q[r * k + i] *= inv }
      }
      done += 1
      if !sums[0].isFinite { break }
      if let tolerance = options.tolerance, done % checkEvery == 0 {
        let current = sums.map { $0 / (Double(done) * scale) }
        if let lastCheck, zip(current, lastCheck).allSatisfy({ Swift.abs($0 - $1) <= tolerance }) {
          converged = true
          break
        }
        lastCheck = current
      }
    }
    let exponents = sums.allSatisfy(\.isFinite) ? sums.map { $0 / (Double(done) * scale) } : Array(repeating: .nan, count: k)
    return Result(exponents: exponents, steps: done, converged: converged, finalState: state())
  }
}
