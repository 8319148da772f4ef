@testable import DSRTraining
import DSRData
import DSRModels
import DSRTensor
import DSRTestSupport
import Testing

/// A small trainer on random data (Double), for gradient and semantics checks.
func makeTrainer(
  model: any LatentModel<Double>, observation kind: ObservationModel<Double>.Kind, observed n: Int,
  forcing: Forcing = .generalized(GTFSettings(alpha: 0.3, method: .constant, decay: 0.999, updateInterval: 5)), partial: Bool = false,
  inputs k: Int = 0, length: Int = 40, sequenceLength: Int = 6, batch: Int = 3, seed: UInt64 = 5, threads: Int = 1
) throws -> Trainer<Double> {
  var rng = RandomGenerator(seed: seed)
  let x = Tensor<Double>.normal(shape: [length, n], using: &rng)
  let u: [Tensor<Double>]? = k > 0 ? [Tensor.normal(shape: [length, k], using: &rng)] : nil
  let data = try Dataset(trajectories: [x], inputs: u)
  let obs = ObservationModel<Double>(kind: kind, observedDimension: n, latentDimension: model.dimension, using: &rng)
  let c: Tensor<Double>? = k > 0 ? Tensor.uniform(shape: [model.dimension, k], low: -0.5, high: 0.5, using: &rng) : nil
  var settings = TrainingSettings.trainerTest
  settings.sequenceLength = sequenceLength
  settings.batchSize = batch
  settings.forcing = forcing
  settings.partialForcing = partial
  settings.latentRegularization = 0
  settings.threads = threads
  return try Trainer(model: model, observation: obs, inputWeights: c, data: data, settings: settings, rng: RandomGenerator(seed: seed + 1))
}

/// Compares the trainer's analytic gradient of L_tr with central differences on one fixed batch.
func checkTrainerGradient(_ trainer: Trainer<Double>, sourceLocation: SourceLocation = #_sourceLocation) throws {
  var rng = RandomGenerator(seed: 99)
  try trainer.prepareBatch(noise: 0, using: &rng)
  _ = trainer.forward()
  let analytic = try trainer.backward()
  let base = trainer.parameters
  let eps = 1e-6
  for (i, p) in base.enumerated() {
    var numeric = Tensor<Double>(zeros: p.shape)
    for j in 0..<p.count {
      func loss(_ delta: Double) throws -> Double {
        var moved = base
        moved[i].scalars[j] += delta
        trainer.parameters = moved
        try trainer.loadParameters()
        return trainer.forward()
      }
      numeric.scalars[j] = (try loss(eps) - loss(-eps)) / (2 * eps)
    }
    expectClose(analytic[i], numeric, atol: 1e-7, rtol: 1e-5, "∂\(trainer.parameterNames[i])", sourceLocation: sourceLocation)
  }
  trainer.parameters = base
}

@Suite("Trainer gradients against finite differences (Double)")
struct TrainerGradientTests {
  static var models: [(String, () -> any LatentModel<Double>)] {
    [
      ("clippedShallowPLRNN", { var r = RandomGenerator(seed: 1); return ShallowPLRNN<Double>(latentDimension: 4, hiddenDimension: 7, clipped: true, using: &r) }),
      ("shallowPLRNN", { var r = RandomGenerator(seed: 2); var m = ShallowPLRNN<Double>(latentDimension: 4, hiddenDimension: 7, clipped: false, using: &r); m.h2 = Tensor.uniform(shape: [7], low: -0.5, high: 0.5, using: &r); return m }),
      ("PLRNN", { var r = RandomGenerator(seed: 3); return PLRNN<Double>(latentDimension: 4, using: &r) }),
      ("mcPLRNN", { var r = RandomGenerator(seed: 4); return PLRNN<Double>(latentDimension: 4, meanCentered: true, using: &r) }),
      ("dendPLRNN", { var r = RandomGenerator(seed: 5); return DendriticPLRNN<Double>(latentDimension: 4, bases: 3, clipped: false, using: &r) }),
      ("clippedDendPLRNN", { var r = RandomGenerator(seed: 6); return DendriticPLRNN<Double>(latentDimension: 4, bases: 3, clipped: true, using: &r) }),
      ("ALRNN", { var r = RandomGenerator(seed: 7); var m = ALRNN<Double>(latentDimension: 4, piecewiseLinearUnits: 2, using: &r); m.w = m.w * 30; return m }),
    ]
  }

