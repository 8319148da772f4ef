import DSRData
import DSRExperiment
import DSRModels
import DSRTensor
import DSRTraining
import Foundation

/// One timed training configuration.
public struct TrainingBenchmarkResult: Codable, Sendable {
  /// The configuration name, e.g. `lorenz63-clippedshplrnn-gtf`.
  public var config: String
  /// Median milliseconds per full training batch (sampling, forcing, forward, loss, backward,
  /// regularisation, RAdam update).
  public var msPerBatch: Double
  /// GEMM FLOPs per batch divided by the time (elementwise work not counted).
  public var gflops: Double
  /// Peak resident memory of the process after this configuration, in MB.
  public var peakMemoryMB: Double
  /// The PyTorch eager time of the same batch on this machine (benchmarks.md §4) and the target.
  public var pytorchMs: Double
  /// The target time per batch, milliseconds.
  public var targetMs: Double
  /// A human description of the setting.
  public var setting: String

  enum CodingKeys: String, CodingKey {
    case config, gflops, setting
    case msPerBatch = "ms_per_batch"
    case peakMemoryMB = "peak_memory_mb"
    case pytorchMs = "pytorch_ms"
    case targetMs = "target_ms"
  }
}

/// `dsr bench` training configurations (Float32, batch 16), the speed table, plus the
/// adaptive-GTF (`-agtf`) variants, whose target is 1.3× the constant-α target.
public enum TrainingBenchmarks {
  struct Case {
    var name: String, setting: String, pytorch: Double, target: Double
    var model: (inout RandomGenerator) -> any LatentModel<Float>
    var observation: ObservationModel<Float>.Kind
    var observed: Int
    var forcing: Forcing
    var partial: Bool
    var sequenceLength: Int
    var flops: Double
    /// Batches timed per call with indexInEpoch 1…k (the α-update interval of adaptive GTF, so
    /// one α estimate is amortised over its k batches); 1 for the other configurations.
    var batchesPerCall = 1
  }

  nonisolated(unsafe) static let cases: [Case] = [
    Case(
      name: "lorenz63-clippedshplrnn-gtf", setting: "M=3, L=100, Identity, α=0.1, T̃=200", pytorch: 21.6, target: 0.85,
      model: { ShallowPLRNN(latentDimension: 3, hiddenDimension: 100, clipped: true, using: &$0) },
      observation: .identity, observed: 3, forcing: gtf(alpha: 0.1, method: .constant),
      partial: false, sequenceLength: 200, flops: shallowFlops(m: 3, l: 100, n: 3, affine: false, steps: 200)),
    Case(
      name: "ecg-clippedshplrnn-gtf", setting: "M=5, L=250, Affine N=5, α=0.3, T̃=200", pytorch: 27.3, target: 1.1,
      model: { ShallowPLRNN(latentDimension: 5, hiddenDimension: 250, clipped: true, using: &$0) },
      observation: .affine, observed: 5, forcing: gtf(alpha: 0.3, method: .constant),
      partial: false, sequenceLength: 200, flops: shallowFlops(m: 5, l: 250, n: 5, affine: true, steps: 200)),
    Case(
      name: "lorenz63-clippedshplrnn-agtf", setting: "M=3, L=100, Identity, α₀=0.1 product_upper_bound k=5, T̃=200", pytorch: 21.6,
      target: 0.85 * 1.3,
      model: { ShallowPLRNN(latentDimension: 3, hiddenDimension: 100, clipped: true, using: &$0) },
      observation: .identity, observed: 3,
      forcing: gtf(alpha: 0.1, method: .productUpperBound, updateInterval: 5),
      partial: false, sequenceLength: 200, flops: shallowFlops(m: 3, l: 100, n: 3, affine: false, steps: 200), batchesPerCall: 5),
    Case(
      name: "ecg-clippedshplrnn-agtf", setting: "M=5, L=250, Affine N=5, α₀=0.3 product_upper_bound k=5, T̃=200", pytorch: 27.3,
      target: 1.1 * 1.3,
      model: { ShallowPLRNN(latentDimension: 5, hiddenDimension: 250, clipped: true, using: &$0) },
      observation: .affine, observed: 5,
      forcing: gtf(alpha: 0.3, method: .productUpperBound, updateInterval: 5),
      partial: false, sequenceLength: 200, flops: shallowFlops(m: 5, l: 250, n: 5, affine: true, steps: 200), batchesPerCall: 5),
    Case(
      name: "eeg-clippedshplrnn-gtf", setting: "M=16, L=512, Affine N=64, α=0.1, T̃=50", pytorch: 7.9, target: 1.0,
      model: { ShallowPLRNN(latentDimension: 16, hiddenDimension: 512, clipped: true, using: &$0) },
      observation: .affine, observed: 64, forcing: gtf(alpha: 0.1, method: .constant),
      partial: false, sequenceLength: 50, flops: shallowFlops(m: 16, l: 512, n: 64, affine: true, steps: 50)),
    Case(
      name: "lorenz63-alrnn-stf", setting: "M=20, P=2, Identity, τ=16, T̃=200", pytorch: 16.2, target: 0.65,
      model: { ALRNN(latentDimension: 20, piecewiseLinearUnits: 2, using: &$0) },
      observation: .identity, observed: 3, forcing: .sparse(interval: 16), partial: true, sequenceLength: 200,
      flops: 12 * 200 * 16 * 20 * 20),
  ]

