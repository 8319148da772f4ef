import DSRData
import DSRDynamics
import DSRModels
import DSRTensor
import DSRTestSupport
@testable import DSRTraining
import Foundation
import Testing

@Suite("gtf_alpha_method auto: batch_maximum for maps, product_upper_bound for flows")
struct AutomaticAlphaMethodTests {
  /// Columns (a, b) of length 8: a alternates ±1 (r = −7/8), b is 1, 1, −1, −1, … (r = 1/8).
  static let pattern: Tensor<Double> = Tensor(shape: [8, 2], scalars: (0..<8).flatMap { t -> [Double] in
    [t % 2 == 0 ? 1 : -1, (t / 2) % 2 == 0 ? 1 : -1]
  })

  @Test("the mean lag-1 autocorrelation in closed form, pooled over trajectories centred on their own means")
  func closedForm() throws {
    expectClose(AlphaMethod.meanLagOneAutocorrelation(try Dataset(trajectories: [Self.pattern])), (-7.0 / 8 + 1.0 / 8) / 2, rtol: 1e-15)
    // A second trajectory: a = 3, 1, 3, 1 (mean 2: Σ lagged −3, Σ power 4), b constant (adds nothing).
    let second = Tensor<Double>(shape: [4, 2], scalars: [3, 5, 1, 5, 3, 5, 1, 5])
    let pooled = try Dataset(trajectories: [Self.pattern, second])
    expectClose(AlphaMethod.meanLagOneAutocorrelation(pooled), (-10.0 / 12 + 1.0 / 8) / 2, rtol: 1e-15)
    let constant = try Dataset(trajectories: [Tensor<Double>(shape: [5, 1], scalars: [2, 2, 2, 2, 2])])
    #expect(AlphaMethod.meanLagOneAutocorrelation(constant).isNaN)
    #expect(AlphaMethod.automatic.resolved(for: constant) == .productUpperBound)
  }

  /// A Hénon orbit (one row per iteration) and a Lorenz-63 orbit at 75 samples per period.
  static func henon() throws -> Dataset<Double> {
    let rows = try BenchmarkSystem.henon.trajectory(steps: 2000, dt: 1, transient: 100)
    return try Dataset(trajectories: [Tensor(shape: [rows.count, 2], scalars: rows.flatMap { $0 })])
  }

  static func lorenz() throws -> Dataset<Double> {
    let rows = try BenchmarkSystem.lorenz63.trajectory(steps: 2000, dt: 0.01, transient: 5)
    return try Dataset(trajectories: [Tensor(shape: [rows.count, 3], scalars: rows.flatMap { $0 })])
  }

  @Test("Hénon is a map, Lorenz-63 a flow; explicit methods stay as they are")
  func resolution() throws {
    let (map, flow) = (try Self.henon(), try Self.lorenz())
    #expect(AlphaMethod.meanLagOneAutocorrelation(map) < 0)
    #expect(AlphaMethod.meanLagOneAutocorrelation(flow) > 0.99)
    #expect(AlphaMethod.automatic.resolved(for: map) == .batchMaximum)
    #expect(AlphaMethod.automatic.resolved(for: flow) == .productUpperBound)
    for method in AlphaMethod.allCases where method != .automatic {
      #expect(method.resolved(for: map) == method && method.resolved(for: flow) == method)
    }
  }

  @Test("the trainer resolves auto from its data before the first batch")
  func trainer() throws {
    for (data, expected) in [(try Self.henon(), AlphaMethod.batchMaximum), (try Self.lorenz(), .productUpperBound)] {
      var rng = RandomGenerator(seed: 3)
      let model = ShallowPLRNN<Double>(latentDimension: data.observedDimension, hiddenDimension: 6, clipped: true, using: &rng)
      let observation = ObservationModel<Double>(kind: .identity, observedDimension: data.observedDimension, latentDimension: model.dimension, using: &rng)
      var settings = TrainingSettings.trainerTest
      settings.sequenceLength = 10
      settings.forcing = .generalized(GTFSettings(alpha: 1, method: .automatic, decay: 0.999, updateInterval: 5))
      let trainer = try Trainer(model: model, observation: observation, inputWeights: nil, data: data, settings: settings, rng: rng)
      #expect(trainer.settings.forcing == .generalized(GTFSettings(alpha: 1, method: expected, decay: 0.999, updateInterval: 5)))
      _ = try trainer.trainBatch(indexInEpoch: 5)  // batch 5: α is estimated with the concrete method
    }
  }
}
