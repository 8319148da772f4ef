import DSRAutodiff
import DSRTensor
import DSRTestSupport
import Testing

@Suite struct TapeTests {
  @Test func fanOutAccumulates() {
    // y = x·x + x  ⇒  dy/dx = 2x + 1.
    let (_, g) = valueAndGradient(at: [Tensor<Double>([3, -1])]) { p in sum(p[0] * p[0] + p[0]) }
    #expect(g[0].scalars == [7, -1])
  }

  @Test func unbroadcastSumsBroadcastDimensions() {
    let g = Tensor<Double>(ones: [2, 3, 4])
    #expect(unbroadcast(g, to: [3, 1]).scalars == [8, 8, 8])
    #expect(unbroadcast(g, to: [4]).scalars == [6, 6, 6, 6])
    #expect(unbroadcast(g, to: []).scalar == 24)
  }

  /// A 500-step unrolled shallow-PLRNN-like recurrence with ~20 recorded ops per step: the
  /// reverse sweep is a loop, so this must neither overflow the stack nor lose accuracy.
  @Test func deepUnrollDoesNotOverflowTheStack() {
    var rng = RandomGenerator(seed: 71)
    let m = 3, l = 8, s = 4, steps = 500
    let a = Tensor<Double>.uniform(shape: [m, 1], low: 0.5, high: 0.9, using: &rng)
    let w1 = Tensor<Double>.normal(shape: [m, l], standardDeviation: 0.1, using: &rng)
    let w2 = Tensor<Double>.normal(shape: [l, m], standardDeviation: 0.3, using: &rng)
    let h2 = Tensor<Double>.normal(shape: [l, 1], using: &rng)
    let z0 = Tensor<Double>.normal(shape: [m, s], using: &rng)
    let tape = Tape<Double>()
    let (va, vw1, vw2, vh2) = (tape.variable(a), tape.variable(w1), tape.variable(w2), tape.variable(h2))
    let alpha = tape.variable(Tensor(0.2))
    var z = tape.variable(z0)
    var losses: [Variable<Double>] = []
    for t in 0..<steps {
      let pre = matmul(vw2, z)
      let hidden = clippedRelu(pre, vh2)
      let next = va * z + matmul(vw1, hidden)
      let target = tape.variable(Tensor(repeating: Double(t % 7) / 7, shape: [m, s]))
      losses.append(mean(square(next - target)))
      let forced = interpolate(next, target, alpha: alpha)
      z = replacingLeadingRows(forced, with: rows(target, 0..<1))
    }
    var total = losses[0]
    for l in losses.dropFirst() { total = total + l }
    #expect(tape.count > steps * 10)
    let g = tape.gradients(of: total, withRespectTo: [va, vw1, vw2, vh2, alpha])
    #expect(g.allSatisfy { $0.isFinite })
    #expect(g[1].frobeniusNorm() > 0)
  }

  @Test func resetKeepsWorking() {
    let tape = Tape<Float>()
    for k in 1...3 {
      let (v, g) = valueAndGradient(at: [Tensor<Float>([Float(k)])], on: tape) { sum(square($0[0])) }
      #expect(v == Float(k * k))
      #expect(g[0].scalars == [Float(2 * k)])
      #expect(tape.count == 3)
    }
  }
}

@Suite struct GradientCheckerTests {
  /// The checker must be able to fail: a rule with a wrong pullback (missing factor 2 of x²)
  /// gives analytic and numeric gradients that differ by x·c.
  @Test func detectsAWrongPullback() {
    let x = Tensor<Double>([0.5, -1, 2])
    let (analytic, numeric) = gradientPair(at: [x]) { p in
      let v = p[0].value
      return p[0].tape.record(v.squared(), inputs: [p[0]]) { g in [g * v] }  // wrong: should be 2·g·v
    }
    let error = (analytic[0] - numeric[0]).abs().max()
    #expect(error > 0.1)
    let (good, reference) = gradientPair(at: [x]) { square($0[0]) }
    #expect((good[0] - reference[0]).abs().max() < 1e-8)
  }
}
