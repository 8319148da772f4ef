import DSRTensor
import DSRTestSupport
import Foundation
import Testing

/// numpy's answers, written by Tests/generate_fixtures.py.
struct LinalgFixture: Decodable {
  var A: [[Double]]
  var A_singular_values: [Double]
  var A_pinv: [[Double]]
  var S: [[Double]]
  var S_eigenvalues: [[Double]]
  var S_solve_rhs: [[Double]]
  var S_solve: [[Double]]
  var S_spectral_norm: Double
  var rank_deficient: [[Double]]
  var rank_deficient_pinv: [[Double]]
  var signal: [Double]
  var signal_rfft: [[Double]]
  var signal_odd: [Double]
  var signal_odd_rfft: [[Double]]

  static let shared: LinalgFixture = {
    let url = fixturesDirectory().appendingPathComponent("linalg.json")
    return try! JSONDecoder().decode(LinalgFixture.self, from: Data(contentsOf: url))
  }()
}

@Suite struct LinearAlgebraTests {
  let fx = LinalgFixture.shared

  @Test func inverseTimesMatrixIsIdentity() throws {
    let s = Tensor(fx.S)
    expectClose(try s.inverse().matmul(s), Tensor.identity(4), atol: 1e-12)
    let sf = s.converted(to: Float.self)
    expectClose(try sf.inverse().matmul(sf), Tensor.identity(4), atol: 1e-4)
  }

  @Test func solveMatchesNumpy() throws {
    expectClose(try Tensor(fx.S).solve(Tensor(fx.S_solve_rhs)), Tensor(fx.S_solve), atol: 1e-12, rtol: 1e-10)
    let x = try Tensor<Double>([[2, 0], [0, 4]]).solve(Tensor([2, 8]))
    #expect(x.scalars == [1, 2])
  }

