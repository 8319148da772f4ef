import DSRData
import DSRDynamics
import DSRModels
import DSRTensor

/// How adaptive GTF estimates the forcing strength α from a batch (gtf-shplrnn.md §2.7).
///
/// Every method except ``constant``, ``jacobianUpperBound`` and ``automatic`` evaluates the model Jacobians
/// `J_{p,t} = J(ẑ_{p,t})` at the data-inferred states of each sequence p of the batch
/// (t = 1…T̃), reduces them to a growth estimate 𝒩, and maps it to `α = max(0, 1 − 1/𝒩)`.
public enum AlphaMethod: String, Codable, Sendable, CaseIterable {
  /// α never changes.
  case constant
  /// `𝒩 = max_i |A_i| + ‖W₁‖₂‖W₂‖₂` (shallow models only; data-independent).
  case jacobianUpperBound = "jacobian_upper_bound"
  /// `𝒩 = max_{p,t} ‖J_{p,t}‖₂`.
  case batchMaximum = "batch_maximum"
  /// `𝒩 = max_p exp(mean_t log ‖J_{p,t}‖₂)`, the geometric mean of the norms (what ``automatic``
  /// chooses for flows).
  case productUpperBound = "product_upper_bound"
  /// `𝒩 = max_p ‖J_{p,T̃}⋯J_{p,1}‖₂^{1/T̃}`, the geometric mean of the Jacobian product.
  ///
  /// The reference computes `‖expm(mean_t logm J_{p,t})‖₂`, which is complex or −∞ for
  /// Jacobians with negative or zero eigenvalues. dsr computes the quantity it approximates,
  /// the norm of the product's T̃-th root, with renormalisation after every factor so it neither
  /// overflows nor underflows; the two agree exactly when the Jacobians commute, and a singular
  /// product gives 𝒩 = 0 (α = 0) instead of NaN.
  case explogApprox = "explog_approx"
  /// `𝒩 = max_p ‖(1/T̃) Σ_t J_{p,t}‖₂` (the poster's approximation).
  case arithmeticMean = "arithmetic_mean"
  /// ``batchMaximum`` for data whose consecutive rows are nearly uncorrelated (maps, one row per
  /// iteration), ``productUpperBound`` otherwise (flows); chosen by ``Trainer`` from its training
  /// data with ``AlphaMethod/resolved(for:)`` before the first batch (the default of
  /// `gtf_alpha_method`, stated in DSRExperiment's `Configuration.keys`).
  ///
  /// The geometric mean of the norms lets α fall below what a map's stretching per step needs
  /// (the logistic map: α 0.26–0.33 against 1 − e^{−λ₁} = 0.5, and training breaks down), while the
  /// batch maximum makes a finely sampled flow's free stretches too short (Aizawa, Chen worse).
  case automatic = "auto"
}

extension AlphaMethod {
  /// Below this mean lag-1 autocorrelation the data counts as a map for ``automatic``. Flows
  /// sampled at 10 or more rows per period lie above 0.8 (cos 2π/10); the suite's maps lie at
  /// −0.31 (Hénon) to 0.24 (Tinkerbell).
  public static let mapAutocorrelation = 0.5

  /// The mean lag-1 autocorrelation of the data's columns, each trajectory centred on its own
  /// column means and the sums (``SamplingCheck/lagOneSums(centred:)``) pooled over trajectories
  /// (NaN with constant columns only). Missing values are ignored: the means are over the valid
  /// values and the sums leave out every term that touches a missing value, so no product spans
  /// a gap.
  public static func meanLagOneAutocorrelation<S: BLASScalar>(_ data: Dataset<S>) -> Double {
    let n = data.observedDimension
    var lagged = [Double](repeating: 0, count: n), power = [Double](repeating: 0, count: n)
    for x in data.trajectories {
      for j in 0..<n {
        let sums = SamplingCheck.lagOneSums(centred: SamplingCheck.centredColumn(x, j))
        (lagged[j], power[j]) = (lagged[j] + sums.lagged, power[j] + sums.power)
      }
    }
    let ratios = (0..<n).filter { power[$0] > 0 }.map { lagged[$0] / power[$0] }
    return ratios.isEmpty ? .nan : ratios.reduce(0, +) / Double(ratios.count)
  }

