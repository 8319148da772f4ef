import DSRAutodiff
import DSRTensor
import DSRTestSupport
import Testing

@Suite struct ActivationGradientTests {
  @Test(arguments: [[7], [4, 5], [2, 3, 4]])
  func reluMatchesFiniteDifferences(shape: [Int]) {
    var rng = RandomGenerator(seed: 21)
    checkGradient(at: [randomTensor(shape, using: &rng)]) { relu($0[0]) }
  }

  @Test func reluKinkHasDerivativeZero() {
    let (_, g) = valueAndGradient(at: [Tensor<Double>([-1, 0, 1])]) { sum(relu($0[0])) }
    #expect(g[0].scalars == [0, 0, 1])
    let (_, gf) = valueAndGradient(at: [Tensor<Float>([-0.0, 0, 2])]) { sum(relu($0[0])) }
    #expect(gf[0].scalars == [0, 0, 1])
  }

  @Test(arguments: [([5, 4], [5, 1]), ([6], [6]), ([3, 8], [3, 8])])
  func clippedReluMatchesFiniteDifferences(shapes: ([Int], [Int])) {
    var rng = RandomGenerator(seed: 22)
    let x = randomTensor(shapes.0, using: &rng)
    var h = randomTensor(shapes.1, using: &rng)
    // Keep x + h away from 0 as well, so no kink is crossed.
    for _ in 0..<100 where ((x + h).abs().min()) < 0.02 { h = randomTensor(shapes.1, using: &rng) }
    checkGradient(at: [x, h]) { clippedRelu($0[0], $0[1]) }
  }

  @Test func clippedReluValuesAndKinks() {
    // relu(x+h) − relu(x) with h = 1: x = −2 → 0, x = −0.5 → 0.5, x = 0 → 1, x = 3 → 1.
    let x = Tensor<Double>([-2, -0.5, 0, 3, -1])
    let h = Tensor<Double>([1, 1, 1, 1, 1])
    let tape = Tape<Double>()
    let (xv, hv) = (tape.variable(x), tape.variable(h))
    let y = clippedRelu(xv, hv)
    #expect(y.value.scalars == [0, 0.5, 1, 1, 0])
    let g = tape.gradients(of: y, withRespectTo: [xv, hv])
    // ∂x = 1[x+h>0] − 1[x>0]: at x = 0 the second indicator is 0 (strict), at x+h = 0 the first is 0.
    #expect(g[0].scalars == [0, 1, 1, 0, 0])
    #expect(g[1].scalars == [0, 1, 1, 1, 0])
  }
}