  @Test func singularMatrixThrows() {
    #expect(throws: LinearAlgebraError.singular(routine: "gesv", pivot: 2)) {
      try Tensor<Double>([[1, 2], [2, 4]]).inverse()
    }
    #expect(throws: LinearAlgebraError.nonFinite(routine: "gesdd")) {
      try Tensor<Double>([[1, .nan], [2, 4]]).svd()
    }
  }

  @Test(arguments: [[5, 3], [3, 5], [4, 4], [1, 6]])
  func svdReconstructs(shape: [Int]) throws {
    var rng = RandomGenerator(seed: 7)
    let a = Tensor<Double>.normal(shape: shape, using: &rng)
    let (u, s, vt) = try a.svd()
    let k = min(shape[0], shape[1])
    #expect(u.shape == [shape[0], k] && s.shape == [k] && vt.shape == [k, shape[1]])
    expectClose((u * s.reshaped([1, k])).matmul(vt), a, atol: 1e-12)
    expectClose(u.matmul(u, transposeSelf: true), Tensor.identity(k), atol: 1e-12)
    #expect(zip(s.scalars, s.scalars.dropFirst()).allSatisfy { $0 >= $1 })
    expectClose(try a.singularValues(), s, atol: 1e-12)
  }

  @Test func singularValuesAndPinvMatchNumpy() throws {
    let a = Tensor(fx.A)
    expectClose(try a.singularValues(), Tensor(fx.A_singular_values), atol: 1e-12)
    expectClose(try a.pseudoInverse(), Tensor(fx.A_pinv), atol: 1e-12)
    expectClose(try Tensor(fx.S).spectralNorm(), fx.S_spectral_norm, atol: 1e-12)
  }

  @Test func pseudoInverseOfRankDeficientMatrix() throws {
    let a = Tensor(fx.rank_deficient)
    let p = try a.pseudoInverse()
    expectClose(p, Tensor(fx.rank_deficient_pinv), atol: 1e-12)
    // The four Moore–Penrose conditions.
    expectClose(a.matmul(p).matmul(a), a, atol: 1e-12)
    expectClose(p.matmul(a).matmul(p), p, atol: 1e-12)
    expectClose(a.matmul(p), a.matmul(p).transposed(), atol: 1e-12)
    expectClose(p.matmul(a), p.matmul(a).transposed(), atol: 1e-12)
    // Float with the reference tolerance ε_Float·min(m,n)·σ_max drops the rounding-level σ too.
    let pf = try a.converted(to: Float.self).pseudoInverse()
    expectClose(pf, p.converted(to: Float.self), atol: 1e-5)
    #expect(a.converted(to: Float.self).defaultPseudoInverseTolerance == Float.ulpOfOne * 3)
  }

  @Test func eigenvaluesOfRotationAreOnTheUnitCircle() throws {
    let theta = 0.3
    let r = Tensor<Double>([[cos(theta), -sin(theta)], [sin(theta), cos(theta)]])
    let ev = try r.eigenvalues().sorted { $0.imaginary < $1.imaginary }
    expectClose(ev[0].real, cos(theta), atol: 1e-14)
    expectClose(ev[0].imaginary, -sin(theta), atol: 1e-14)
    expectClose(ev[1].imaginary, sin(theta), atol: 1e-14)
    expectClose(ev[1].magnitude, 1, atol: 1e-14)
  }

  @Test func eigenvaluesMatchNumpy() throws {
    let ev = try Tensor(fx.S).eigenvalues().map { [$0.real, $0.imaginary] }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
    expectClose(Tensor(ev), Tensor(fx.S_eigenvalues), atol: 1e-12)
    let diag = try Tensor<Float>.diagonal([3, -1, 0.5]).eigenvalues().map(\.real).sorted()
    #expect(diag == [-1, 0.5, 3])
  }

  @Test(arguments: [[5, 3], [3, 5], [4, 4]])
  func qrReconstructs(shape: [Int]) throws {
    var rng = RandomGenerator(seed: 11)
    let a = Tensor<Double>.normal(shape: shape, using: &rng)
    let (q, r) = try a.qr()
    let k = min(shape[0], shape[1])
    expectClose(q.matmul(r), a, atol: 1e-12)
    expectClose(q.matmul(q, transposeSelf: true), Tensor.identity(k), atol: 1e-12)
    for i in 0..<k { for j in 0..<i { #expect(r[i, j] == 0) } }
  }
}

@Suite struct FFTTests {
  let fx = LinalgFixture.shared

  @Test(arguments: [false, true])
  func realFFTMatchesNumpy(odd: Bool) {
    let signal = odd ? fx.signal_odd : fx.signal
    let expected = odd ? fx.signal_odd_rfft : fx.signal_rfft
    let got = FFT.real(signal).map { [$0.real, $0.imaginary] }
    expectClose(Tensor(got), Tensor(expected), atol: 1e-10)
    let gotFloat = FFT.real(signal.map { Float($0) }).map { [Double($0.real), Double($0.imaginary)] }
    expectClose(Tensor(gotFloat), Tensor(expected), atol: 1e-4)
  }

  @Test func pureToneHasOnePeak() {
    let n = 64
    let x = (0..<n).map { cos(2 * Double.pi * 5 * Double($0) / Double(n)) }
    let p = FFT.powerSpectrum(x)
    #expect(p.count == 33)
    #expect(p.firstIndex(of: p.max()!) == 5)
    expectClose(p[5], Double(n) / 4, atol: 1e-10)
    expectClose(Tensor(p.enumerated().filter { $0.offset != 5 }.map(\.element)), Tensor(zeros: [32]), atol: 1e-10)
  }

  @Test("inverseReal undoes real for even and odd lengths (numpy.fft.irfft convention)", arguments: [64, 65])
  func inverseRoundTrip(n: Int) {
    var rng = RandomGenerator(seed: 11)
    let x: [Double] = (0..<n).map { _ in rng.normal() }
    let back = FFT.inverseReal(FFT.real(x), count: n)
    expectClose(Tensor(back), Tensor(x), atol: 1e-12)
    // A single cosine bin: X_3 = n/2 gives cos(2π·3t/n).
    var bins = [Complex<Double>](repeating: Complex(0), count: n / 2 + 1)
    bins[3] = Complex(Double(n) / 2)
    expectClose(Tensor(FFT.inverseReal(bins, count: n)), Tensor((0..<n).map { cos(2 * Double.pi * 3 * Double($0) / Double(n)) }), atol: 1e-12)
  }
}
