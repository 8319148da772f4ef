import DSRAutodiff
import DSRTensor
import DSRTestSupport
import Testing

@Suite struct ReductionGradientTests {
  @Test(arguments: [[5], [3, 4], [2, 3, 4]])
  func reductionsMatchFiniteDifferences(shape: [Int]) {
    var rng = RandomGenerator(seed: 31)
    let x = randomTensor(shape, using: &rng)
    checkGradient(at: [x]) { sum($0[0]) }
    checkGradient(at: [x]) { mean($0[0]) }
    for axis in 0..<shape.count {
      checkGradient(at: [x]) { sum($0[0], alongAxis: axis) }
      checkGradient(at: [x]) { mean($0[0], alongAxis: axis, keepingDimension: true) }
    }
  }

  @Test func meanOfSquaresExact() {
    let (v, g) = valueAndGradient(at: [Tensor<Double>([[1, 2], [3, 4]])]) { mean(square($0[0])) }
    #expect(v == 7.5)
    #expect(g[0].scalars == [0.5, 1, 1.5, 2])
  }
}
