import DSRMeasures
import DSRModels
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

/// The numpy answers for generation, PE(n) and the evaluation protocol (`Tests/generate_measure_fixtures.py`).
struct ReconstructionFixtures: Decodable {
  struct Array: Decodable { var shape: [Int]; var data: [Double] }
  struct ProtocolValues: Decodable { var dstsp_8: Double; var dh_2: Double; var tail_spread: Double }
  struct Case: Decodable {
    var parameters: [String: Array]
    var generated_first: [[Double]]
    var pe5: Double
    var pe1: Double
    var `protocol`: ProtocolValues
  }
  var data: [[Double]]
  var inputs: [[Double]]
  var cases: [String: Case]

  static let shared: ReconstructionFixtures = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reconstruction.json")
    return try! JSONDecoder().decode(ReconstructionFixtures.self, from: Data(contentsOf: url))
  }()

  func system(_ name: String) -> ReconstructedSystem<Double> {
    let p = cases[name]!.parameters
    func t(_ k: String) -> Tensor<Double> { Tensor(shape: p[k]!.shape, scalars: p[k]!.data) }
    let model = ShallowPLRNN(a: t("A"), w1: t("W1"), w2: t("W2"), h1: t("h1"), h2: t("h2"), clipped: true)
    let observation = p["B"] != nil
      ? ObservationModel(kind: .affine, observedDimension: 3, latentDimension: 4, parameters: [t("B")])
      : ObservationModel(kind: .identity, observedDimension: 3, latentDimension: 4, parameters: [t("L")])
    return ReconstructedSystem(model: model, observation: observation, inputWeights: p["C"].map { _ in t("C") })
  }
}

@Suite("Generation, PE(n) and the evaluation protocol against numpy")
struct ReconstructionMeasuresTests {
  let f = ReconstructionFixtures.shared

  @Test("free-running generation (latent states) equals numpy", arguments: ["identity", "affine", "identity_inputs"])
  func generation(_ name: String) throws {
    let system = f.system(name)
    let x = Tensor(f.data)
    let inputs = name.hasSuffix("inputs") ? Tensor(f.inputs) : nil
    let (latent, observed) = try system.generate(from: x.row(0), steps: 12, inputs: inputs)
    expectClose(latent, Tensor(f.cases[name]!.generated_first), atol: 1e-12, rtol: 1e-12)
    #expect(observed.shape == [12, 3])
  }

  @Test("PE(1) and PE(5) equal numpy to 1e-10", arguments: ["identity", "affine", "identity_inputs"])
  func predictionError(_ name: String) throws {
    let system = f.system(name)
    let inputs = name.hasSuffix("inputs") ? Tensor(f.inputs) : nil
    let c = f.cases[name]!
    expectClose(try system.predictionError(on: Tensor(f.data), steps: 5, inputs: inputs), c.pe5, rtol: 1e-10)
    // Chunks smaller than the data give the same value.
    expectClose(try system.predictionError(on: Tensor(f.data), steps: 1, inputs: inputs, chunk: 17), c.pe1, rtol: 1e-10)
  }

  @Test("the protocol (1.25 T generated, 0.25 T dropped; inputs: T, no transient) equals numpy; a free run on a fixed point gets no D_stsp or D_H", arguments: ["identity", "affine", "identity_inputs"])
  func evaluationProtocol(_ name: String) throws {
    let inputs = name.hasSuffix("inputs") ? Tensor(f.inputs) : nil
    let settings = ReconstructionMeasures.Settings(dstsp: .binned(bins: 8), smoothing: 2, predictionSteps: 5)
    let system = f.system(name)
    let (values, latent) = try ReconstructionMeasures.measure(system, on: Tensor(f.data), inputs: inputs, settings: settings)
    let c = f.cases[name]!
    // The compared stretch is the one numpy compared, whatever the verdict on it.
    let generated = system.observation.observe(latent)
    expectClose(StateSpaceDivergence.binned(true: Tensor(f.data), generated: generated, bins: 8), c.protocol.dstsp_8, rtol: 1e-6)
    expectClose(PowerSpectrumDistance.hellinger(true: Tensor(f.data), generated: generated, smoothing: 2), c.protocol.dh_2, rtol: 1e-6)
    expectClose(values.pe, c.pe5, rtol: 1e-10)
    #expect(values.generatedFinite)
    #expect(latent.shape == [f.data.count, 4])
    if c.protocol.tail_spread < 1e-3 {
      // The autonomous fixture models contract onto a fixed point (numpy: tail spread ~1e-15 of
      // the data's std). Before the health check they read D_H 0.52 / 0.41: a dead model with a
      // finite spectrum distance.
      guard case .fixedPoint(let spread) = values.health else { Issue.record("health \(values.health), want a fixed point"); return }
      #expect(spread < 1e-12)
      #expect(values.dstsp.isNaN && values.dh.isNaN)
      #expect(values.dhNote?.hasPrefix("fixed point: generated spread") == true && values.dstspNote == values.dhNote)
    } else {
      #expect(values.health == .alive)
      expectClose(values.dstsp, c.protocol.dstsp_8, rtol: 1e-6)
      expectClose(values.dh, c.protocol.dh_2, rtol: 1e-6)
    }
  }

