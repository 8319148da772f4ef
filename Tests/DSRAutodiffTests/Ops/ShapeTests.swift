import DSRAutodiff
import DSRTensor
import DSRTestSupport
import Testing

@Suite struct ShapeGradientTests {
  @Test func shapeOpsMatchFiniteDifferences() {
    var rng = RandomGenerator(seed: 41)
    let m = randomTensor([4, 3], using: &rng)
    let block = randomTensor([2, 3], using: &rng)
    let v = randomTensor([4], using: &rng)
    checkGradient(at: [m]) { reshape($0[0], to: [3, 4]) }
    checkGradient(at: [m]) { transpose($0[0]) }
    checkGradient(at: [m]) { rows($0[0], 1..<3) }
    checkGradient(at: [m]) { slice($0[0], alongAxis: 1, 0..<2) }
    checkGradient(at: [m, block]) { replacingLeadingRows($0[0], with: $0[1]) }
    checkGradient(at: [block, m]) { concatenatingRows($0[0], $0[1]) }
    checkGradient(at: [v]) { broadcastColumn($0[0], columns: 5) }
    checkGradient(at: [v]) { broadcast(reshape($0[0], to: [1, 4]), to: [3, 4]) }
  }

  @Test func rowReplacementExact() {
    // Forcing semantics: the replaced rows get no gradient; the block gets g[0..<D].
    let tape = Tape<Double>()
    let z = tape.variable(Tensor([[1, 2], [3, 4], [5, 6]]))
    let f = tape.variable(Tensor([[9, 9]]))
    let y = replacingLeadingRows(z, with: f)
    #expect(y.value.rows == [[9, 9], [3, 4], [5, 6]])
    let g = tape.gradients(of: y, seed: Tensor([[1, 2], [3, 4], [5, 6]]), withRespectTo: [z, f])
    #expect(g[0].rows == [[0, 0], [3, 4], [5, 6]])
    #expect(g[1].rows == [[1, 2]])
  }
}