  @Test("GTF, Identity with M > N (learned L), every model", arguments: 0..<7)
  func identity(_ index: Int) throws {
    let (_, make) = Self.models[index]
    try checkTrainerGradient(try makeTrainer(model: make(), observation: .identity, observed: 2))
  }

  @Test("GTF, Affine (gradient through pinv(B) in the initial state), every model", arguments: 0..<7)
  func affine(_ index: Int) throws {
    let (_, make) = Self.models[index]
    try checkTrainerGradient(try makeTrainer(model: make(), observation: .affine, observed: 3))
  }

  @Test("Affine with N > M and external inputs")
  func affineWide() throws {
    var r = RandomGenerator(seed: 8)
    let model = ShallowPLRNN<Double>(latentDimension: 3, hiddenDimension: 5, clipped: true, using: &r)
    try checkTrainerGradient(try makeTrainer(model: model, observation: .affine, observed: 5, inputs: 2))
  }

  @Test("sparse TF with partial forcing and inputs; GTF with partial forcing")
  func sparseAndPartial() throws {
    var r = RandomGenerator(seed: 9)
    let model = ALRNN<Double>(latentDimension: 5, piecewiseLinearUnits: 2, using: &r)
    try checkTrainerGradient(try makeTrainer(model: model, observation: .identity, observed: 2, forcing: .sparse(interval: 2), partial: true, inputs: 1))
    let shallow = ShallowPLRNN<Double>(latentDimension: 4, hiddenDimension: 6, clipped: true, using: &r)
    try checkTrainerGradient(try makeTrainer(model: shallow, observation: .identity, observed: 2, partial: true))
  }

  @Test("α = 0 (free run) and α = 1 (classic teacher forcing)")
  func extremes() throws {
    var r = RandomGenerator(seed: 10)
    for a in [0.0, 1.0] {
      let model = ShallowPLRNN<Double>(latentDimension: 3, hiddenDimension: 6, clipped: true, using: &r)
      try checkTrainerGradient(try makeTrainer(model: model, observation: .identity, observed: 3, forcing: .generalized(GTFSettings(alpha: a, method: .constant, decay: 0.999, updateInterval: 5))))
    }
  }

  @Test("threads = 2 and 3 (the batch split into shards): gradients against central differences, equal to one thread up to rounding, the same bits on every call",
        arguments: [(0, 2), (2, 3), (4, 2), (6, 3)])
  func sharded(_ index: Int, _ threads: Int) throws {
    let (_, make) = Self.models[index]
    for kind in [ObservationModel<Double>.Kind.identity, .affine] {
      let n = kind == .identity ? 2 : 3
      let sharded = try makeTrainer(model: make(), observation: kind, observed: n, inputs: 1, batch: 7, threads: threads)
      #expect(sharded.shards.count == threads)
      try checkTrainerGradient(sharded)
      let single = try makeTrainer(model: make(), observation: kind, observed: n, inputs: 1, batch: 7, threads: 1)
      var r1 = RandomGenerator(seed: 3), r2 = RandomGenerator(seed: 3)
      try single.prepareBatch(noise: 0, using: &r1)
      try sharded.prepareBatch(noise: 0, using: &r2)
      expectClose(sharded.forward(), single.forward(), rtol: 1e-13)
      let (a, b) = (try sharded.backward(), try single.backward())
      for (x, y) in zip(a, b) { expectClose(x, y, atol: 1e-14, rtol: 1e-12) }
      // Deterministic: the same batch again gives the same bits.
      var r3 = RandomGenerator(seed: 3)
      try sharded.prepareBatch(noise: 0, using: &r3)
      _ = sharded.forward()
      #expect(try sharded.backward().map(\.scalars) == a.map(\.scalars))
    }
  }
}
