import DSRTensor
import DSRTestSupport
@testable import DSRTraining
import Testing

func smallNorm(_ j: Tensor<Double>) -> Double {
  j.scalars.withUnsafeBufferPointer { SmallSpectralNorm.spectralNorm($0.baseAddress!, dimension: j.shape[0]) }
}

/// A random orthogonal M × M matrix (Q of a Gram–Schmidt on a Gaussian matrix).
func randomOrthogonal(_ m: Int, using rng: inout RandomGenerator) -> Tensor<Double> {
  let a = Tensor<Double>.normal(shape: [m, m], using: &rng)
  var q = [[Double]]()
  for c in 0..<m {
    var v = (0..<m).map { a[$0, c] }
    for u in q {
      let dot = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
      v = zip(v, u).map { $0 - dot * $1 }
    }
    let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    q.append(v.map { $0 / n })
  }
  return Tensor(q).transposed()
}

/// The power iteration alone (nil when it does not certify and LAPACK would be used).
func certifiedPowerIteration(_ j: Tensor<Double>) -> Double? {
  let m = j.shape[0]
  var scratch = [Double](repeating: 0, count: 4 * m * m + 3 * m)
  return j.scalars.withUnsafeBufferPointer { jp in
    scratch.withUnsafeMutableBufferPointer { SmallSpectralNorm.powerIteration(jp.baseAddress!, m, scratch: $0.baseAddress!) }
  }
}

/// The Jacobi path alone (nil when it does not converge and LAPACK would be used).
func jacobiOnly(_ j: Tensor<Double>) -> Double? {
  let m = j.shape[0]
  let largest = j.scalars.map(abs).max()!
  if largest == 0 { return 0 }
  return j.scalars.withUnsafeBufferPointer { SmallSpectralNorm.jacobiTop($0.baseAddress!, m, largest: largest) }
}

