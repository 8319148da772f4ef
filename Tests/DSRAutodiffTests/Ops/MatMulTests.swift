import DSRAutodiff
import DSRTensor
import DSRTestSupport
import Testing

@Suite struct MatMulGradientTests {
  static let sizes: [(Int, Int, Int)] = [(1, 1, 1), (2, 3, 4), (3, 5, 2), (16, 4, 3), (6, 6, 6)]

  @Test(arguments: sizes.indices, [(false, false), (true, false), (false, true), (true, true)])
  func matchesFiniteDifferences(size: Int, flags: (Bool, Bool)) {
    let (m, k, n) = Self.sizes[size]
    var rng = RandomGenerator(seed: UInt64(size))
    let a = randomTensor(flags.0 ? [k, m] : [m, k], using: &rng)
    let b = randomTensor(flags.1 ? [n, k] : [k, n], using: &rng)
    checkGradient(at: [a, b]) { matmul($0[0], $0[1], transposeA: flags.0, transposeB: flags.1) }
  }

  @Test func exactCase() {
    // d/dA sum(A·B) = 1·Bᵀ (row sums of B), d/dB = Aᵀ·1.
    let a = Tensor<Double>([[1, 2], [3, 4]])
    let b = Tensor<Double>([[5, 6], [7, 8]])
    let (v, g) = valueAndGradient(at: [a, b]) { sum(matmul($0[0], $0[1])) }
    #expect(v == 19 + 22 + 43 + 50)
    #expect(g[0].rows == [[11, 15], [11, 15]])
    #expect(g[1].rows == [[4, 4], [6, 6]])
  }
}
