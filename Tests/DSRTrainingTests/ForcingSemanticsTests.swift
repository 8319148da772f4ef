@testable import DSRTraining
import DSRData
import DSRModels
import DSRTensor
import DSRTestSupport
import Testing

/// Forcing semantics on a one-unit linear model `z' = a·z` (AL-RNN with M = N = 1, P = 0, W = 0,
/// h = 0), Identity observations, one window x = (x₀, x₁, x₂, x₃), so every quantity is a
/// hand-computable polynomial in a.
@Suite("Forcing semantics against hand-computed cases")
struct ForcingSemanticsTests {
  let a = 0.8, x0 = 1.0, x1 = 0.5, x2 = -0.25, x3 = 2.0

  func trainer(_ forcing: Forcing) throws -> Trainer<Double> {
    let model = ALRNN<Double>(a: Tensor([a]), w: Tensor([[0.0]]), h: Tensor([0.0]), piecewiseLinearUnits: 0)
    let data = try Dataset(trajectories: [Tensor([[x0], [x1], [x2], [x3]])])
    var settings = TrainingSettings.trainerTest
    settings.sequenceLength = 3
    settings.batchSize = 1
    settings.forcing = forcing
    let obs = ObservationModel<Double>(kind: .identity, observedDimension: 1, latentDimension: 1, parameters: [])
    let t = try Trainer(model: model, observation: obs, inputWeights: nil, data: data, settings: settings, rng: RandomGenerator(seed: 1))
    var rng = RandomGenerator(seed: 2)
    try t.prepareBatch(noise: 0, using: &rng)
    return t
  }

  @Test("GTF: interpolate after every step, loss on the un-forced predictions")
  func gtf() throws {
    let alpha = 0.3
    let t = try trainer(.generalized(GTFSettings(alpha: alpha, method: .constant, decay: 0.999, updateInterval: 5)))
    let z1 = a * x0
    let f1 = (1 - alpha) * z1 + alpha * x1
    let z2 = a * f1
    let f2 = (1 - alpha) * z2 + alpha * x2
    let z3 = a * f2
    let expected = ((z1 - x1) * (z1 - x1) + (z2 - x2) * (z2 - x2) + (z3 - x3) * (z3 - x3)) / 3
    expectClose(t.forward(), expected, rtol: 1e-14)
    // ∂L/∂a by the chain rule through the interpolations.
    let dz1 = x0, df1 = (1 - alpha) * dz1, dz2 = f1 + a * df1, df2 = (1 - alpha) * dz2, dz3 = f2 + a * df2
    let dA = 2.0 / 3 * ((z1 - x1) * dz1 + (z2 - x2) * dz2 + (z3 - x3) * dz3)
    let grads = try t.backward()
    expectClose(grads[0][0], dA, rtol: 1e-12)
  }

  @Test("sparse TF with τ = 2: the state is replaced by the data at t = 2 only; no gradient through it")
  func sparse() throws {
    let t = try trainer(.sparse(interval: 2))
    let z1 = a * x0, z2 = a * z1, z3 = a * x2
    let expected = ((z1 - x1) * (z1 - x1) + (z2 - x2) * (z2 - x2) + (z3 - x3) * (z3 - x3)) / 3
    expectClose(t.forward(), expected, rtol: 1e-14)
    let dA = 2.0 / 3 * ((z1 - x1) * x0 + (z2 - x2) * 2 * a * x0 + (z3 - x3) * x2)
    expectClose(try t.backward()[0][0], dA, rtol: 1e-12)
  }

  @Test("α = 1 is classic teacher forcing: every step starts from the data")
  func teacherForcing() throws {
    let t = try trainer(.generalized(GTFSettings(alpha: 1, method: .constant, decay: 0.999, updateInterval: 5)))
    let expected = ((a * x0 - x1) * (a * x0 - x1) + (a * x1 - x2) * (a * x1 - x2) + (a * x2 - x3) * (a * x2 - x3)) / 3
    expectClose(t.forward(), expected, rtol: 1e-14)
  }

  @Test("windows never cross a trajectory boundary and cover every start")
  func windows() throws {
    // Two trajectories whose values encode (trajectory, row): 100·i + row.
    let a = Tensor<Double>(shape: [5, 1], scalars: (0..<5).map { Double($0) })
    let b = Tensor<Double>(shape: [3, 1], scalars: (0..<3).map { 100 + Double($0) })
    let sampler = try BatchSampler(data: try Dataset(trajectories: [a, b]), sequenceLength: 2)
    #expect(sampler.windowCount == 3 + 1)
    var rng = RandomGenerator(seed: 3)
    var starts = Set<Double>()
    var buffer = [Double](repeating: 0, count: 3 * 50)
    for _ in 0..<20 {
      buffer.withUnsafeMutableBufferPointer { sampler.sample(batchSize: 50, using: &rng, observations: $0.baseAddress!, inputs: nil) }
      for s in 0..<50 {
        let w = (0...2).map { buffer[$0 * 50 + s] }
        #expect(w[1] == w[0] + 1 && w[2] == w[0] + 2, "window \(w) crosses a boundary")
        starts.insert(w[0])
      }
    }
    #expect(starts == [0, 1, 2, 100], "every window, including the one ending on the last row")
  }

  @Test("too short data is refused naming sequence_length")
  func tooShort() throws {
    let data = try Dataset(trajectories: [Tensor<Double>(zeros: [5, 1])])
    #expect(throws: TrainingError.self) { try BatchSampler(data: data, sequenceLength: 5) }
  }
}