  /// The concrete method for `data`: for ``automatic``, ``batchMaximum`` when the mean lag-1
  /// autocorrelation is below ``mapAutocorrelation``, else ``productUpperBound``; every other
  /// method is returned as it is.
  public func resolved<S: BLASScalar>(for data: Dataset<S>) -> AlphaMethod {
    guard self == .automatic else { return self }
    let r = Self.meanLagOneAutocorrelation(data)
    return r < Self.mapAutocorrelation ? .batchMaximum : .productUpperBound
  }
}

/// α estimation and annealing.
public enum AlphaEstimation {
  /// `max(0, 1 − 1/𝒩)`.
  public static func alpha(forGrowth n: Double) -> Double { n > 0 ? Swift.max(0, 1 - 1 / n) : 0 }

  /// The annealing rule: jump up to a larger estimate, otherwise decay towards it:
  /// `α ← α̂` if `α̂ > α`, else `α ← γα + (1−γ)α̂`.
  public static func anneal(current: Double, estimate: Double, decay: Double) -> Double {
    estimate > current ? estimate : decay * current + (1 - decay) * estimate
  }

  /// The growth estimate 𝒩 of `method` from a batch of Jacobians in one Double buffer.
  ///
  /// The buffer holds `sequences · steps` row-major M × M matrices in time-major order, the
  /// layout of the trainer's forcing signals: `J_{p,t}` (sequence p, step t, both 0-based) starts
  /// at `jacobians + (t·sequences + p)·M²`. Spectral norms come from ``SmallSpectralNorm``; the
  /// result equals ``growth(_:jacobians:)`` on the same matrices up to rounding. A sequence whose
  /// value is NaN contributes 0.
  ///
  /// - Parameter method: the estimate (`.constant` and `.jacobianUpperBound` use no Jacobians, and
  ///   `.automatic` is resolved first; all three trap here).
  /// - Parameter jacobians: the `sequences · steps` matrices in the layout above.
  /// - Parameter m: M, the side of each matrix.
  /// - Parameter sequences: the number of sequences in the batch.
  /// - Parameter steps: the number of steps per sequence.
  /// - Parameter scratch: work space, grown as needed (`sequences · (steps + 1)` or `2·M²` Doubles).
  public static func growth(
    _ method: AlphaMethod, jacobians: UnsafePointer<Double>, dimension m: Int, sequences: Int, steps: Int,
    scratch: Buffer<Double>
  ) -> Double {
    let mm = m * m
    guard steps > 0, sequences > 0 else { return 0 }
    func matrix(_ p: Int, _ t: Int) -> UnsafePointer<Double> { jacobians + (t * sequences + p) * mm }
    var result = 0.0
    switch method {
    case .constant, .jacobianUpperBound, .automatic:
      preconditionFailure("\(method.rawValue) does not use Jacobians")
    case .batchMaximum, .productUpperBound:
      // All norms in one batched call (matrices in memory order), then per-sequence max or Σ log
      // in step order.
      scratch.reserve(sequences + sequences * steps)
      let acc = scratch.pointer, norms = scratch.pointer + sequences
      SmallSpectralNorm.spectralNorms(jacobians, count: sequences * steps, dimension: m, into: norms)
      for p in 0..<sequences { acc[p] = method == .batchMaximum ? -Double.infinity : 0 }
      for t in 0..<steps {
        for p in 0..<sequences {
          let norm = norms[t * sequences + p]
          if method == .batchMaximum {
            acc[p] = norm.isNaN || acc[p].isNaN ? .nan : Swift.max(acc[p], norm)
          } else {
            acc[p] += Double.log(norm)
          }
        }
      }
      for p in 0..<sequences {
        let value = method == .batchMaximum ? acc[p] : Double.exp(acc[p] / Double(steps))
        result = Swift.max(result, value.isNaN ? 0 : value)
      }
    case .explogApprox:
      scratch.reserve(2 * mm)
      let product = scratch.pointer, next = scratch.pointer + mm
      for p in 0..<sequences {
        let value = productRoot(sequence: p, of: jacobians, dimension: m, sequences: sequences, steps: steps, product: product, next: next)
        result = Swift.max(result, value.isNaN ? 0 : value)
      }
    case .arithmeticMean:
      scratch.reserve(mm)
      let mean = scratch.pointer
      for p in 0..<sequences {
        for e in 0..<mm { mean[e] = 0 }
        for t in 0..<steps {
          let j = matrix(p, t)
          for e in 0..<mm { mean[e] += j[e] }
        }
        for e in 0..<mm { mean[e] /= Double(steps) }
        let value = SmallSpectralNorm.spectralNorm(mean, dimension: m)
        result = Swift.max(result, value.isNaN ? 0 : value)
      }
    }
    return result
  }

