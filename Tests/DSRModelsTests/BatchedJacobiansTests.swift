import DSRModels
import DSRTensor
import DSRTestSupport
import Testing

/// `jacobians(atStates:count:into:workspace:)` of `model` at the rows of `states` (count × M).
func batchedJacobians<M: LatentModel>(_ model: M, _ states: Tensor<M.Scalar>, workspace: JacobianWorkspace = JacobianWorkspace()) -> [Double] {
  let (count, m) = (states.shape[0], model.dimension)
  var out = [Double](repeating: .nan, count: count * m * m)
  states.scalars.withUnsafeBufferPointer { z in
    out.withUnsafeMutableBufferPointer { model.jacobians(atStates: z.baseAddress!, count: count, into: $0.baseAddress!, workspace: workspace) }
  }
  return out
}

/// Matrix i of a batched-Jacobian buffer as a tensor.
func matrix(_ buffer: [Double], _ i: Int, _ m: Int) -> Tensor<Double> {
  Tensor(shape: [m, m], scalars: Array(buffer[(i * m * m)..<((i + 1) * m * m)]))
}

@Suite("Batched Jacobians equal the per-state Jacobians")
struct BatchedJacobiansTests {
  @Test("every model, random states (Double, 1e-12)", arguments: ModelCase.allCases)
  func matchesPerState(model: ModelCase) {
    func check<M: LatentModel<Double>>(_ m: M) {
      var rng = RandomGenerator(seed: 21)
      let states = Tensor<Double>.normal(shape: [37, m.dimension], using: &rng) * 1.5
      let workspace = JacobianWorkspace()
      // Twice with one workspace: reuse must not leak state between calls.
      for _ in 0..<2 {
        let fast = batchedJacobians(m, states, workspace: workspace)
        for i in 0..<37 {
          expectClose(matrix(fast, i, m.dimension), m.jacobian(at: states.row(i)), atol: 1e-12, rtol: 1e-12, "state \(i)")
        }
      }
      var generic = [Double](repeating: .nan, count: 37 * m.dimension * m.dimension)
      states.scalars.withUnsafeBufferPointer { z in
        generic.withUnsafeMutableBufferPointer { m.jacobiansByPerStateEvaluation(atStates: z.baseAddress!, count: 37, into: $0.baseAddress!) }
      }
      expectClose(Tensor(generic), Tensor(batchedJacobians(m, states)), atol: 1e-12, rtol: 1e-12)
    }
    check(model.make())
  }

  @Test("every model: batched Jacobians match central finite differences", arguments: ModelCase.allCases)
  func matchesFiniteDifferences(model: ModelCase) {
    func check<M: LatentModel<Double>>(_ m: M) {
      let states = (1...3).map { stateAwayFromKinks(m, seed: $0) }
      let fast = batchedJacobians(m, Tensor.concatenated(states.map { $0.reshaped([1, m.dimension]) }, alongAxis: 0))
      for (i, z) in states.enumerated() {
        expectClose(matrix(fast, i, m.dimension), jacobianByFiniteDifferences(m, at: z), atol: 1e-8, rtol: 1e-7)
      }
    }
    check(model.make())
  }

  /// The shallow kernel has a sparse (few active gates) and a dense (GEMM) path; force each. 150
  /// states span three chunks, L = 61 is not a multiple of the kernel's 4-wide blocks.
  @Test("shallow PLRNNs: sparse and dense gate paths, wide hidden layer", arguments: [true, false])
  func shallowPaths(clipped: Bool) {
    var rng = RandomGenerator(seed: 5)
    var model = ShallowPLRNN<Double>(latentDimension: 5, hiddenDimension: 61, clipped: clipped, using: &rng)
    let states = Tensor<Double>.normal(shape: [150, 5], using: &rng)
    // Dense: h₂ far from 0 (clipped: d = 1[W₂z ≤ 0]); sparse: h₂ tiny (clipped) or very negative.
    for bias in [10.0, clipped ? 1e-3 : -10, 0] {
      model.h2 = Tensor(repeating: bias, shape: [61]) + Tensor.uniform(shape: [61], low: -0.2, high: 0.2, using: &rng) * (bias == 0 ? 1 : 0)
      let fast = batchedJacobians(model, states)
      for i in 0..<150 { expectClose(matrix(fast, i, 5), model.jacobian(at: states.row(i)), atol: 1e-12, rtol: 1e-12, "h₂ ≈ \(bias)") }
    }
  }

  /// The gate pass is specialised for M ≤ 8 (two 4-unit blocks per step and a 4-unit tail) with
  /// a generic path above; cover both, with and without the tail, both gate paths.
  @Test("shallow PLRNNs: every latent-dimension path and hidden widths with a 4-unit tail", arguments: [(1, 3), (2, 10), (3, 59), (5, 250), (8, 13), (9, 13), (10, 64)])
  func shallowDimensions(m: Int, l: Int) {
    var rng = RandomGenerator(seed: UInt64(10 * m + l))
    for clipped in [true, false] {
      let model = ShallowPLRNN<Double>(latentDimension: m, hiddenDimension: l, clipped: clipped, using: &rng)
      let states = Tensor<Double>.normal(shape: [70, m], using: &rng)
      let fast = batchedJacobians(model, states)
      for i in 0..<70 { expectClose(matrix(fast, i, m), model.jacobian(at: states.row(i)), atol: 1e-12, rtol: 1e-12, "clipped \(clipped), state \(i)") }
    }
  }

  @Test("strict > 0 convention at the kinks (as jacobian(at:))", arguments: ModelCase.allCases)
  func kinks(model: ModelCase) {
    func check<M: LatentModel<Double>>(_ m: M) {
      var kink = Tensor<Double>(repeating: 0.3, shape: [1, m.dimension])
      kink.scalars[m.dimension - 1] = 0
      let states = Tensor.concatenated([kink, Tensor(zeros: [1, m.dimension])], alongAxis: 0)
      let fast = batchedJacobians(m, states)
      for i in 0..<2 { expectClose(matrix(fast, i, m.dimension), m.jacobian(at: states.row(i)), atol: 1e-14, rtol: 1e-14) }
    }
    check(model.make())
  }

  @Test("a Float model: Double batched Jacobians agree with the Float per-state ones")
  func floatModel() {
    var rng = RandomGenerator(seed: 3)
    let model = ShallowPLRNN<Float>(latentDimension: 3, hiddenDimension: 40, clipped: true, using: &rng)
    let states = Tensor<Float>.normal(shape: [20, 3], using: &rng)
    let fast = batchedJacobians(model, states)
    for i in 0..<20 {
      expectClose(matrix(fast, i, 3).converted(to: Float.self), model.jacobian(at: states.row(i)), atol: 1e-5, rtol: 1e-5)
    }
  }
}
