@testable import DSRTraining
import DSRData
import DSRModels
import DSRTensor
import DSRTestSupport
import Testing

@Suite("Trainer.batchObserver")
struct BatchObservationTests {
  func trainer() throws -> Trainer<Double> {
    var r = RandomGenerator(seed: 11)
    let model = ShallowPLRNN<Double>(latentDimension: 3, hiddenDimension: 5, clipped: true, using: &r)
    return try makeTrainer(model: model, observation: .affine, observed: 3, forcing: .generalized(GTFSettings(alpha: 0, method: .constant, decay: 0.999, updateInterval: 5)))
  }

  @Test("reports the batch's windows, the parameters it was evaluated at, its losses and the gradient the optimiser applies")
  func reportsWhatTheUpdateUses() throws {
    let trainer = try trainer()
    var seen: [BatchObservation<Double>] = []
    trainer.batchObserver = { seen.append($0) }
    let before = trainer.parameters
    let loss = try trainer.trainBatch(indexInEpoch: 1)
    try #require(seen.count == 1)
    let o = seen[0]
    #expect(o.step == 1 && o.indexInEpoch == 1 && o.alpha == 0 && o.loss == loss)
    #expect(o.names == ["A", "W1", "W2", "h1", "h2", "B"])
    #expect(o.windows.count == 3, "batch size 3")
    // The windows are the rows the batch holds (time-major S × N slices, T̃ = 6).
    let x = trainer.sampler.data.trajectories[0]
    for (p, w) in o.windows.enumerated() {
      #expect(w.trajectory == 0 && w.start >= 0 && w.start + 6 < x.shape[0])
      for t in 0...6 { for j in 0..<3 { #expect(trainer.observations[(t * 3 + p) * 3 + j] == x[w.start + t, j]) } }
    }
    // The parameters are those before the update; RAdam's first step is θ − η·g exactly up to rounding.
    for i in before.indices {
      expectClose(o.parameters[i], before[i])
      expectClose(trainer.parameters[i], before[i] - o.gradients[i] * o.learningRate, atol: 1e-15, rtol: 1e-12)
    }
    // The gradient is that of the reported windows at the reported parameters: recompute L_tr's.
    trainer.parameters = o.parameters
    try trainer.loadParameters()
    _ = trainer.forward()
    let again = try trainer.backward()
    var withRegularization = again
    _ = trainer.addRegularization(into: &withRegularization)
    for i in before.indices { expectClose(o.gradients[i], withRegularization[i], atol: 1e-14, rtol: 1e-12) }
  }

  @Test("counts steps across batches, and monitoring batches are not reported")
  func stepsAndMonitoring() throws {
    let trainer = try trainer()
    var steps: [Int] = []
    trainer.batchObserver = { steps.append($0.step) }
    for b in 1...3 { _ = try trainer.trainBatch(indexInEpoch: b) }
    var g = RandomGenerator(seed: 3)
    _ = try trainer.evaluateBatch(using: &g)
    #expect(steps == [1, 2, 3])
  }

  @Test("the sampler returns the windows it copied")
  func samplerReturnsWindows() throws {
    var rng = RandomGenerator(seed: 2)
    let a = Tensor<Double>.normal(shape: [12, 2], using: &rng), b = Tensor<Double>.normal(shape: [30, 2], using: &rng)
    let sampler = try BatchSampler(data: try Dataset(trajectories: [a, b]), sequenceLength: 4)
    var buffer = [Double](repeating: 0, count: 5 * 20 * 2)
    let windows = buffer.withUnsafeMutableBufferPointer { sampler.sample(batchSize: 20, using: &rng, observations: $0.baseAddress!, inputs: nil) }
    #expect(windows.count == 20 && Set(windows.map(\.trajectory)) == [0, 1])
    for (p, w) in windows.enumerated() {
      let x = [a, b][w.trajectory]
      #expect(w.start + 4 < x.shape[0])
      for t in 0...4 { for j in 0..<2 { #expect(buffer[(t * 20 + p) * 2 + j] == x[w.start + t, j]) } }
    }
  }
}