  /// ``productRoot(_:)`` for sequence p of a time-major Jacobian buffer, on raw M × M buffers.
  static func productRoot(
    sequence p: Int, of jacobians: UnsafePointer<Double>, dimension m: Int, sequences: Int, steps: Int,
    product: UnsafeMutablePointer<Double>, next: UnsafeMutablePointer<Double>
  ) -> Double {
    let mm = m * m
    for e in 0..<mm { product[e] = 0 }
    for i in 0..<m { product[i * m + i] = 1 }
    var logScale = 0.0
    for t in 0..<steps {
      let j = jacobians + (t * sequences + p) * mm
      // next ← J·product, then renormalise by the Frobenius norm.
      var f2 = 0.0
      for r in 0..<m {
        for c in 0..<m {
          var acc = 0.0
          for k in 0..<m { acc += j[r * m + k] * product[k * m + c] }
          next[r * m + c] = acc
          f2 += acc * acc
        }
      }
      let f = f2.squareRoot()
      if f == 0 || !f.isFinite { return 0 }
      for e in 0..<mm { product[e] = next[e] / f }
      logScale += Double.log(f)
    }
    let top = SmallSpectralNorm.spectralNorm(product, dimension: m)
    if top == 0 { return 0 }
    return Double.exp((logScale + Double.log(top)) / Double(steps))
  }

  /// The growth estimate 𝒩 of `method` from per-sequence Jacobians `jacobians[p][t]` (M × M).
  ///
  /// The reference implementation: one tensor per Jacobian and a LAPACK SVD per spectral norm.
  /// Training uses the buffer version ``growth(_:jacobians:dimension:sequences:steps:scratch:)``.
  public static func growth<S: BLASScalar>(_ method: AlphaMethod, jacobians: [[Tensor<S>]]) throws -> Double {
    var result = 0.0
    for sequence in jacobians where !sequence.isEmpty {
      let value: Double
      switch method {
      case .constant, .jacobianUpperBound, .automatic:
        preconditionFailure("\(method.rawValue) does not use Jacobians")
      case .batchMaximum:
        value = try sequence.map { Double(try $0.spectralNorm()) }.max()!
      case .productUpperBound:
        let logs = try sequence.map { Double.log(Double(try $0.spectralNorm())) }
        value = Double.exp(logs.reduce(0, +) / Double(logs.count))
      case .explogApprox:
        value = try productRoot(sequence)
      case .arithmeticMean:
        let total = sequence.dropFirst().reduce(sequence[0].converted(to: Double.self)) { $0 + $1.converted(to: Double.self) }
        value = try (total / Double(sequence.count)).spectralNorm()
      }
      result = Swift.max(result, value.isNaN ? 0 : value)
    }
    return result
  }

  /// `‖J_T⋯J_1‖₂^{1/T}` in Double with Frobenius renormalisation after every factor.
  static func productRoot<S: BLASScalar>(_ sequence: [Tensor<S>]) throws -> Double {
    var product = Tensor<Double>.identity(sequence[0].shape[0])
    var logScale = 0.0
    for j in sequence {
      product = j.converted(to: Double.self).matmul(product)
      let f = product.frobeniusNorm()
      if f == 0 || !f.isFinite { return 0 }
      product = product / f
      logScale += Double.log(f)
    }
    let top = try product.spectralNorm()
    if top == 0 { return 0 }
    return Double.exp((logScale + Double.log(top)) / Double(sequence.count))
  }
}