  @Test("float32: the contracting fixture model's free run ends on its fixed point; health says so instead of a D_H of the rounding")
  func float32FixedPoint() throws {
    let p = f.cases["identity"]!.parameters
    func t(_ k: String) -> Tensor<Float> { Tensor(shape: p[k]!.shape, scalars: p[k]!.data.map(Float.init)) }
    let model = ShallowPLRNN(a: t("A"), w1: t("W1"), w2: t("W2"), h1: t("h1"), h2: t("h2"), clipped: true)
    let system = ReconstructedSystem(model: model, observation: ObservationModel(kind: .identity, observedDimension: 3, latentDimension: 4, parameters: [t("L")]))
    let x = Tensor(f.data).converted(to: Float.self)
    let settings = ReconstructionMeasures.Settings(dstsp: .binned(bins: 8), smoothing: 2, predictionSteps: 5)
    let (values, latent) = try ReconstructionMeasures.measure(system, on: x, settings: settings)
    guard case .fixedPoint(let spread) = values.health else { Issue.record("health \(values.health)"); return }
    #expect(spread < 1e-6)
    #expect(values.dh.isNaN && values.dstsp.isNaN && values.pe.isFinite && values.peNormalized.isFinite)
    // The stretch still holds the approach to the fixed point, so its D_H is a number (0.61):
    // what the measure reported before the health check.
    let generated = system.observation.observe(latent).converted(to: Double.self)
    #expect(PowerSpectrumDistance.hellinger(true: x.converted(to: Double.self), generated: generated, smoothing: 2).isFinite)
    // PE(5) is worse than persistence on this data: 0.66 against 0.24 of the data's variance.
    #expect(values.peNormalized > values.persistenceNormalized)
  }

  @Test("closed form: PE(n) of z' = a·z is mean((aⁿ − 1)² x²)")
  func linearPredictionError() throws {
    let a = 0.8
    let model = PLRNN(a: Tensor([a]), w: Tensor([[0.0]]), h: Tensor([0.0]), meanCentered: false)
    let system = ReconstructedSystem(model: model, observation: ObservationModel(kind: .identity, observedDimension: 1, latentDimension: 1, parameters: []))
    let x = Tensor(shape: [10, 1], scalars: (0..<10).map { Double($0) + 1 })
    // Compared with x_{t+n} = t + n + 1, the prediction is aⁿ·(t + 1).
    let n = 3
    let want = (0..<7).map { t -> Double in
      let d = Foundation.pow(a, Double(n)) * Double(t + 1) - Double(t + n + 1)
      return d * d
    }.reduce(0, +) / 7
    expectClose(try system.predictionError(on: x, steps: n), want, rtol: 1e-12)
    #expect(try system.predictionError(on: x, steps: 10).isNaN)
  }

  @Test("a trajectory that becomes non-finite is NaN from then on; measures are NaN, PE is not computed from it")
  func divergence() throws {
    let model = PLRNN(a: Tensor([1e200]), w: Tensor([[0.0]]), h: Tensor([0.0]), meanCentered: false)
    let system = ReconstructedSystem(model: model, observation: ObservationModel(kind: .identity, observedDimension: 1, latentDimension: 1, parameters: []))
    let (latent, _) = try system.generate(from: Tensor([1.0]), steps: 5)
    #expect(latent[1, 0] == 1e200)
    #expect(latent[2, 0].isNaN && latent[4, 0].isNaN)
    let x = Tensor(shape: [40, 1], scalars: (0..<40).map { Foundation.sin(Double($0)) + 2 })
    let (values, _) = try ReconstructionMeasures.measure(system, on: x, settings: .init(dstsp: .binned(bins: 5), smoothing: 0, predictionSteps: 2))
    #expect(!values.generatedFinite && values.dstsp.isNaN && values.dh.isNaN)
    // Generated from x₀ = sin 0 + 2 = 2: row 1 is 2e200 (beyond 10³ data stds), row 2 non-finite.
    let scale = FreeRunHealth.DataScale(data: x)
    #expect(values.health == .divergent(step: 1, excess: Swift.abs(2e200 - scale.mean[0]) / scale.std[0]))
    #expect(values.dstspNote?.hasPrefix("divergent at step") == true)
  }

  @Test("inputs that do not fit are refused with the reason")
  func inputChecks() {
    let system = f.system("identity_inputs")
    let x = Tensor(f.data)
    #expect(throws: ReconstructionError.missingInputs(dimension: 2)) { try system.predictionError(on: x, steps: 2) }
    #expect(throws: ReconstructionError.inputsTooShort(rows: 10, needed: 240)) {
      try system.predictionError(on: x, steps: 2, inputs: Tensor(f.inputs).rows(0..<10))
    }
    #expect(throws: ReconstructionError.unexpectedInputs) {
      try f.system("identity").predictionError(on: x, steps: 2, inputs: Tensor(f.inputs))
    }
  }
}

@Suite("Summary statistics")
struct SummaryStatisticsTests {
  @Test("mean, std, sem, median, raw MAD and the non-finite share by hand")
  func byHand() {
    let s = SummaryStatistics([1, 2, 4, .nan, 10, .infinity])
    #expect(s.runs == 6 && s.finite == 4)
    expectClose(s.mean, 4.25)
    expectClose(s.std, (((1 - 4.25) * (1 - 4.25) + (2 - 4.25) * (2 - 4.25) + (4 - 4.25) * (4 - 4.25) + (10 - 4.25) * (10 - 4.25)) / 3).squareRoot(), rtol: 1e-14)
    expectClose(s.sem, s.std / 2, rtol: 1e-14)
    expectClose(s.median, 3)
    // |x − 3| = 2, 1, 1, 7 → median 1.5 (raw, not scaled by 1.4826).
    expectClose(s.mad, 1.5)
    expectClose(s.nonFiniteRatio, 2.0 / 6)
  }

  @Test("one value: std NaN; no finite value: everything NaN")
  func edges() {
    let one = SummaryStatistics([3])
    #expect(one.mean == 3 && one.median == 3 && one.mad == 0 && one.std.isNaN)
    let none = SummaryStatistics([.nan, .nan])
    #expect(none.mean.isNaN && none.median.isNaN && none.nonFiniteRatio == 1)
  }
}
