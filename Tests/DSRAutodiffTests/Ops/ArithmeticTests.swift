import DSRAutodiff
import DSRTensor
import DSRTestSupport
import Testing

/// Shape pairs that exercise equal shapes and every broadcasting pattern the models use.
let broadcastPairs: [([Int], [Int])] = [
  ([3], [3]), ([2, 3], [2, 3]), ([4, 3], [4, 1]), ([4, 3], [3]), ([4, 3], []), ([1, 3], [4, 1]),
  ([2, 3, 4], [3, 4]), ([2, 3, 4], [2, 3, 4]),
]

@Suite struct ArithmeticGradientTests {
  @Test(arguments: broadcastPairs.indices)
  func binaryOpsMatchFiniteDifferences(pair: Int) {
    let (sa, sb) = broadcastPairs[pair]
    var rng = RandomGenerator(seed: UInt64(pair))
    let a = randomTensor(sa, using: &rng)
    let b = randomTensor(sb, using: &rng) + 2  // away from 0 for division
    checkGradient(at: [a, b]) { $0[0] + $0[1] }
    checkGradient(at: [a, b]) { $0[0] - $0[1] }
    checkGradient(at: [a, b]) { $0[0] * $0[1] }
    checkGradient(at: [a, b]) { $0[0] / $0[1] }
    checkGradient(at: [b, a]) { $0[1] - $0[0] * $0[0] }  // fan-out
  }

  @Test(arguments: [[5], [3, 4], [2, 3, 2]])
  func unaryAndScalarOpsMatchFiniteDifferences(shape: [Int]) {
    var rng = RandomGenerator(seed: 3)
    let x = randomTensor(shape, using: &rng)
    checkGradient(at: [x]) { -$0[0] }
    checkGradient(at: [x]) { $0[0] + 1.5 }
    checkGradient(at: [x]) { 1.5 + $0[0] }
    checkGradient(at: [x]) { $0[0] - 0.5 }
    checkGradient(at: [x]) { 0.5 - $0[0] }
    checkGradient(at: [x]) { $0[0] * 3 }
    checkGradient(at: [x]) { 3 * $0[0] }
    checkGradient(at: [x]) { $0[0] / 4 }
    checkGradient(at: [x]) { 2 / ($0[0] + 3) }
    checkGradient(at: [x]) { square($0[0]) }
    checkGradient(at: [x]) { sqrt($0[0] + 2) }
  }

  @Test func exactHandComputedCases() {
    // f(a, b) = sum(a * b + a), a = [1, 2], b = [3, 4]: ∂a = b + 1, ∂b = a.
    let (v, g) = valueAndGradient(at: [Tensor<Double>([1, 2]), Tensor([3, 4])]) { p in
      sum(p[0] * p[1] + p[0])
    }
    #expect(v == 14)
    #expect(g[0].scalars == [4, 5])
    #expect(g[1].scalars == [1, 2])
    // Broadcast: a (2×2) + column c (2×1): ∂c sums over columns.
    let (_, g2) = valueAndGradient(at: [Tensor<Double>([[1, 2], [3, 4]]), Tensor(shape: [2, 1], scalars: [0, 0])]) { p in
      sum((p[0] + p[1]) * p[0])
    }
    #expect(g2[1].scalars == [3, 7])
    // Unused input gets zeros.
    let (_, g3) = valueAndGradient(at: [Tensor<Double>([1, 2]), Tensor([5, 6, 7])]) { p in sum(square(p[0])) }
    #expect(g3[0].scalars == [2, 4])
    #expect(g3[1].scalars == [0, 0, 0])
  }
}
