import DSRDynamics
import DSRTensor
import DSRTestSupport
import Testing

/// The Hénon map x' = 1 − a x² + y, y' = b x.
struct Henon: DiscreteMap {
  let a = 1.4, b = 0.3
  var dimension: Int { 2 }
  func step(_ z: Tensor<Double>) -> Tensor<Double> { Tensor([1 - a * z[0] * z[0] + z[1], b * z[0]]) }
  func jacobian(at z: Tensor<Double>) -> Tensor<Double> { Tensor([[-2 * a * z[0], 1], [b, 0]]) }
}

/// A diagonal linear map z' = diag(d)·z.
struct Diagonal: DiscreteMap {
  let d: [Double]
  var dimension: Int { d.count }
  func step(_ z: Tensor<Double>) -> Tensor<Double> { Tensor(zip(d, z.scalars).map { $0 * $1 }) }
  func jacobian(at z: Tensor<Double>) -> Tensor<Double> { Tensor.diagonal(d) }
}

@Suite("Lyapunov spectrum (QR method)")
struct LyapunovSpectrumTests {
  @Test("a diagonal linear map has exponents log|d_i|")
  func diagonal() {
    let l = LyapunovSpectrum.compute(Diagonal(d: [2, -0.5, 0.1]), from: Tensor([1, 1, 1]), options: .init(steps: 50, transient: 0)).exponents
    expectClose(Tensor(l), Tensor([Double.log(2), Double.log(0.5), Double.log(0.1)]), atol: 1e-12)
  }

  @Test("Hénon: (0.42, −1.62) per iteration; the sum is ln b")
  func henon() {
    let l = LyapunovSpectrum.compute(Henon(), from: Tensor([0.1, 0.1]), options: .init(steps: 100_000, transient: 1000)).exponents
    expectClose(l[0], 0.419, atol: 0.01)
    expectClose(l[1], -1.623, atol: 0.01)
    expectClose(l[0] + l[1], Double.log(0.3), atol: 1e-9)
  }

  @Test("only the largest exponent when asked")
  func largest() {
    let l = LyapunovSpectrum.compute(Diagonal(d: [3, 0.2]), from: Tensor([1, 1]), options: .init(steps: 10, transient: 0, count: 1)).exponents
    #expect(l.count == 1)
    expectClose(l[0], Double.log(3), atol: 1e-12)
  }
}
