import DSRAutodiff
import DSRModels
import DSRTensor
import DSRTestSupport
import Testing

/// Every latent model, built from one table so the case name and the model cannot diverge.
enum ModelCase: String, CaseIterable, CustomTestStringConvertible {
  case plrnn, mcPLRNN, dendPLRNN, clippedDendPLRNN, shallowPLRNN, clippedShallowPLRNN, narrowShallowPLRNN, alrnn, alrnnLinear, alrnnAllPWL

  var testDescription: String { rawValue }

  func make(seed: UInt64 = 1) -> any LatentModel<Double> {
    var rng = RandomGenerator(seed: seed)
    switch self {
    case .plrnn: return PLRNN(latentDimension: 4, using: &rng)
    case .mcPLRNN: return PLRNN(latentDimension: 4, meanCentered: true, using: &rng)
    case .dendPLRNN: return DendriticPLRNN(latentDimension: 4, bases: 3, clipped: false, using: &rng)
    case .clippedDendPLRNN: return DendriticPLRNN(latentDimension: 4, bases: 3, clipped: true, using: &rng)
    case .shallowPLRNN:
      var m = ShallowPLRNN<Double>(latentDimension: 3, hiddenDimension: 6, clipped: false, using: &rng)
      m.h2 = Tensor.uniform(shape: [6], low: -0.5, high: 0.5, using: &rng)  // exercise h₂ (init is 0)
      return m
    case .clippedShallowPLRNN: return ShallowPLRNN(latentDimension: 3, hiddenDimension: 6, clipped: true, using: &rng)
    // Fewer hidden than latent units (L < M): the Jacobian assembly once indexed out of bounds.
    case .narrowShallowPLRNN: return ShallowPLRNN(latentDimension: 4, hiddenDimension: 2, clipped: true, using: &rng)
    case .alrnn: return ALRNN(latentDimension: 5, piecewiseLinearUnits: 2, using: &rng)
    case .alrnnLinear: return ALRNN(latentDimension: 3, piecewiseLinearUnits: 0, using: &rng)
    case .alrnnAllPWL: return ALRNN(latentDimension: 3, piecewiseLinearUnits: 3, using: &rng)
    }
  }

  var referenceName: String {
    switch self {
    case .plrnn: return "PLRNN"
    case .alrnn, .alrnnLinear, .alrnnAllPWL: return "ALRNN"
    case .narrowShallowPLRNN: return "clippedShallowPLRNN"
    default: return rawValue
    }
  }
}

/// A state whose every piecewise-linear argument is at least 0.05 from its kink, so finite
/// differences with ε = 1e-6 stay inside one linear region.
func stateAwayFromKinks<M: LatentModel<Double>>(_ model: M, seed: UInt64) -> Tensor<Double> {
  var rng = RandomGenerator(seed: seed)
  for _ in 0..<1000 {
    let z = Tensor<Double>.uniform(shape: [model.dimension], low: -1.5, high: 1.5, using: &rng)
    let eps = 0.05
    var nearKink = false
    for i in 0..<model.dimension {
      for sign in [-1.0, 1.0] {
        var moved = z
        moved.scalars[i] += sign * eps
        // Away from kinks iff the Jacobian is the same a little way off in every direction.
        if (model.jacobian(at: moved) - model.jacobian(at: z)).abs().max() > 1e-12 { nearKink = true }
      }
    }
    if !nearKink { return z }
  }
  fatalError("no state away from kinks found")
}

func jacobianByFiniteDifferences<M: LatentModel<Double>>(_ model: M, at z: Tensor<Double>) -> Tensor<Double> {
  let m = model.dimension
  var j = Tensor<Double>(zeros: [m, m])
  let eps = 1e-6
  for c in 0..<m {
    var plus = z
    var minus = z
    plus.scalars[c] += eps
    minus.scalars[c] -= eps
    let column = (model.step(plus) - model.step(minus)) / (2 * eps)
    for r in 0..<m { j[r, c] = column[r] }
  }
  return j
}

