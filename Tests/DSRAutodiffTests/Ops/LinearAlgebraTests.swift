import DSRAutodiff
import DSRTensor
import DSRTestSupport
import Testing

@Suite struct LinearAlgebraGradientTests {
  /// Affine observation shapes N × M: square (ECG), tall N > M (EEG-like), wide N < M.
  @Test(arguments: [[5, 5], [6, 3], [3, 6], [1, 4], [4, 1]])
  func pseudoInverseMatchesFiniteDifferences(shape: [Int]) {
    var rng = RandomGenerator(seed: 61)
    let b = Tensor<Double>.normal(shape: shape, using: &rng)
    checkGradient(at: [b], epsilon: 1e-6, atol: 1e-6, rtol: 1e-5) { pseudoInverse($0[0]) }
  }

  @Test func pseudoInverseInsideALoss() {
    // init_state = pinv(B)·x as in the Affine model: the gradient flows through pinv into B.
    var rng = RandomGenerator(seed: 62)
    let b = Tensor<Double>.normal(shape: [4, 3], using: &rng)
    let x = Tensor<Double>.normal(shape: [4, 5], using: &rng)
    checkGradient(at: [b, x], atol: 1e-6, rtol: 1e-5) { p in
      mean(square(matmul(p[0], matmul(pseudoInverse(p[0]), p[1])) - p[1] * 0.5))
    }
  }

  @Test(arguments: [[4, 3], [3, 4], [5, 5], [1, 3]])
  func singularValuesMatchFiniteDifferences(shape: [Int]) {
    var rng = RandomGenerator(seed: 63)
    let b = Tensor<Double>.normal(shape: shape, using: &rng)
    checkGradient(at: [b], atol: 1e-6, rtol: 1e-5) { singularValues($0[0]) }
  }

  @Test func conditionNumberPenaltyMatchesFiniteDifferences() {
    // λ·(1 − σ_max/(σ_min + 1e−8))², the Affine observation regulariser (gtf-shplrnn.md §2.6).
    var rng = RandomGenerator(seed: 64)
    let b = Tensor<Double>.normal(shape: [5, 3], using: &rng)
    checkGradient(at: [b], atol: 1e-6, rtol: 1e-5) { p in
      let s = singularValues(p[0])
      let ratio = rows(s, 0..<1) / (rows(s, 2..<3) + 1e-8)
      return sum(square(1 - ratio)) * 0.1
    }
  }

  @Test func singularValuesOfDiagonalHaveUnitGradients() {
    let (v, g) = valueAndGradient(at: [Tensor<Double>.diagonal([3, 2])]) { sum(singularValues($0[0])) }
    #expect(v == 5)
    expectClose(g[0], Tensor.identity(2), atol: 1e-14)
  }
}
