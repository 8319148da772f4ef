import CKernels
import DSRTensor
import Testing

@testable import DSRModels

/// The C kernels of the shallow models (compiled for several x86-64 levels, chosen by the CPU)
/// against the plain Swift loops they replaced: the same operations in the same order, so equal
/// bit for bit, including NaN, ±0 and widths that leave a vector remainder.
@Suite("Shallow C kernels equal the Swift loops bit for bit")
struct ShallowKernelsTests {
  /// Pre-activations with the awkward values: exact zeros of both signs, values at −bias, NaN.
  func inputs<S: BLASScalar>(_: S.Type, rows: Int, width: Int, seed: UInt64) -> (pre: [S], bias: [S], dPhi: [S]) {
    var rng = RandomGenerator(seed: seed)
    var pre = Tensor<S>.normal(shape: [rows * width], using: &rng).scalars
    let bias = Tensor<S>.normal(shape: [width], using: &rng).scalars
    let dPhi = Tensor<S>.normal(shape: [rows * width], using: &rng).scalars
    for i in stride(from: 0, to: pre.count, by: 7) { pre[i] = 0 }
    for i in stride(from: 3, to: pre.count, by: 11) { pre[i] = -0.0 }
    for i in stride(from: 5, to: pre.count, by: 13) { pre[i] = -bias[i % width] }
    pre[pre.count / 2] = .nan
    return (pre, bias, dPhi)
  }

  /// Sign, exponent and significand bits of each value (NaN payloads included).
  func bits<S: BLASScalar>(_ x: [S]) -> [String] { x.map { "\($0.sign) \($0.exponentBitPattern) \($0.significandBitPattern)" } }

  @Test("forward and backward, Float and Double, clipped or not", arguments: [(1, 1), (16, 100), (3, 17), (16, 250), (2, 33)])
  func featuresMatch(rows: Int, width: Int) {
    func check<S: BLASScalar>(_ type: S.Type) {
      let (pre, bias, dPhi) = inputs(type, rows: rows, width: width, seed: UInt64(rows * 1000 + width))
      for clip: S in [0, 1] {
        var expected = [S](repeating: 0, count: rows * width), actual = expected
        for r in 0..<rows {
          for i in 0..<width {
            let x = pre[r * width + i]
            expected[r * width + i] = Swift.max(x + bias[i], 0) - clip * Swift.max(x, 0)
          }
        }
        ShallowKernels.forward(pre: pre, bias: bias, rows: rows, width: width, clip: clip, into: &actual)
        #expect(bits(actual) == bits(expected), "forward \(S.self) clip \(clip)")

        let expectedFeatures = expected
        var features = [S](repeating: .nan, count: rows * width)
        var expectedBias = [S](repeating: 0.5, count: width), actualBias = expectedBias
        for r in 0..<rows {
          for i in 0..<width {
            let x = pre[r * width + i], d = dPhi[r * width + i]
            let on: S = x + bias[i] > 0 ? 1 : 0
            let positive: S = x > 0 ? clip : 0
            expectedBias[i] += d * on
            expected[r * width + i] = d * (on - positive)
          }
        }
        ShallowKernels.backward(
          pre: pre, bias: bias, featureGradient: dPhi, rows: rows, width: width, clip: clip, biasGradient: &actualBias,
          into: &actual, features: &features)
        #expect(bits(actual) == bits(expected), "backward \(S.self) clip \(clip)")
        #expect(bits(actualBias) == bits(expectedBias), "bias gradient \(S.self) clip \(clip)")
        #expect(bits(features) == bits(expectedFeatures), "features again in the backward, \(S.self) clip \(clip)")
      }
    }
    check(Float.self)
    check(Double.self)
  }

