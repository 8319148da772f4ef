import DSRData
import DSRModels
import DSRTensor
import DSRTestSupport
@testable import DSRTraining
import Foundation
import Testing

/// Training windows on data with missing values (NaN): only complete windows are drawn, and data
/// without gaps gets exactly the windows it got before the gap machinery.
@Suite("BatchSampler with missing values")
struct MissingValuesSamplingTests {
  /// Values encoding (trajectory, row): 100·i + row, in two columns (the second 0.5 more).
  static func encoded(_ i: Int, rows: Int, missing: [Int: [Int]] = [:]) -> Tensor<Double> {
    Tensor(shape: [rows, 2], scalars: (0..<rows).flatMap { r -> [Double] in
      (0..<2).map { j in missing[r]?.contains(j) == true ? .nan : Double(100 * i + r) + 0.5 * Double(j) }
    })
  }

  /// Draws `batches` batches of `s` windows; returns the windows and the observation buffers.
  static func draw(_ sampler: BatchSampler<Double>, seed: UInt64, batches: Int, s: Int) -> [([BatchWindow], [Double])] {
    var rng = RandomGenerator(seed: seed)
    let n = sampler.data.observedDimension
    var buffer = [Double](repeating: 0, count: (sampler.sequenceLength + 1) * s * n)
    return (0..<batches).map { _ in
      let windows = buffer.withUnsafeMutableBufferPointer { sampler.sample(batchSize: s, using: &rng, observations: $0.baseAddress!, inputs: nil) }
      return (windows, buffer)
    }
  }

  @Test("gap-free data: the same windows as the plain uniform draw over all starts")
  func gapFreeUnchanged() throws {
    let data = try Dataset(trajectories: [Self.encoded(0, rows: 30), Self.encoded(1, rows: 12)])
    let sampler = try BatchSampler(data: data, sequenceLength: 5)
    #expect(sampler.windowCount == 25 + 7)
    // The draw before missing values existed: u uniform in 0..<Σ(T_i − T̃), walked into a trajectory.
    var rng = RandomGenerator(seed: 11)
    var expected: [BatchWindow] = []
    for _ in 0..<(20 * 16) {
      var u = rng.integer(in: 0..<32), trajectory = 0
      if u >= 25 { (u, trajectory) = (u - 25, 1) }
      expected.append(BatchWindow(trajectory: trajectory, start: u))
    }
    #expect(Self.draw(sampler, seed: 11, batches: 20, s: 16).flatMap(\.0) == expected)
  }

