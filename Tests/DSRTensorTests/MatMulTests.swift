import DSRTensor
import DSRTestSupport
import Testing

/// A triple loop, the independent answer for GEMM.
func naiveProduct(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
  a.map { row in (0..<b[0].count).map { j in zip(row, b.map { $0[j] }).reduce(0) { $0 + $1.0 * $1.1 } } }
}

func transposeRows(_ a: [[Double]]) -> [[Double]] { (0..<a[0].count).map { j in a.map { $0[j] } } }

@Suite struct MatMulTests {
  static let sizes: [(Int, Int, Int)] = [(1, 1, 1), (2, 3, 2), (3, 3, 3), (4, 4, 4), (16, 20, 20), (5, 1, 7), (7, 9, 3)]

  @Test(arguments: sizes.indices, [(false, false), (true, false), (false, true), (true, true)])
  func matchesTripleLoop(sizeIndex: Int, flags: (Bool, Bool)) {
    let (m, k, n) = Self.sizes[sizeIndex]
    var rng = RandomGenerator(seed: UInt64(sizeIndex))
    let a = Tensor<Double>.normal(shape: [m, k], using: &rng)
    let b = Tensor<Double>.normal(shape: [k, n], using: &rng)
    let expected = Tensor(naiveProduct(a.rows, b.rows))
    let aArg = flags.0 ? a.transposed() : a
    let bArg = flags.1 ? b.transposed() : b
    let c = aArg.matmul(bArg, transposeSelf: flags.0, transposeOther: flags.1)
    expectClose(c, expected, atol: 1e-12, rtol: 1e-12)
    let cf = aArg.converted(to: Float.self).matmul(bArg.converted(to: Float.self), transposeSelf: flags.0, transposeOther: flags.1)
    expectClose(cf, expected.converted(to: Float.self), atol: 1e-4, rtol: 1e-4)
  }

  @Test func rawGemmAccumulates() {
    let a = Tensor<Double>([[1, 2], [3, 4]])
    var c: [Double] = [1, 1, 1, 1]
    c.withUnsafeMutableBufferPointer { p in
      Tensor.gemm(a, false, a, false, m: 2, n: 2, k: 2, alpha: 2, beta: 1, into: p.baseAddress!)
    }
    #expect(c == [15, 21, 31, 45])
  }
}
