import DSRAutodiff
import DSRModels
import DSRTensor
import DSRTestSupport
import Testing

/// The fused kernels against the tape-composed step: same values, same gradients.
@Suite("Fused step kernels")
struct FusedStepTests {
  /// Unrolls `steps` steps from a batch of S states with the kernel and with the tape, for the
  /// loss `Σ_t ⟨C_t, z_t⟩` with random cotangents, and compares outputs and all gradients.
  func compare(_ model: any LatentModel<Double>, batch s: Int, steps: Int) {
    let m = model.dimension
    var rng = RandomGenerator(seed: 11)
    let z0 = Tensor<Double>.uniform(shape: [s, m], low: -1.5, high: 1.5, using: &rng)  // rows = states
    let cotangents = (0..<steps).map { _ in Tensor<Double>.normal(shape: [s, m], using: &rng) }

    // Tape: column layout M × S.
    let tape = Tape<Double>()
    let params = model.parameters.map { tape.variable($0) }
    let start = tape.variable(z0.transposed())
    var z = start
    var loss: Variable<Double>? = nil
    var tapeOutputs: [Tensor<Double>] = []
    for t in 0..<steps {
      z = model.differentiableStep(z, parameters: params)
      tapeOutputs.append(z.value.transposed())
      let term = sum(z * tape.variable(cotangents[t].transposed()))
      loss = loss.map { $0 + term } ?? term
    }
    let grads = tape.gradients(of: loss!, withRespectTo: params + [start])

    // Kernel: row layout S × M.
    let kernel = model.fusedStep()
    kernel.load(parameters: model.parameters, batchSize: s, steps: steps)
    var states = [z0.scalars]
    for t in 0..<steps {
      var out = [Double](repeating: 0, count: s * m)
      states[t].withUnsafeBufferPointer { zp in
        out.withUnsafeMutableBufferPointer { kernel.forward(step: t, state: zp.baseAddress!, into: $0.baseAddress!) }
      }
      expectClose(Tensor(shape: [s, m], scalars: out), tapeOutputs[t], atol: 1e-12, rtol: 1e-12, "output of step \(t)")
      states.append(out)
    }
    var g = [Double](repeating: 0, count: s * m)
    for t in stride(from: steps - 1, through: 0, by: -1) {
      let upstream = zip(g, cotangents[t].scalars).map { $0 + $1 }
      var dz = [Double](repeating: 0, count: s * m)
      upstream.withUnsafeBufferPointer { gp in
        dz.withUnsafeMutableBufferPointer { kernel.backward(step: t, outputGradient: gp.baseAddress!, into: $0.baseAddress!) }
      }
      g = dz
    }
    let kernelGrads = kernel.parameterGradients()
    for (i, name) in type(of: model).parameterNames.enumerated() {
      expectClose(kernelGrads[i], grads[i], atol: 1e-10, rtol: 1e-10, "\(model.referenceName) ∂\(name)")
    }
    expectClose(Tensor(shape: [s, m], scalars: g), grads.last!.transposed(), atol: 1e-10, rtol: 1e-10, "\(model.referenceName) ∂z₀")
  }

  @Test("one step equals the tape step", arguments: ModelCase.allCases)
  func oneStep(_ c: ModelCase) { compare(c.make(), batch: 5, steps: 1) }

  @Test("four unrolled steps (gradients accumulate over time)", arguments: ModelCase.allCases)
  func unrolled(_ c: ModelCase) { compare(c.make(seed: 3), batch: 7, steps: 4) }

  @Test("19 unrolled steps: weight gradients accumulated in blocks, the last one partial", arguments: ModelCase.allCases)
  func blocks(_ c: ModelCase) { compare(c.make(seed: 5), batch: 3, steps: 2 * FusedStep<Double>.gradientBlock + 3) }

  @Test("buffers are reused: a second, smaller load gives the same gradients as a fresh kernel")
  func reuse() {
    let model = ModelCase.clippedShallowPLRNN.make()
    let kernel = model.fusedStep()
    kernel.load(parameters: model.parameters, batchSize: 9, steps: 6)
    var z = [Double](repeating: 0.3, count: 9 * model.dimension)
    var out = z
    for t in 0..<6 { z.withUnsafeBufferPointer { zp in out.withUnsafeMutableBufferPointer { kernel.forward(step: t, state: zp.baseAddress!, into: $0.baseAddress!) } }; z = out }
    for t in (0..<6).reversed() { z.withUnsafeBufferPointer { zp in out.withUnsafeMutableBufferPointer { kernel.backward(step: t, outputGradient: zp.baseAddress!, into: $0.baseAddress!) } } }
    // Reload the used kernel at a smaller size and compare with a fresh one.
    func run(_ k: FusedStep<Double>) -> [Tensor<Double>] {
      k.load(parameters: model.parameters, batchSize: 2, steps: 2)
      var z = [0.1, -0.4, 0.7, 0.2, 0.5, -0.9]
      var o = z
      for t in 0..<2 { z.withUnsafeBufferPointer { zp in o.withUnsafeMutableBufferPointer { k.forward(step: t, state: zp.baseAddress!, into: $0.baseAddress!) } }; z = o }
      for t in (0..<2).reversed() { z.withUnsafeBufferPointer { zp in o.withUnsafeMutableBufferPointer { k.backward(step: t, outputGradient: zp.baseAddress!, into: $0.baseAddress!) } } }
      return k.parameterGradients()
    }
    let reused = run(kernel), fresh = run(model.fusedStep())
    for (a, b) in zip(reused, fresh) { #expect(a == b) }
  }

  @Test("a batch of 16 with page-padded feature rows (20 hidden units, stride 32) equals the tape")
  func pagePadded() {
    var rng = RandomGenerator(seed: 4)
    var model = ShallowPLRNN<Double>(latentDimension: 3, hiddenDimension: 20, clipped: true, using: &rng)
    model.h2 = Tensor.uniform(shape: [20], low: -0.5, high: 0.5, using: &rng)
    #expect(paddedFeatureStride(count: 20, rows: 16, scalarSize: 8) == 32)
    compare(model, batch: 16, steps: 11)
  }

  @Test("padded feature strides: rows on 64 bytes, a step on whole pages when that costs at most half again")
  func strides() {
    #expect(paddedFeatureStride(count: 250, rows: 16, scalarSize: 4) == 256)
    #expect(paddedFeatureStride(count: 512, rows: 16, scalarSize: 4) == 512)
    #expect(paddedFeatureStride(count: 100, rows: 16, scalarSize: 4) == 128)
    #expect(paddedFeatureStride(count: 6, rows: 5, scalarSize: 8) == 8)  // pages would need 512
    #expect(paddedFeatureStride(count: 16, rows: 3, scalarSize: 4) == 16)
  }
}
