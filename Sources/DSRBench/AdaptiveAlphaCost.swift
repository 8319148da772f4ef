import DSRTraining
import Foundation

/// The cost of adaptive α relative to constant α, measured in pairs so that a noisy machine
/// slows both sides alike.
public struct AdaptiveAlphaCostResult: Codable, Sendable {
  /// The adaptive configuration, e.g. `lorenz63-clippedshplrnn-agtf`.
  public var config: String
  /// Median milliseconds per batch with constant α (the same model, data and batches).
  public var constantMs: Double
  /// Median milliseconds per batch with adaptive α (one estimate per k batches, averaged).
  public var adaptiveMs: Double
  /// The median over rounds of adaptive time / constant time of that round.
  public var ratio: Double
  /// The number of paired rounds.
  public var rounds: Int

  enum CodingKeys: String, CodingKey {
    case config, ratio, rounds
    case constantMs = "constant_ms"
    case adaptiveMs = "adaptive_ms"
  }
}

/// `dsr bench --alpha-cost`: each `-agtf` configuration against its constant-α twin (same model,
/// data, seeds and α₀), interleaved round by round.
public enum AdaptiveAlphaCost {
  /// Rounds of k = 5 batches (indexInEpoch 1…k, so one α estimate per adaptive round), constant
  /// and adaptive alternating in the order ABBA, until `minimumTime` seconds have passed per
  /// configuration (at least 8 rounds).
  public static func run(minimumTime: Double, only: [String] = []) throws -> [AdaptiveAlphaCostResult] {
    var results: [AdaptiveAlphaCostResult] = []
    for c in TrainingBenchmarks.cases where c.batchesPerCall > 1 && (only.isEmpty || only.contains(c.name)) {
      guard case .generalized(let gtf) = c.forcing else { continue }
      var constantSettings = gtf
      constantSettings.method = .constant
      let constant = try TrainingBenchmarks.makeTrainer(c, forcing: .generalized(constantSettings))
      let adaptive = try TrainingBenchmarks.makeTrainer(c)
      let k = c.batchesPerCall
      func round(_ trainer: Trainer<Float>) throws -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        for index in 1...k { blackHole(try trainer.trainBatch(indexInEpoch: index)) }
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / Double(k)
      }
      _ = try round(constant)
      _ = try round(adaptive)
      var constantTimes: [Double] = [], adaptiveTimes: [Double] = [], ratios: [Double] = []
      let start = DispatchTime.now().uptimeNanoseconds
      var pair = 0
      while ratios.count < 8 || Double(DispatchTime.now().uptimeNanoseconds - start) < minimumTime * 1e9 {
        let (a, b): (Double, Double)
        if pair % 2 == 0 {
          a = try round(constant)
          b = try round(adaptive)
        } else {
          b = try round(adaptive)
          a = try round(constant)
        }
        constantTimes.append(a)
        adaptiveTimes.append(b)
        ratios.append(b / a)
        pair += 1
      }
      results.append(AdaptiveAlphaCostResult(
        config: c.name, constantMs: median(constantTimes) / 1e6, adaptiveMs: median(adaptiveTimes) / 1e6,
        ratio: median(ratios), rounds: ratios.count))
    }
    return results
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let n = sorted.count
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
  }
}
