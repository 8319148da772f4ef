import DSRModels
import DSRTensor
import DSRTestSupport
import DSRTraining
import Testing

/// Central differences of a scalar function of one parameter list.
func numericGradient(_ params: [Tensor<Double>], eps: Double = 1e-6, _ f: ([Tensor<Double>]) -> Double) -> [Tensor<Double>] {
  params.indices.map { i in
    var g = Tensor<Double>(zeros: params[i].shape)
    for j in 0..<params[i].count {
      var plus = params, minus = params
      plus[i].scalars[j] += eps
      minus[i].scalars[j] -= eps
      g.scalars[j] = (f(plus) - f(minus)) / (2 * eps)
    }
    return g
  }
}

@Suite("Regularisers: values and gradients")
struct RegularizationTests {
  @Test("latent L2 (A pulled to 1) for every model family, against finite differences")
  func latent() {
    var r = RandomGenerator(seed: 1)
    let models: [any LatentModel<Double>] = [
      ShallowPLRNN<Double>(latentDimension: 3, hiddenDimension: 4, clipped: true, using: &r),
      PLRNN<Double>(latentDimension: 3, using: &r),
      DendriticPLRNN<Double>(latentDimension: 3, bases: 2, clipped: false, using: &r),
      { var m = ALRNN<Double>(latentDimension: 3, piecewiseLinearUnits: 1, using: &r); m.a = Tensor([0.9, 0.2, 0.7]); return m }(),
    ]
    for model in models {
      func value(_ p: [Tensor<Double>]) -> Double { var m = model; m.parameters = p; return m.latentRegularization(0.3).value }
      expectClose2(model.latentRegularization(0.3).gradients, numericGradient(model.parameters, value), model.referenceName)
    }
    // Closed form: A = 1 and every other array zero gives 0.
    var m = PLRNN<Double>(latentDimension: 2, using: &r)
    m.parameters = [Tensor([1, 1]), Tensor(zeros: [2, 2]), Tensor(zeros: [2])]
    #expect(m.latentRegularization(1).value == 0)
  }

  @Test("MAR on the last ⌊κM⌋ units (the working version of the reference's broken term)")
  func mar() {
    var r = RandomGenerator(seed: 2)
    let model = ShallowPLRNN<Double>(latentDimension: 4, hiddenDimension: 3, clipped: true, using: &r)
    func value(_ p: [Tensor<Double>]) -> Double {
      var m = model; m.parameters = p
      return Regularization.manifoldAttractor(m, ratio: 0.5, lambda: 0.7).value
    }
    expectClose2(Regularization.manifoldAttractor(model, ratio: 0.5, lambda: 0.7).gradients, numericGradient(model.parameters, value), "MAR")
    // Closed form on the last 2 units: λ(‖1 − A_r‖ + ‖W₁_r‖ + ‖h₁_r‖).
    let a = model.a.scalars, w = model.w1, h = model.h1.scalars
    let expected = 0.7 * (((1 - a[2]) * (1 - a[2]) + (1 - a[3]) * (1 - a[3])).squareRoot()
      + w.rows(2..<4).frobeniusNorm() + (h[2] * h[2] + h[3] * h[3]).squareRoot())
    expectClose(value(model.parameters), expected, rtol: 1e-14)
  }

  @Test("observation: condition-number penalty for Affine (through the SVD), ‖L‖² for Identity")
  func observation() {
    var r = RandomGenerator(seed: 3)
    let affine = ObservationModel<Double>(kind: .affine, observedDimension: 4, latentDimension: 3, using: &r)
    func value(_ p: [Tensor<Double>]) -> Double {
      Regularization.observation(ObservationModel(kind: .affine, observedDimension: 4, latentDimension: 3, parameters: p), lambda: 0.2).value
    }
    let (v, g) = Regularization.observation(affine, lambda: 0.2)
    let cond = try! affine.conditionNumber()
    expectClose(v, 0.2 * (1 - cond) * (1 - cond), rtol: 1e-6)
    expectClose2(g, numericGradient(affine.parameters, value), "cond(B)")
    let identity = ObservationModel<Double>(kind: .identity, observedDimension: 2, latentDimension: 4, using: &r)
    let l = identity.parameters[0]
    let (vi, gi) = Regularization.observation(identity, lambda: 0.5)
    expectClose(vi, 0.5 * (l * l).sum(), rtol: 1e-14)
    expectClose(gi[0], l * 1.0, rtol: 1e-14)
  }
}

func expectClose2(_ a: [Tensor<Double>], _ b: [Tensor<Double>], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
  for (i, (x, y)) in zip(a, b).enumerated() { expectClose(x, y, atol: 1e-7, rtol: 1e-5, "\(what) array \(i)", sourceLocation: sourceLocation) }
}
