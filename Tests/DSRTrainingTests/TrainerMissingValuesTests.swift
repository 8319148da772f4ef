@testable import DSRTraining
import DSRData
import DSRModels
import DSRTensor
import DSRTestSupport
import Testing

/// Training through gaps: windows that bridge short gaps, no forcing on incomplete rows, the loss
/// over the observed values only — against a hand-written recurrence and central differences.
@Suite("Trainer with missing values inside windows")
struct TrainerMissingValuesTests {
  /// A trainer on random data with NaN at `missing` (row → columns), batch drawn with seed 99.
  func gappyTrainer(
    model: any LatentModel<Double>, observation kind: ObservationModel<Double>.Kind, observed n: Int,
    missing: [Int: [Int]], forcing: Forcing = .generalized(GTFSettings(alpha: 0.3, method: .constant, decay: 0.999, updateInterval: 5)),
    partial: Bool = false
  ) throws -> Trainer<Double> {
    var rng = RandomGenerator(seed: 5)
    var x = Tensor<Double>.normal(shape: [24, n], using: &rng)
    for (row, columns) in missing { for j in columns { x.scalars[row * n + j] = .nan } }
    let obs = ObservationModel<Double>(kind: kind, observedDimension: n, latentDimension: model.dimension, using: &rng)
    var settings = TrainingSettings.trainerTest
    (settings.sequenceLength, settings.batchSize, settings.forcing, settings.partialForcing) = (10, 4, forcing, partial)
    settings.latentRegularization = 0
    return try Trainer(model: model, observation: obs, inputWeights: nil, data: try Dataset(trajectories: [x]), settings: settings, rng: RandomGenerator(seed: 6))
  }

  @Test("one unit, one missing sample: the loss and ∂L/∂a of the hand-written recurrence (GTF and sparse TF)")
  func handWritten() throws {
    let a = 0.8, alpha = 0.3
    let x: [Double] = [1, 0.5, -0.25, 2, 0.75, .nan, -1, 0.3, 0.1, -0.6, 0.9]
    for forcing in [Forcing.generalized(GTFSettings(alpha: alpha, method: .constant, decay: 0.999, updateInterval: 5)), .sparse(interval: 5)] {
      let model = ALRNN<Double>(a: Tensor([a]), w: Tensor([[0.0]]), h: Tensor([0.0]), piecewiseLinearUnits: 0)
      let data = try Dataset(trajectories: [Tensor(shape: [11, 1], scalars: x)])
      var settings = TrainingSettings.trainerTest
      (settings.sequenceLength, settings.batchSize, settings.forcing) = (10, 1, forcing)
      let obs = ObservationModel<Double>(kind: .identity, observedDimension: 1, latentDimension: 1, parameters: [])
      let trainer = try Trainer(model: model, observation: obs, inputWeights: nil, data: data, settings: settings, rng: RandomGenerator(seed: 1))
      var rng = RandomGenerator(seed: 2)
      try trainer.prepareBatch(noise: 0, using: &rng)
      // The recurrence written out, with its derivative in a carried along (forward mode).
      var (state, dState) = (x[0], 0.0)
      var (loss, dLoss, observed) = (0.0, 0.0, 0)
      for t in 1...10 {
        let z = a * state, dz = state + a * dState
        let w: Double
        switch forcing {
        case .generalized: w = alpha
        case .sparse(let tau): w = t % tau == 0 ? 1 : 0
        }
        if x[t].isNaN {
          (state, dState) = (z, dz)  // a gap: not forced, not in the loss
        } else {
          loss += (z - x[t]) * (z - x[t])
          dLoss += 2 * (z - x[t]) * dz
          observed += 1
          (state, dState) = ((1 - w) * z + w * x[t], (1 - w) * dz)
        }
      }
      #expect(observed == 9)
      expectClose(trainer.forward(), loss / 9, rtol: 1e-14)
      expectClose(try trainer.backward()[0][0], dLoss / 9, rtol: 1e-12)
    }
  }

  @Test("gradients with missing rows and single missing channels against central differences", arguments: 0..<3)
  func gradients(_ index: Int) throws {
    var r = RandomGenerator(seed: 11)
    let missing: [Int: [Int]] = [3: [0, 1], 7: [1], 12: [0], 13: [0], 18: [0, 1]]
    let trainer: Trainer<Double>
    switch index {
    case 0:
      trainer = try gappyTrainer(model: ShallowPLRNN<Double>(latentDimension: 4, hiddenDimension: 6, clipped: true, using: &r), observation: .identity, observed: 2, missing: missing)
    case 1:
      trainer = try gappyTrainer(model: PLRNN<Double>(latentDimension: 4, using: &r), observation: .affine, observed: 2, missing: missing)
    default:
      trainer = try gappyTrainer(model: ALRNN<Double>(latentDimension: 4, piecewiseLinearUnits: 2, using: &r), observation: .identity, observed: 2,
                                 missing: missing, forcing: .sparse(interval: 3), partial: true)
    }
    var rng = RandomGenerator(seed: 99)
    try trainer.prepareBatch(noise: 0, using: &rng)
    #expect(trainer.batchHasMissing, "the checked batch must hold missing values")
    #expect(trainer.observedCount < 10 * 4 * 2)
    try checkTrainerGradient(trainer)
  }

  @Test("windows start on a complete row and bridge gaps of at most ⌊T̃/10⌋ rows; the forward pass stays finite")
  func windowRule() throws {
    // Gaps of 1 row (bridged), 2 rows (not bridged with T̃ = 10, g = 1).
    let trainer = try gappyTrainer(
      model: { var r = RandomGenerator(seed: 3); return ShallowPLRNN<Double>(latentDimension: 2, hiddenDimension: 4, clipped: true, using: &r) }(),
      observation: .identity, observed: 2, missing: [5: [0], 14: [0, 1], 15: [1]])
    let missing = MissingRows(trainer.sampler.data.trajectories[0])
    let starts = missing.windowStarts(rows: 11, longestGap: 1)
    // Brute force: first row complete, every gap's part inside the window ≤ 1 row.
    let expected = (0...13).filter { s in
      !missing.gaps.contains { $0.contains(s) } && missing.gaps.allSatisfy { $0.clamped(to: s..<(s + 11)).count <= 1 }
    }
    // Start 4 holds row 5 and row 14 (one row of each gap); from 5 on a window holds rows 14–15.
    #expect(starts == expected && starts == [0, 1, 2, 3, 4])
    #expect(trainer.sampler.windowCount == starts.count)
    var rng = RandomGenerator(seed: 4)
    for _ in 0..<20 {
      try trainer.prepareBatch(noise: 0.1, using: &rng)
      #expect(trainer.forward().isFinite)
      #expect(trainer.lastWindows.allSatisfy { starts.contains($0.start) })
    }
  }
}
