import DSRAutodiff
import DSRTensor
import DSRTestSupport
import Testing

@Suite struct ForcingGradientTests {
  @Test(arguments: [[3, 4], [1, 16], [5, 2]])
  func interpolationMatchesFiniteDifferences(shape: [Int]) {
    var rng = RandomGenerator(seed: 51)
    let z = randomTensor(shape, using: &rng)
    let zHat = randomTensor(shape, using: &rng)
    checkGradient(at: [z, zHat, Tensor(0.3)]) { interpolate($0[0], $0[1], alpha: $0[2]) }
    checkGradient(at: [z, zHat, Tensor([0.9])]) { interpolate($0[0], $0[1], alpha: $0[2]) }
  }

  @Test func interpolationExact() {
    // (1−α)z + αẑ with α = 0.25: ∂z = 0.75·g, ∂ẑ = 0.25·g, ∂α = Σ(ẑ − z)·g.
    let tape = Tape<Double>()
    let z = tape.variable(Tensor([1, 2]))
    let zHat = tape.variable(Tensor([5, 2]))
    let alpha = tape.variable(Tensor(0.25))
    let y = interpolate(z, zHat, alpha: alpha)
    #expect(y.value.scalars == [2, 2])
    let g = tape.gradients(of: y, seed: Tensor([1, 10]), withRespectTo: [z, zHat, alpha])
    #expect(g[0].scalars == [0.75, 7.5])
    #expect(g[1].scalars == [0.25, 2.5])
    #expect(g[2].scalar == 4)
  }
}