  /// A case's forcing: α₀ and the α method are the case's own, deliberately the reference's timing
  /// setups (constant α, or `product_upper_bound`), never the configuration's default `auto`,
  /// which would choose from the benchmark's synthetic noise (uncorrelated rows: `batch_maximum`)
  /// and so time another estimator than the case names; γ and, unless given, k are the
  /// configuration's defaults.
  static func gtf(alpha: Double, method: AlphaMethod, updateInterval: Int? = nil) -> Forcing {
    guard case .generalized(let defaults) = RunConfiguration.defaults.training.settings.forcing else {
      preconditionFailure("the default forcing (use_gtf) is GTF")
    }
    return .generalized(GTFSettings(alpha: alpha, method: method, decay: defaults.decay, updateInterval: updateInterval ?? defaults.updateInterval))
  }

  /// GEMM FLOPs of one shallow-PLRNN batch (S windows, the configuration's `batch_size`, 16): per step two products forward and two
  /// backward of 2·S·M·L each, plus ∂W₁ and ∂W₂ over all steps; Affine adds 3 products with B.
  static func shallowFlops(m: Int, l: Int, n: Int, affine: Bool, steps: Int) -> Double {
    let s = Double(RunConfiguration.defaults.training.settings.batchSize)
    let model = 12 * Double(steps) * s * Double(m * l)
    return model + (affine ? 6 * Double(steps) * s * Double(n * m) : 0)
  }

  /// The trainer of configuration `c` on synthetic data of its dimension (the cost of a batch
  /// does not depend on the values), with `c`'s forcing or `forcing`; the same seeds every time.
  static func makeTrainer(_ c: Case, forcing: Forcing? = nil, threads: Int? = nil) throws -> Trainer<Float> {
    var rng = RandomGenerator(seed: 1)
    let data = try Dataset(trajectories: [Tensor<Float>.normal(shape: [20_000, c.observed], using: &rng)])
    let model = c.model(&rng)
    let observation = ObservationModel<Float>(kind: c.observation, observedDimension: c.observed, latentDimension: model.dimension, using: &rng)
    // A batch of what a user trains: the configuration's defaults (S = 16 windows, RADAM, λ_l,
    // no noise, no clipping), with the case's window length and forcing (the number of epochs and
    // the learning-rate schedule do not change what a batch costs).
    var settings = RunConfiguration.defaults.training.settings
    settings.sequenceLength = c.sequenceLength
    settings.forcing = forcing ?? c.forcing
    settings.partialForcing = c.partial
    if let threads { settings.threads = threads }
    return try Trainer(model: model, observation: observation, inputWeights: nil, data: data, settings: settings, rng: RandomGenerator(seed: 2))
  }

  /// The names of the configurations.
  public static var names: [String] { cases.map(\.name) }

  /// Times each configuration (or those named in `only`) for at least `minimumTime` seconds.
  ///
  /// With `fixedBatches` n > 0 the timing loop is replaced by exactly n batches with
  /// indexInEpoch 1…k, 1…k, … (k = 5, the α-update interval of the `-agtf` configurations, for
  /// every configuration, so constant and adaptive runs do the same batches) after one warm-up
  /// round of k batches, and the result is the mean time per batch. A fixed amount of work is
  /// what instruction counting under `valgrind --tool=callgrind` needs; n should be a multiple of k.
  ///
  /// `threads` overrides the configuration's `threads` (the batch split into that many shards
  /// computed in parallel).
  public static func run(minimumTime: Double, only: [String] = [], fixedBatches: Int = 0, threads: Int? = nil) throws -> [TrainingBenchmarkResult] {
    var results: [TrainingBenchmarkResult] = []
    for c in cases where only.isEmpty || only.contains(c.name) {
      let trainer = try makeTrainer(c, threads: threads)
      var batch = 0
      var failure: Error?
      let ns: Double
      if fixedBatches > 0 {
        let k = 5
        for index in 1...k { blackHole(try trainer.trainBatch(indexInEpoch: index)) }
        let t0 = DispatchTime.now().uptimeNanoseconds
        for b in 0..<fixedBatches { blackHole(try trainer.trainBatch(indexInEpoch: b % k + 1)) }
        ns = Double(DispatchTime.now().uptimeNanoseconds - t0) / Double(fixedBatches)
      } else if c.batchesPerCall == 1 {
        ns = CoreBenchmarks.time(opsPerCall: 1, minimumTime: minimumTime) {
          batch += 1
          do { blackHole(try trainer.trainBatch(indexInEpoch: (batch - 1) % 50 + 1)) } catch { failure = error }
        }
      } else {
        // k consecutive batches 1…k: the last one re-estimates α; the time is per batch.
        ns = CoreBenchmarks.time(opsPerCall: c.batchesPerCall, minimumTime: minimumTime) {
          for index in 1...c.batchesPerCall {
            do { blackHole(try trainer.trainBatch(indexInEpoch: index)) } catch { failure = error }
          }
        }
      }
      if let failure { throw failure }
      results.append(TrainingBenchmarkResult(
        config: c.name, msPerBatch: ns / 1e6, gflops: c.flops / ns, peakMemoryMB: peakResidentMemoryMB(),
        pytorchMs: c.pytorch, targetMs: c.target, setting: c.setting))
    }
    return results
  }
}

/// The process's peak resident set size (VmHWM) in MB, or 0 where /proc is unavailable.
public func peakResidentMemoryMB() -> Double {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
    return kb / 1024
  }
  return 0
}
