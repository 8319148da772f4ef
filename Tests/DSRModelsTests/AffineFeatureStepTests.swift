import DSRModels
import DSRTensor
import DSRTestSupport
import Testing

/// What every family supplies once, checked against itself: the switch description reproduces Φ,
/// the structural sizes and capabilities name the right families.
@Suite("One PLRNN-family core: what a family supplies")
struct AffineFeatureStepTests {
  /// Φ rebuilt from the switch description, `Φ_f = [f pass-through]·z_f + Σ_j κ_j·relu(g_jᵀz + c_j)`.
  func featuresFromSwitches(_ form: FeatureSwitches, _ z: [Double], featureCount: Int) -> [Double] {
    var phi = [Double](repeating: 0, count: featureCount)
    for i in form.passThroughUnits { phi[i] += z[i] }
    for s in form.switches {
      let argument = zip(s.normal, z).reduce(s.constant) { $0 + $1.0 * $1.1 }
      if argument > 0 { phi[s.feature] += s.coefficient * argument }
    }
    return phi
  }

  @Test("the switch description reproduces Φ at random states", arguments: ModelCase.allCases)
  func switchesReproduceFeatures(model: ModelCase) {
    let m = model.make()
    let form = m.featureSwitches()
    let featureCount = m.affineParameters.w.shape[1]
    #expect(form.switches.allSatisfy { $0.normal.count == m.dimension && (0..<featureCount).contains($0.feature) })
    var rng = RandomGenerator(seed: 7)
    for _ in 0..<20 {
      let z = Tensor<Double>.normal(shape: [m.dimension], using: &rng) * 1.5
      let phi = m.features(z.reshaped([m.dimension, 1]))
      expectClose(Tensor(featuresFromSwitches(form, z.scalars, featureCount: featureCount)), phi.reshaped([featureCount]), atol: 1e-12, rtol: 1e-12)
    }
  }

  @Test("the Jacobian is diag(A) + W·∂Φ/∂z with ∂Φ/∂z = diag(gate)·input", arguments: ModelCase.allCases)
  func jacobianFromFeatureDerivative(model: ModelCase) {
    let m = model.make()
    let (a, w, _) = m.affineParameters
    var rng = RandomGenerator(seed: 8)
    let z = Tensor<Double>.normal(shape: [m.dimension], using: &rng)
    let d = m.featureDerivative(at: z)
    let input = d.input ?? Tensor<Double>.identity(m.dimension)
    let expected = w.matmul(Tensor.diagonal(d.gate)).matmul(input) + Tensor.diagonal(a.scalars)
    expectClose(m.jacobian(at: z), expected, atol: 1e-14)
  }

  @Test("structural sizes and the Jacobian-norm capability")
  func sizesAndCapabilities() {
    var rng = RandomGenerator(seed: 1)
    let shallow = ShallowPLRNN<Double>(latentDimension: 3, hiddenDimension: 7, clipped: true, using: &rng)
    let dendritic = DendriticPLRNN<Double>(latentDimension: 3, bases: 4, clipped: false, using: &rng)
    let alrnn = ALRNN<Double>(latentDimension: 5, piecewiseLinearUnits: 2, using: &rng)
    let plrnn = PLRNN<Double>(latentDimension: 3, using: &rng)
    #expect(shallow.sizes == ModelSizes(hidden: 7))
    #expect(dendritic.sizes == ModelSizes(bases: 4))
    #expect(alrnn.sizes == ModelSizes(piecewiseLinearUnits: 2))
    #expect(plrnn.sizes == ModelSizes())
    let models: [any LatentModel<Double>] = [shallow, dendritic, alrnn, plrnn]
    #expect(models.map { $0 is any JacobianNormBounded<Double> } == [true, false, false, false])
  }
}
