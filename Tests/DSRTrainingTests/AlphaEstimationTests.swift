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
