import DSRModels
import DSRTensor
import DSRTestSupport
@testable import DSRTraining
import Testing

@Suite("Adaptive GTF: α estimators and annealing")
struct AlphaEstimationTests {
  // Two sequences of diagonal Jacobians with known norms.
  let jacobians: [[Tensor<Double>]] = [
    [Tensor.diagonal([2, 0.5]), Tensor.diagonal([0.5, 8])],  // norms 2, 8; product diag(1, 4)
    [Tensor.diagonal([3, 1]), Tensor.diagonal([3, 1])],  // norms 3, 3; product diag(9, 1)
  ]

  @Test("batch_maximum is the largest spectral norm")
  func batchMaximum() throws { expectClose(try AlphaEstimation.growth(.batchMaximum, jacobians: jacobians), 8, rtol: 1e-12) }

  @Test("product_upper_bound is the largest geometric mean of norms")
  func product() throws {
    // sequence 1: √(2·8) = 4; sequence 2: 3.
    expectClose(try AlphaEstimation.growth(.productUpperBound, jacobians: jacobians), 4, rtol: 1e-12)
  }

  @Test("explog_approx equals ‖expm(mean logm J)‖ for commuting Jacobians and is 0 for a singular product")
  func explog() throws {
    // sequence 1: expm(mean log) = diag(1, 2) → 2; sequence 2: diag(3, 1) → 3.
    expectClose(try AlphaEstimation.growth(.explogApprox, jacobians: jacobians), 3, rtol: 1e-12)
    let singular: [[Tensor<Double>]] = [[Tensor.diagonal([0, 0]), Tensor.diagonal([2, 2])]]
    #expect(try AlphaEstimation.growth(.explogApprox, jacobians: singular) == 0)
    // A long product that would overflow without renormalisation.
    let long: [[Tensor<Double>]] = [Array(repeating: Tensor.diagonal([1e10, 1]), count: 100)]
    expectClose(try AlphaEstimation.growth(.explogApprox, jacobians: long), 1e10, rtol: 1e-10)
  }

  @Test("arithmetic_mean is the largest norm of the mean Jacobian")
  func arithmetic() throws {
    // sequence 1: diag(1.25, 4.25); sequence 2: diag(3, 1).
    expectClose(try AlphaEstimation.growth(.arithmeticMean, jacobians: jacobians), 4.25, rtol: 1e-12)
  }

  @Test("α = max(0, 1 − 1/𝒩) and the jump-up / decay rule")
  func annealing() {
    #expect(AlphaEstimation.alpha(forGrowth: 4) == 0.75)
    #expect(AlphaEstimation.alpha(forGrowth: 0.5) == 0)
    #expect(AlphaEstimation.alpha(forGrowth: 0) == 0)
    #expect(AlphaEstimation.anneal(current: 0.2, estimate: 0.75, decay: 0.999) == 0.75)
    expectClose(AlphaEstimation.anneal(current: 0.75, estimate: 0.25, decay: 0.9), 0.9 * 0.75 + 0.1 * 0.25, rtol: 1e-15)
  }
}

/// A time-major Double buffer of `jacobians[p][t]`: matrix (t·S + p).
func timeMajorBuffer(_ jacobians: [[Tensor<Double>]]) -> [Double] {
  let (s, steps) = (jacobians.count, jacobians[0].count)
  var out: [Double] = []
  for t in 0..<steps { for p in 0..<s { out += jacobians[p][t].scalars } }
  return out
}

func bufferGrowth(_ method: AlphaMethod, _ jacobians: [[Tensor<Double>]]) -> Double {
  let buffer = timeMajorBuffer(jacobians)
  return buffer.withUnsafeBufferPointer {
    AlphaEstimation.growth(
      method, jacobians: $0.baseAddress!, dimension: jacobians[0][0].shape[0], sequences: jacobians.count,
      steps: jacobians[0].count, scratch: Buffer<Double>())
  }
}

@Suite("Adaptive GTF: the buffer estimator equals the per-tensor LAPACK reference")
struct AlphaEstimationBufferTests {
  static let methods: [AlphaMethod] = [.batchMaximum, .productUpperBound, .explogApprox, .arithmeticMean]

  @Test("hand-computed cases", arguments: methods)
  func handComputed(method: AlphaMethod) throws {
    let cases = AlphaEstimationTests().jacobians
    expectClose(bufferGrowth(method, cases), try AlphaEstimation.growth(method, jacobians: cases), rtol: 1e-12)
    let long: [[Tensor<Double>]] = [Array(repeating: Tensor.diagonal([1e10, 1]), count: 100)]
    expectClose(bufferGrowth(method, long), try AlphaEstimation.growth(method, jacobians: long), rtol: 1e-10)
  }

  @Test("random Jacobians, M = 1, 2, 3, 5, 16", arguments: [1, 2, 3, 5, 16])
  func random(m: Int) throws {
    var rng = RandomGenerator(seed: UInt64(40 + m))
    let jacobians = (0..<4).map { _ in
      (0..<9).map { _ in Tensor<Double>.normal(shape: [m, m], using: &rng) * 0.6 + Tensor.identity(m) * 0.3 }
    }
    for method in Self.methods {
      expectClose(bufferGrowth(method, jacobians), try AlphaEstimation.growth(method, jacobians: jacobians), rtol: 1e-10, "\(method)")
    }
  }

  @Test("singular products and zero Jacobians", arguments: methods)
  func singular(method: AlphaMethod) throws {
    let jacobians: [[Tensor<Double>]] = [
      [Tensor.diagonal([0, 0, 0]), Tensor.diagonal([2, 2, 1])],
      [Tensor(zeros: [3, 3]), Tensor(zeros: [3, 3])],
    ]
    expectClose(bufferGrowth(method, jacobians), try AlphaEstimation.growth(method, jacobians: jacobians), rtol: 1e-12)
  }
}
