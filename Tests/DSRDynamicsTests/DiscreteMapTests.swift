import DSRDynamics
import DSRTensor
import DSRTestSupport
import Testing

/// z' = diag(p)·z, the closed-form test map: z_t = p^t ⊙ z_0.
struct DiagonalMap: DiscreteMap {
  var p: [Double]
  var dimension: Int { p.count }
  func step(_ z: Tensor<Double>) -> Tensor<Double> {
    z.rank == 1 ? z * Tensor(p) : z * Tensor(shape: [p.count, 1], scalars: p)
  }
  func jacobian(at z: Tensor<Double>) -> Tensor<Double> { Tensor.diagonal(p) }
}

@Suite struct DiscreteMapTests {
  @Test func trajectoryOfADiagonalMap() {
    let map = DiagonalMap(p: [0.5, -2])
    let t = map.trajectory(from: Tensor([1, 1]), steps: 4)
    #expect(t.shape == [4, 2])
    #expect(t.rows == [[1, 1], [0.5, -2], [0.25, 4], [0.125, -8]])
    #expect(map.trajectory(from: Tensor([3, 4]), steps: 1).rows == [[3, 4]])
  }
}
