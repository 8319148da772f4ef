import DSRDynamics
import DSRModels
import DSRTensor

/// How adaptive GTF estimates the forcing strength α from a batch (gtf-shplrnn.md §2.7).
///
/// Every method except ``constant`` and ``jacobianUpperBound`` evaluates the model Jacobians
/// `J_{p,t} = J(ẑ_{p,t})` at the data-inferred states of each sequence p of the batch
/// (t = 1…T̃), reduces them to a growth estimate 𝒩, and maps it to `α = max(0, 1 − 1/𝒩)`.
public enum AlphaMethod: String, Codable, Sendable, CaseIterable {
  /// α never changes.
  case constant
  /// `𝒩 = max_i |A_i| + ‖W₁‖₂‖W₂‖₂` (shallow models only; data-independent).
  case jacobianUpperBound = "jacobian_upper_bound"
  /// `𝒩 = max_{p,t} ‖J_{p,t}‖₂`.
  case batchMaximum = "batch_maximum"
  /// `𝒩 = max_p exp(mean_t log ‖J_{p,t}‖₂)`, the geometric mean of the norms (the default).
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

  /// The growth estimate 𝒩 of `method` from per-sequence Jacobians `jacobians[p][t]` (M × M).
  public static func growth<S: BLASScalar>(_ method: AlphaMethod, jacobians: [[Tensor<S>]]) throws -> Double {
    var result = 0.0
    for sequence in jacobians where !sequence.isEmpty {
      let value: Double
      switch method {
      case .constant, .jacobianUpperBound:
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
