import DSRTensor
import DSRTestSupport
import DSRTraining
import Testing

@Suite("Optimisers and learning-rate schedule")
struct OptimizerTests {
  /// Six steps on one scalar with gradients 0.5, −0.2, 0.3, 0.1, 0.4, −0.6 and η = 0.01; the
  /// expected values are computed by hand with the formulas of gtf-shplrnn.md §2.8 (a separate
  /// Python evaluation): steps 1–4 are un-rectified momentum steps, rectification starts at 5.
  @Test("RAdam matches hand-computed steps (momentum steps 1–4, rectified from 5)")
  func radam() {
    var optimizer = Optimizer<Double>(kind: .radam, shapes: [[1]])
    var theta = [Tensor<Double>([1.0])]
    let expected = [0.995, 0.9936842105263158, 0.9917469411536222, 0.990082213034983, 0.989965533013241, 0.9899338824928584]
    for (g, want) in zip([0.5, -0.2, 0.3, 0.1, 0.4, -0.6], expected) {
      optimizer.update(&theta, gradients: [Tensor([g])], learningRate: 0.01)
      expectClose(theta[0][0], want, atol: 1e-14)
    }
    #expect(optimizer.step == 6)
  }

  @Test("Adam matches a hand-computed run")
  func adam() {
    var optimizer = Optimizer<Double>(kind: .adam, shapes: [[1]])
    var theta = [Tensor<Double>([1.0])]
    for g in [0.5, -0.2, 0.3, 0.1, 0.4, -0.6] { optimizer.update(&theta, gradients: [Tensor([g])], learningRate: 0.01) }
    expectClose(theta[0][0], 0.9678000601783625, atol: 1e-14)
  }

  @Test("per-array clipping rescales each gradient to norm c separately")
  func clipping() {
    var optimizer = Optimizer<Double>(kind: .radam, shapes: [[2], [1]], clippingNorm: 1)
    var theta = [Tensor<Double>([0, 0]), Tensor<Double>([0])]
    // Step 1 of RAdam moves by η·g exactly, so the move is the clipped gradient.
    optimizer.update(&theta, gradients: [Tensor([3, 4]), Tensor([0.5])], learningRate: 1)
    expectClose(theta[0], Tensor([-0.6, -0.8]), atol: 1e-15)
    expectClose(theta[1], Tensor([-0.5]), atol: 1e-15)
  }

  @Test("the schedule decays once per epoch, on the epoch's last batch, reaching end_lr after E epochs")
  func schedule() {
    let s = LearningRateSchedule(start: 1e-3, end: 1e-6, epochs: 5000, batchesPerEpoch: 50)
    expectClose(s.gamma, 0.9986194028465246, rtol: 1e-14)
    #expect(s.rate(atStep: 1) == 1e-3)
    #expect(s.rate(atStep: 49) == 1e-3)
    expectClose(s.rate(atStep: 50), 1e-3 * s.gamma, rtol: 1e-14)
    expectClose(s.rate(atStep: 149), 1e-3 * s.gamma * s.gamma, rtol: 1e-14)
    expectClose(s.rate(atStep: 250_000), 1e-6, rtol: 1e-9)
    // One batch per epoch: the first decay happens at step 2 (the reference skips n = 1).
    let single = LearningRateSchedule(start: 1, end: 0.5, epochs: 2, batchesPerEpoch: 1)
    #expect(single.rate(atStep: 1) == 1)
    expectClose(single.rate(atStep: 2), single.gamma, rtol: 1e-14)
  }

  @Test("optimiser state round-trips through Codable exactly")
  func codable() throws {
    var optimizer = Optimizer<Float>(kind: .radam, shapes: [[3]])
    var theta = [Tensor<Float>([0.1, 0.2, 0.3])]
    optimizer.update(&theta, gradients: [Tensor([0.7, -0.1, 1e-7])], learningRate: 1e-3)
    let copy = try JSONRoundTrip.roundTrip(optimizer)
    #expect(copy == optimizer)
  }

  @Test("a Float32 gradient of 1e30 overflows the second moment: the state reports it, the parameters stay finite")
  func overflowIsReported() {
    var optimizer = Optimizer<Float>(kind: .radam, shapes: [[2]])
    var parameters = [Tensor<Float>([1, 2])]
    #expect(optimizer.stateIsFinite)
    optimizer.update(&parameters, gradients: [Tensor<Float>([1e30, 1])], learningRate: 1e-3)
    #expect(!optimizer.stateIsFinite)
    let finite = parameters[0].scalars.allSatisfy { $0.isFinite }
    #expect(finite)
  }
}