  /// Equal bits where neither is NaN, NaN where the other is NaN.
  func sameBits(_ a: [Float], _ b: [Float]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.isNaN ? $1.isNaN : $0.bitPattern == $1.bitPattern }
  }

  @Test(
    "fused Φ kernels (products in registers) equal cblas_sgemm followed by the element-wise kernels",
    arguments: [(16, 16, 512, 512), (16, 5, 250, 256), (16, 3, 100, 128), (13, 7, 33, 48), (8, 1, 16, 16), (3, 20, 40, 64)])
  func fusedMatchesUnfused(rows: Int, m: Int, l: Int, ld: Int) {
    var rng = RandomGenerator(seed: UInt64(rows * 7 + m * 131 + l))
    var z = Tensor<Float>.normal(shape: [rows, m], using: &rng).scalars
    let g = Tensor<Float>.normal(shape: [rows, m], using: &rng).scalars
    let w2t = Tensor<Float>.normal(shape: [m, l], using: &rng).scalars
    let w1 = Tensor<Float>.normal(shape: [m, l], using: &rng).scalars
    var bias = [Float](repeating: 0, count: ld)
    for i in 0..<l { bias[i] = Float.random(in: -1...1, using: &rng) }
    bias[l / 2] = 0
    for j in 0..<m { z[j] = 0 }  // row 0: pre-activations exactly zero
    if rows > 2 { z[2 * m] = .nan }  // row 2: NaN throughout
    let tight = BLASThreads.coreName == "SkylakeX"
    func product(_ a: [Float], _ b: [Float]) -> [Float] {
      var c = [Float](repeating: 0, count: rows * ld)
      Tensor<Float>.gemm(transA: false, transB: false, m: rows, n: l, k: m, alpha: 1, a: a, lda: m, b: b, ldb: l, beta: 0, c: &c, ldc: ld)
      return c
    }
    func agree(_ a: [Float], _ b: [Float], _ what: String) {
      if tight {
        #expect(sameBits(a, b), "\(what): the same bits (rows \(rows), M \(m), L \(l))")
      } else {
        #expect(zip(a, b).allSatisfy { $0.isNaN ? $1.isNaN : abs($0 - $1) <= 1e-4 * (1 + abs($1)) }, "\(what) within rounding")
      }
    }
    for clip: Float in [0, 1] {
      let pre = product(z, w2t), dPhi = product(g, w1)
      var expected = [Float](repeating: 0, count: rows * ld)
      ShallowKernels.forward(pre: pre, bias: bias, rows: rows, width: ld, clip: clip, into: &expected)
      var actual = [Float](repeating: 0, count: rows * ld)
      guard
        ShallowKernels.fusedForward(
          state: z, dimension: m, w2Transposed: w2t, hidden: l, bias: bias, rows: rows, width: ld, clip: clip, into: &actual)
      else {
        #expect(actual.allSatisfy { $0 == 0 }, "declined: nothing written")
        return
      }
      agree(actual, expected, "forward, clip \(clip)")
      var padded = [Float](repeating: 7, count: rows * ld)
      _ = ShallowKernels.fusedForward(
        state: z, dimension: m, w2Transposed: w2t, hidden: l, bias: bias, rows: rows, width: ld, clip: clip, into: &padded)
      #expect((0..<rows).allSatisfy { r in (l..<ld).allSatisfy { padded[r * ld + $0] == 7 } }, "padding columns untouched")

      var expectedBias = [Float](repeating: 0.25, count: ld), actualBias = expectedBias
      var expectedPre = [Float](repeating: 0, count: rows * ld), actualPre = expectedPre
      var expectedPhi = expectedPre, actualPhi = actualPre
      ShallowKernels.backward(
        pre: pre, bias: bias, featureGradient: dPhi, rows: rows, width: ld, clip: clip, biasGradient: &expectedBias,
        into: &expectedPre, features: &expectedPhi)
      let done = ShallowKernels.fusedBackward(
        state: z, outputGradient: g, dimension: m, w2Transposed: w2t, w1: w1, hidden: l, bias: bias, rows: rows, width: ld,
        clip: clip, biasGradient: &actualBias, into: &actualPre, features: &actualPhi)
      #expect(done)
      agree(actualPre, expectedPre, "dPre, clip \(clip)")
      agree(actualBias, expectedBias, "∂h₂, clip \(clip)")
      agree(actualPhi, expectedPhi, "Φ again in the backward, clip \(clip)")
    }
  }

  @Test("gate lists: the dispatched kernel (AVX-512 where present) equals the portable one", arguments: [false, true])
  func activeUnits(clipped: Bool) {
    let (rows, width) = (37, 64)
    var (pre, threshold, _) = inputs(Double.self, rows: rows, width: width, seed: 9)
    pre[17] = threshold[17]  // u = threshold exactly: not above
    func lists(_ kernel: (UnsafePointer<Double>, UnsafePointer<Double>, Int, Int, Int32, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Int32>) -> Int) -> (Int, [Int32], [Double], [Int32]) {
      var units = [Int32](repeating: -1, count: rows * width), values = [Double](repeating: .nan, count: rows * width)
      var counts = [Int32](repeating: -1, count: rows)
      let total = kernel(pre, threshold, rows, width, clipped ? 1 : 0, &units, &values, &counts)
      // Only the first counts[r] entries of each row are defined.
      var usedUnits: [Int32] = [], usedValues: [Double] = []
      for r in 0..<rows {
        usedUnits += units[(r * width)..<(r * width + Int(counts[r]))]
        usedValues += values[(r * width)..<(r * width + Int(counts[r]))]
      }
      return (total, usedUnits, usedValues, counts)
    }
    let fast = lists { dsr_shallow_active_units_f64($0, $1, $2, $3, $4, $5, $6, $7) }
    let portable = lists { dsr_shallow_active_units_portable_f64($0, $1, $2, $3, $4, $5, $6, $7) }
    #expect(fast.0 == portable.0 && fast.1 == portable.1 && fast.2 == portable.2 && fast.3 == portable.3)
    // And the definition, unit by unit.
    var expected: [(Int32, Double)] = []
    for r in 0..<rows {
      for k in 0..<width {
        let u = pre[r * width + k]
        let above = u > threshold[k], positive = clipped && u > 0
        if above != positive { expected.append((Int32(k), above ? 1 : -1)) }
      }
    }
    #expect(fast.1 == expected.map(\.0) && fast.2 == expected.map(\.1) && fast.0 == expected.count)
  }
}
