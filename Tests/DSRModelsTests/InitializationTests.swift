import DSRModels
import DSRTensor
import DSRTestSupport
import Testing

@Suite struct InitializationTests {
  @Test func normalizedPositiveDefiniteHasSpectralRadiusOne() throws {
    var rng = RandomGenerator(seed: 3)
    let k: Tensor<Double> = Initialization.normalizedPositiveDefinite(8, using: &rng)
    expectClose(k, k.transposed(), atol: 1e-15)
    let eigen = try k.eigenvalues().map(\.real)
    expectClose(eigen.map(abs).max()!, 1, atol: 1e-12)
    #expect(eigen.allSatisfy { $0 > 0 })
  }

  @Test func plrnnStartsWithZeroDiagonalAndPositiveA() {
    var rng = RandomGenerator(seed: 5)
    let m = PLRNN<Float>(latentDimension: 6, using: &rng)
    #expect(m.w.diagonalElements == Array(repeating: 0, count: 6))
    #expect(m.a.scalars.allSatisfy { $0 > 0 && $0 <= 1 })
    #expect(m.h.scalars == Array(repeating: 0, count: 6))
  }

  @Test func shallowShapesCountsAndBounds() {
    var rng = RandomGenerator(seed: 6)
    let (mDim, l) = (3, 50)
    let shallow = ShallowPLRNN<Float>(latentDimension: mDim, hiddenDimension: l, clipped: false, using: &rng)
    let clipped = ShallowPLRNN<Float>(latentDimension: mDim, hiddenDimension: l, clipped: true, using: &rng)
    #expect(shallow.parameterCount == 2 * mDim + 2 * mDim * l + l, "2M + 2ML + L")
    #expect(shallow.h2.scalars.allSatisfy { $0 == 0 }, "shallow: h₂ = 0")
    let bound = 1 / Float(l).squareRoot()
    #expect(clipped.h2.abs().max() < bound && clipped.h2.abs().max() > 0, "clipped: h₂ ~ U(±1/√L)")
    #expect(clipped.w1.abs().max() < bound)
    #expect(clipped.w2.abs().max() < 1 / Float(mDim).squareRoot())
  }

  @Test func dendriticThresholdsFollowTheObservationModel() {
    var rng = RandomGenerator(seed: 7)
    let identity = DendriticPLRNN<Double>(latentDimension: 4, bases: 5, clipped: false, thresholdRange: (-2, 3), using: &rng)
    #expect(identity.thresholds.min() >= -2 && identity.thresholds.max() < 3)
    #expect(identity.alpha.abs().max() < 1 / 5.0.squareRoot())
    let affine = DendriticPLRNN<Double>(latentDimension: 40, bases: 5, clipped: true, using: &rng)
    // 200 draws of N(0, 1): mean within 5 standard errors (5/√200 ≈ 0.35), std near 1.
    expectClose(affine.thresholds.mean(), 0, atol: 0.35)
    expectClose((affine.thresholds - affine.thresholds.mean()).squared().mean().squareRoot(), 1, atol: 0.25)
  }

  @Test func alrnnInitialisation() {
    var rng = RandomGenerator(seed: 8)
    let m = ALRNN<Double>(latentDimension: 20, piecewiseLinearUnits: 2, using: &rng)
    #expect(m.a.scalars.allSatisfy { $0 > 0 && $0 <= 1 })
    #expect(m.w.abs().max() < 0.06, "W = 0.01·N(0, 1)")
    #expect(m.h.scalars.allSatisfy { $0 == 0 })
    #expect(m.parameterCount == 20 * 20 + 2 * 20)
  }

  @Test func sameSeedSameModel() {
    var r1 = RandomGenerator(seed: 11)
    var r2 = RandomGenerator(seed: 11)
    let a = ShallowPLRNN<Float>(latentDimension: 3, hiddenDimension: 10, clipped: true, using: &r1)
    let b = ShallowPLRNN<Float>(latentDimension: 3, hiddenDimension: 10, clipped: true, using: &r2)
    #expect(a.parameters == b.parameters)
  }
}

@Suite struct ClosedFormModelTests {
  @Test func alrnnWithoutPiecewiseUnitsIsLinear() {
    let a = Tensor<Double>([0.5, 0.9])
    let w = Tensor<Double>([[0, 0.1], [-0.2, 0]])
    let h = Tensor<Double>([1, -1])
    let m = ALRNN(a: a, w: w, h: h, piecewiseLinearUnits: 0)
    let z = Tensor<Double>([-2, 3])
    // a ⊙ z + W z + h = (−1 + 0.3 + 1, 2.7 + 0.4 − 1)
    expectClose(m.step(z), Tensor([0.3, 2.1]), atol: 1e-14)
    expectClose(m.jacobian(at: z), Tensor.diagonal([0.5, 0.9]) + w, atol: 1e-15)
  }

  @Test func clippedShallowHiddenLayerIsBoundedByH2() {
    // |relu(x + h₂) − relu(x)| ≤ |h₂| for every x, so ‖F(z) − A⊙z − h₁‖ ≤ ‖W₁‖·‖h₂‖ for any z.
    var rng = RandomGenerator(seed: 12)
    let m = ShallowPLRNN<Double>(latentDimension: 3, hiddenDimension: 8, clipped: true, using: &rng)
    let bound = (try! m.w1.spectralNorm()) * m.h2.frobeniusNorm()
    for scale in [1.0, 100.0, 1e6] {
      let z = Tensor<Double>.normal(shape: [3], standardDeviation: scale, using: &rng)
      let residual = m.step(z) - m.a * z - m.h1
      #expect(residual.frobeniusNorm() <= bound * (1 + 1e-12))
    }
  }

  @Test func plrnnHandComputedStep() {
    let m = PLRNN(a: Tensor<Double>([0.5, 0.5]), w: Tensor([[0, 1], [2, 0]]), h: Tensor([0.1, 0.2]))
    // z = (1, −1): relu = (1, 0); A⊙z = (0.5, −0.5); W·relu = (0, 2).
    expectClose(m.step(Tensor([1, -1])), Tensor([0.6, 1.7]), atol: 1e-15)
    #expect(m.jacobian(at: Tensor([1, -1])).rows == [[0.5, 0], [2, 0.5]])
    #expect(m.jacobian(at: Tensor([0, 0])).rows == [[0.5, 0], [0, 0.5]], "relu'(0) = 0")
  }
}