  @Test("with gaps (whole rows and single channels) no window holds a NaN, and every complete window is drawn")
  func onlyCompleteWindows() throws {
    // Trajectory 0: row 4 missing, rows 10–12 missing in one channel; trajectory 1: row 0 partly missing.
    let a = Self.encoded(0, rows: 20, missing: [4: [0, 1], 10: [1], 11: [1], 12: [1]])
    let b = Self.encoded(1, rows: 8, missing: [0: [0]])
    let sampler = try BatchSampler(data: try Dataset(trajectories: [a, b]), sequenceLength: 3)
    // Complete stretches: 0–3 (1 window), 5–9 (2), 13–19 (4); 1–7 (4).
    #expect(sampler.windowCount == 1 + 2 + 4 + 4)
    var seen = Set<BatchWindow>()
    for (windows, buffer) in Self.draw(sampler, seed: 5, batches: 40, s: 16) {
      #expect(buffer.allSatisfy { !$0.isNaN }, "a window holds a missing value")
      for (p, w) in windows.enumerated() {
        seen.insert(w)
        // The buffer holds exactly the rows the window names.
        for t in 0...3 { #expect(buffer[(t * 16 + p) * 2] == Double(100 * w.trajectory + w.start + t)) }
      }
    }
    let starts: [BatchWindow] = [0, 5, 6, 13, 14, 15, 16].map { BatchWindow(trajectory: 0, start: $0) }
      + (1...4).map { BatchWindow(trajectory: 1, start: $0) }
    #expect(seen == Set(starts))
  }

  @Test("no valid window: refused naming the file, the gap rule, the longest complete stretch and a shorter sequence_length")
  func noCompleteWindow() throws {
    // Gaps of 2 rows: longer than the ⌊10/10⌋ = 1 row a window of sequence_length 10 may bridge.
    let a = Self.encoded(0, rows: 30, missing: [5: [0], 6: [0], 12: [1], 13: [1], 19: [0, 1], 20: [0, 1]])
    let data = try Dataset(trajectories: [a], sources: ["gappy.npy"])
    let error = #expect(throws: TrainingError.self) { try BatchSampler(data: data, sequenceLength: 10) }
    let text = error?.description ?? ""
    #expect(text.contains("sequence_length") && text.contains("gappy.npy"), "\(text)")
    #expect(text.contains("longest complete stretch is 9 rows (rows 21–29 of gappy.npy)"), "\(text)")
    #expect(text.contains("no gap (missing values, NaN) longer than 1 row (a tenth of the window)"), "\(text)")
    #expect(text.contains("choose sequence_length ≤ 8"), "\(text)")
    #expect(try BatchSampler(data: data, sequenceLength: 8).windowCount == 1)
  }

  @Test("the lag-1 autocorrelation of auto ignores the gaps")
  func autocorrelationIgnoresGaps() throws {
    // Valid values 1, −1, −1, 1 (mean 0, power 4); the pairs (1, −1) and (−1, 1) give −2: r = −1/2.
    let x = Tensor<Double>(shape: [5, 1], scalars: [1, -1, .nan, -1, 1])
    expectClose(AlphaMethod.meanLagOneAutocorrelation(try Dataset(trajectories: [x])), -0.5, rtol: 1e-15)
  }

  @Test("a trainer on gappy data trains: finite losses, and the loss falls")
  func trainsOnGappyData() throws {
    // A noisy rotation with dropped samples and a lost stretch.
    var rng = RandomGenerator(seed: 2)
    var values: [Double] = []
    for t in 0..<600 {
      let phase = Double(t) * 2 * Double.pi / 40
      values += [Foundation.sin(phase) + 0.01 * rng.normal(), Foundation.cos(phase) + 0.01 * rng.normal()]
    }
    for r in [17, 90, 91, 92, 93, 94, 300] { values[2 * r] = .nan }
    values[2 * 451 + 1] = .nan
    let data = try Dataset(trajectories: [Tensor(shape: [600, 2], scalars: values)])
    var initRNG = RandomGenerator(seed: 1)
    let model = ShallowPLRNN<Double>(latentDimension: 2, hiddenDimension: 8, clipped: true, using: &initRNG)
    let observation = ObservationModel<Double>(kind: .identity, observedDimension: 2, latentDimension: 2, using: &initRNG)
    var settings = TrainingSettings.trainerTest
    (settings.sequenceLength, settings.batchSize, settings.epochs, settings.batchesPerEpoch) = (20, 8, 30, 10)
    (settings.startLearningRate, settings.endLearningRate) = (1e-2, 1e-3)
    settings.forcing = .generalized(GTFSettings(alpha: 0.2, method: .automatic, decay: 0.999, updateInterval: 5))
    let trainer = try Trainer(model: model, observation: observation, inputWeights: nil, data: data, settings: settings, rng: RandomGenerator(seed: 3))
    var losses: [Double] = []
    for _ in 0..<(30 * 10) { losses.append(try trainer.trainBatch(indexInEpoch: 1 + losses.count % 10).total) }
    #expect(losses.allSatisfy(\.isFinite) && trainer.parametersAreFinite && trainer.alpha.isFinite)
    let early = losses.prefix(20).reduce(0, +) / 20, late = losses.suffix(20).reduce(0, +) / 20
    #expect(late < 0.5 * early, "loss \(early) → \(late)")
  }
}