@Suite struct LatentModelTests {
  @Test(arguments: ModelCase.allCases)
  func jacobianMatchesFiniteDifferences(model: ModelCase) {
    func check<M: LatentModel<Double>>(_ m: M) {
      #expect(m.referenceName == model.referenceName)
      for seed: UInt64 in 1...3 {
        let z = stateAwayFromKinks(m, seed: seed)
        expectClose(m.jacobian(at: z), jacobianByFiniteDifferences(m, at: z), atol: 1e-8, rtol: 1e-7)
      }
    }
    check(model.make())
  }

  @Test(arguments: ModelCase.allCases)
  func batchStepMatchesColumnSteps(model: ModelCase) {
    func check<M: LatentModel<Double>>(_ m: M) {
      var rng = RandomGenerator(seed: 9)
      let batch = Tensor<Double>.normal(shape: [m.dimension, 5], using: &rng)
      let stepped = m.step(batch)
      #expect(stepped.shape == batch.shape)
      let columns = batch.transposed()
      for s in 0..<5 {
        expectClose(m.step(columns.row(s)), stepped.transposed().row(s), atol: 1e-14)
      }
    }
    check(model.make())
  }

  /// The tape-composed step gives the same value as the plain step, and its gradients with
  /// respect to the state and every parameter match finite differences.
  @Test(arguments: ModelCase.allCases)
  func differentiableStepMatchesStepAndFiniteDifferences(model: ModelCase) {
    func check<M: LatentModel<Double>>(_ m: M) {
      var rng = RandomGenerator(seed: 4)
      let states = (0..<3).map { _ in stateAwayFromKinks(m, seed: rng.next() % 1000) }
      let batch = Tensor.concatenated(states.map { $0.reshaped([m.dimension, 1]) }, alongAxis: 1)
      let tape = Tape<Double>()
      let value = m.differentiableStep(tape.variable(batch), parameters: m.parameters.map { tape.variable($0) })
      expectClose(value.value, m.step(batch), atol: 1e-14)
      checkGradient(at: [batch] + m.parameters, atol: 1e-7, rtol: 1e-6) { p in
        m.differentiableStep(p[0], parameters: Array(p.dropFirst()))
      }
    }
    check(model.make())
  }

  /// One ReLU convention: at a state where a piecewise-linear argument is exactly 0, the analytic
  /// Jacobian equals the tape's Jacobian (both treat the unit as off, derivative 0).
  @Test(arguments: ModelCase.allCases)
  func analyticJacobianAndTapeAgreeAtTheKink(model: ModelCase) {
    func check<M: LatentModel<Double>>(_ m: M) {
      // Two kink states: the last unit exactly 0 (kink of relu(z) in the PLRNN, dendritic and AL
      // models), and z = 0, where also every W₂z of the shallow models is exactly 0.
      var lastUnitZero = Tensor<Double>(repeating: 0.3, shape: [m.dimension])
      lastUnitZero.scalars[m.dimension - 1] = 0
      for z in [lastUnitZero, Tensor(zeros: [m.dimension])] {
        var tapeJacobian = Tensor<Double>(zeros: [m.dimension, m.dimension])
        for r in 0..<m.dimension {
          let tape = Tape<Double>()
          let zv = tape.variable(z.reshaped([m.dimension, 1]))
          let out = m.differentiableStep(zv, parameters: m.parameters.map { tape.variable($0) })
          var seed = Tensor<Double>(zeros: [m.dimension, 1])
          seed.scalars[r] = 1
          let row = tape.gradients(of: out, seed: seed, withRespectTo: [zv])[0]
          for c in 0..<m.dimension { tapeJacobian[r, c] = row.scalars[c] }
        }
        expectClose(m.jacobian(at: z), tapeJacobian, atol: 1e-14, "at z = \(z.scalars)")
      }
    }
    check(model.make())
  }

  @Test(arguments: ModelCase.allCases)
  func parametersRoundTripThroughTheSetter(model: ModelCase) {
    func check<M: LatentModel<Double>>(_ m: M) {
      var copy = m
      let doubled = m.parameters.map { $0 * 2 }
      copy.parameters = doubled
      #expect(copy.parameters == doubled)
      #expect(M.parameterNames.count == m.parameters.count)
      #expect(m.parameterCount == m.parameters.reduce(0) { $0 + $1.count })
    }
    check(model.make())
  }
}
