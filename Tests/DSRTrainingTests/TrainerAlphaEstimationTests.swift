@testable import DSRTraining
import DSRModels
import DSRTensor
import DSRTestSupport
import Testing

/// The reference 𝒩: one `jacobian(at:)` tensor per forcing signal and the LAPACK estimator.
func referenceGrowth(_ trainer: Trainer<Double>, _ method: AlphaMethod) throws -> Double {
  let (s, steps, m) = (trainer.s, trainer.steps, trainer.m)
  let jacobians = (0..<s).map { p in
    (1...steps).map { t in
      trainer.model.jacobian(at: Tensor(Array(UnsafeBufferPointer(start: trainer.signals.pointer + (t * s + p) * m, count: m))))
    }
  }
  return try AlphaEstimation.growth(method, jacobians: jacobians)
}

@Suite("Trainer α estimation: the batched path equals the per-tensor LAPACK path")
struct TrainerAlphaEstimationTests {
  static let methods: [AlphaMethod] = [.batchMaximum, .productUpperBound, .explogApprox, .arithmeticMean]

  @Test("every model, Identity and Affine, all Jacobian-based methods (1e-10)", arguments: 0..<7, [ObservationModel<Double>.Kind.identity, .affine])
  func matchesReference(_ index: Int, kind: ObservationModel<Double>.Kind) throws {
    let (name, make) = TrainerGradientTests.models[index]
    // Identity with M > N leaves zeros in the unobserved units; Affine forms Ẑ through pinv(B).
    let trainer = try makeTrainer(model: make(), observation: kind, observed: kind == .identity ? 2 : 3, sequenceLength: 12, batch: 4)
    var rng = RandomGenerator(seed: 17)
    for round in 0..<2 {
      try trainer.prepareBatch(noise: 0, using: &rng)
      for method in Self.methods {
        let fast = trainer.alphaGrowth(method)
        expectClose(fast, try referenceGrowth(trainer, method), rtol: 1e-10, "\(name), \(kind), \(method), batch \(round)")
        expectClose(try trainer.estimateAlpha(method), AlphaEstimation.alpha(forGrowth: try referenceGrowth(trainer, method)), atol: 1e-12)
      }
    }
  }

  @Test("a wide clipped shallow PLRNN (sparse gate path), Affine")
  func wideShallow() throws {
    var r = RandomGenerator(seed: 8)
    let model = ShallowPLRNN<Double>(latentDimension: 5, hiddenDimension: 250, clipped: true, using: &r)
    let trainer = try makeTrainer(model: model, observation: .affine, observed: 5, length: 400, sequenceLength: 30, batch: 8)
    var rng = RandomGenerator(seed: 3)
    try trainer.prepareBatch(noise: 0, using: &rng)
    for method in Self.methods {
      expectClose(trainer.alphaGrowth(method), try referenceGrowth(trainer, method), rtol: 1e-10, "\(method)")
    }
  }
}