@Suite("Small spectral norms against LAPACK")
struct SmallSpectralNormTests {
  @Test("random matrices, M = 1…9, 16, 32, 40 (1e-10 relative)", arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 32, 40])
  func random(m: Int) throws {
    var rng = RandomGenerator(seed: UInt64(m))
    for trial in 0..<200 {
      let scale = [1.0, 1e-3, 1e3, 1e-150, 1e150][trial % 5]
      let j = Tensor<Double>.normal(shape: [m, m], using: &rng) * scale
      expectClose(smallNorm(j), try j.spectralNorm(), rtol: 1e-10, "trial \(trial)")
      if (3...SmallSpectralNorm.jacobiDimension).contains(m) {
        let value = try #require(jacobiOnly(j), "Jacobi converges, trial \(trial)")
        expectClose(value, try j.spectralNorm(), rtol: 1e-12, "Jacobi, trial \(trial)")
      }
    }
  }

  @Test("Jacobian-like matrices diag(A) + small coupling, M = 3, 5, 8, 16", arguments: [3, 5, 8, 16])
  func nearDiagonal(m: Int) throws {
    var rng = RandomGenerator(seed: 77)
    var certified = 0
    for _ in 0..<200 {
      let a = Tensor<Double>.uniform(shape: [m], low: 0.5, high: 1, using: &rng)
      let j = Tensor.diagonal(a.scalars) + Tensor<Double>.normal(shape: [m, m], using: &rng) * 0.05
      expectClose(smallNorm(j), try j.spectralNorm(), rtol: 1e-10)
      if m <= SmallSpectralNorm.jacobiDimension { expectClose(try #require(jacobiOnly(j)), try j.spectralNorm(), rtol: 1e-12) }
      if let value = certifiedPowerIteration(j) {
        certified += 1
        expectClose(value, try j.spectralNorm(), rtol: 1e-10)
      }
    }
    // The LAPACK fallback is the exception, not the rule.
    #expect(certified >= 180, "\(certified) of 200 certified")
  }

  @Test("degenerate and ill-conditioned cases", arguments: [3, 4, 5, 8, 16])
  func degenerate(m: Int) throws {
    var rng = RandomGenerator(seed: 9)
    let q1 = randomOrthogonal(m, using: &rng), q2 = randomOrthogonal(m, using: &rng)
    func withSingularValues(_ s: [Double]) -> Tensor<Double> { q1.matmul(Tensor.diagonal(s)).matmul(q2) }
    var cases: [(String, Tensor<Double>)] = [
      ("zero", Tensor(zeros: [m, m])),
      ("identity", Tensor.identity(m)),
      ("diagonal with repeated top", Tensor.diagonal((0..<m).map { $0 < 2 ? -3 : 1 })),
      ("orthogonal", q1),
      ("repeated top singular value", withSingularValues((0..<m).map { $0 < 2 ? 2 : 0.5 })),
      ("nearly repeated top", withSingularValues((0..<m).map { $0 == 0 ? 1 : $0 == 1 ? 1 - 1e-9 : 0.3 })),
      ("all singular values equal but one", withSingularValues((0..<m).map { $0 == m - 1 ? 0.1 : 1 })),
      ("rank one", withSingularValues((0..<m).map { $0 == 0 ? 4 : 0 })),
      ("ill-conditioned", withSingularValues((0..<m).map { [1, 1e-3, 1e-6, 1e-9, 1e-12, 1e-15][min($0, 5)] * (1 + Double($0) * 1e-3) })),
      ("a single entry", { var t = Tensor<Double>(zeros: [m, m]); t[m - 1, 0] = -2; return t }()),
    ]
    // A block matrix whose largest diagonal of JᵀJ is not in the top block.
    var block = Tensor<Double>(zeros: [m, m])
    block[0, 0] = 1
    for r in 1..<3 { for c in 1..<3 { block[r, c] = r == c ? 0.8 : 0.75 } }
    cases.append(("block", block))
    for (name, j) in cases {
      expectClose(smallNorm(j), try j.spectralNorm(), atol: 1e-300, rtol: 1e-10, "\(name)")
      if let value = certifiedPowerIteration(j) { expectClose(value, try j.spectralNorm(), atol: 1e-300, rtol: 1e-10, "\(name), power iteration") }
      if m <= SmallSpectralNorm.jacobiDimension {
        // Jacobi converges on every case, repeated and clustered singular values included.
        let value = try #require(jacobiOnly(j), "\(name), Jacobi")
        expectClose(value, try j.spectralNorm(), atol: 1e-300, rtol: 1e-12, "\(name), Jacobi")
      }
    }
    // An exactly repeated top singular value cannot be certified: the fallback is taken.
    #expect(certifiedPowerIteration(withSingularValues((0..<m).map { $0 < 2 ? 2 : 0.5 })) == nil)
  }

  @Test("batched norms equal each matrix alone, bit for bit, whatever shares its group", arguments: [2, 3, 4, 5, 8, 9])
  func batchedEqualsAlone(m: Int) throws {
    var rng = RandomGenerator(seed: UInt64(100 + m))
    // A mix that puts matrices of very different difficulty (and some decided without Jacobi:
    // diagonal, non-finite, zero) into the same lane groups, at every offset.
    var matrices: [Tensor<Double>] = []
    for i in 0..<61 {
      switch i % 7 {
      case 0: matrices.append(Tensor.diagonal(Tensor<Double>.uniform(shape: [m], low: 0.5, high: 1, using: &rng).scalars))
      case 1: matrices.append(Tensor.identity(m) + Tensor<Double>.normal(shape: [m, m], using: &rng) * 1e-9)
      case 2: matrices.append(Tensor<Double>.normal(shape: [m, m], using: &rng) * [1e-150, 1e150, 1][i % 3])
      case 3: matrices.append(i == 3 ? Tensor(zeros: [m, m]) : Tensor.identity(m))
      case 4:
        var t = Tensor<Double>.normal(shape: [m, m], using: &rng)
        if i == 4 { t[0, m - 1] = .nan } else if i == 11 { t[m - 1, 0] = .infinity }
        matrices.append(t)
      default:
        let a = Tensor<Double>.uniform(shape: [m], low: 0.5, high: 1, using: &rng)
        matrices.append(Tensor.diagonal(a.scalars) + Tensor<Double>.normal(shape: [m, m], using: &rng) * 0.05)
      }
    }
    let alone = matrices.map(smallNorm)
    for offset in 0..<SmallSpectralNorm.jacobiLanes + 1 {
      let chosen = Array(matrices[offset...])
      let flat = chosen.flatMap(\.scalars)
      var out = [Double](repeating: -1, count: chosen.count)
      flat.withUnsafeBufferPointer { j in
        out.withUnsafeMutableBufferPointer { SmallSpectralNorm.spectralNorms(j.baseAddress!, count: chosen.count, dimension: m, into: $0.baseAddress!) }
      }
      for (i, value) in out.enumerated() {
        let expected = alone[offset + i]
        #expect(value.bitPattern == expected.bitPattern || (value.isNaN && expected.isNaN), "offset \(offset), matrix \(offset + i): \(value) vs \(expected)")
        if expected.isFinite { expectClose(value, try chosen[i].spectralNorm(), atol: 1e-300, rtol: 1e-10, "matrix \(offset + i) vs LAPACK") }
      }
    }
  }

  @Test("M = 2 closed form at the extremes, and non-finite entries")
  func closedFormAndNonFinite() throws {
    for j in [Tensor<Double>([[0, 0], [0, 0]]), Tensor([[1e300, 1e300], [1e300, -1e300]]), Tensor([[1e-300, 0], [3e-300, 0]]), Tensor([[1, 1], [1, 1]])] {
      expectClose(smallNorm(j), try j.spectralNorm(), rtol: 1e-12)
    }
    #expect(smallNorm(Tensor([[1, .nan, 0], [0, 1, 0], [0, 0, 1]])).isNaN)
    #expect(smallNorm(Tensor([[1, .infinity, 0], [0, 1, 0], [0, 0, 1]])) == .infinity)
    #expect(smallNorm(Tensor([[-.infinity, 0], [0, 1]])) == .infinity)
  }
}
