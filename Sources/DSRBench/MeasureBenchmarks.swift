import DSRDynamics
import DSRMeasures
import DSRModels
import DSRTensor
import Foundation

/// One timed evaluation task of `dsr bench --measures`.
public struct MeasureBenchmarkResult: Codable, Sendable {
  /// The task's name, e.g. `dstsp-binned+dh 100000x3`.
  public var benchmark: String
  /// Median wall time of the repetitions, seconds.
  public var seconds: Double
  /// The target, seconds (nil = no target).
  public var targetSeconds: Double?
  /// What the task's inputs and settings are.
  public var note: String
}

/// Timings of the measures and of the evaluation protocol's building blocks on fixed inputs.
public enum MeasureBenchmarks {
  /// A z-scored Lorenz-63 trajectory (dt = 0.01, after 20 time units) of `steps` rows from a perturbed start.
  static func lorenz(_ steps: Int, offset: Double) throws -> Tensor<Double> {
    let rows = try BenchmarkSystem.lorenz63.trajectory(steps: steps, dt: 0.01, transient: 20, from: [1 + offset, 1, 1])
    let t = Tensor(shape: [steps, 3], scalars: rows.flatMap { $0 })
    return (t - t.mean(alongAxis: 0)) / t.standardDeviation(alongAxis: 0)
  }

  static func time(repeats: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<repeats {
      let t0 = DispatchTime.now().uptimeNanoseconds
      body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    return times.sorted()[times.count / 2]
  }

  /// Runs every benchmark `repeats` times.
  public static func run(repeats: Int = 3) throws -> [MeasureBenchmarkResult] {
    var results: [MeasureBenchmarkResult] = []
    let x = try lorenz(100_000, offset: 0), y = try lorenz(100_000, offset: 0.5)
    var sink = 0.0
    results.append(.init(benchmark: "dstsp-binned+dh 100000x3", seconds: time(repeats: repeats) {
      sink += StateSpaceDivergence.binned(true: x, generated: y, bins: 30)
      sink += PowerSpectrumDistance.hellinger(true: x, generated: y, smoothing: 20)
    }, targetSeconds: 0.3, note: "30 bins, σ = 20, two Lorenz-63 trajectories"))

    var rng = RandomGenerator(seed: 1)
    let a = Tensor<Double>(shape: [10_000, 64], scalars: (0..<640_000).map { _ in rng.normal() })
    let b = Tensor<Double>(shape: [10_000, 64], scalars: (0..<640_000).map { _ in rng.normal() * 1.1 })
    results.append(.init(benchmark: "dstsp-gmm 10000x64", seconds: time(repeats: repeats) {
      sink += StateSpaceDivergence.gaussianMixture(true: a, generated: b, scaling: 1, seed: 0)
    }, targetSeconds: 2, note: "σ² = 1, 1000 Monte-Carlo samples"))

    results.append(.init(benchmark: "lyapunov lorenz63-flow 100000 steps", seconds: time(repeats: repeats) {
      sink += BenchmarkSystem.lorenz63.lyapunovSpectrum(options: .init(steps: 100_000, transient: 0)).exponents[0]
    }, targetSeconds: 0.5, note: "full spectrum, RK4 + variational equation, dt = 0.01"))

    var modelRNG = RandomGenerator(seed: 3)
    let model = ShallowPLRNN<Float>(latentDimension: 3, hiddenDimension: 100, clipped: true, using: &modelRNG)
    results.append(.init(benchmark: "lyapunov clippedShallowPLRNN M=3 L=100 100000 steps", seconds: time(repeats: repeats) {
      sink += LyapunovSpectrum.compute(model, from: Tensor([0.1, 0.2, 0.3]), options: .init(steps: 100_000, transient: 0)).exponents[0]
    }, targetSeconds: 0.5, note: "full spectrum of a 3-d model map"))

    let system = ReconstructedSystem(
      model: model, observation: ObservationModel(kind: .identity, observedDimension: 3, latentDimension: 3, parameters: []))
    let xf = x.converted(to: Float.self)
    results.append(.init(benchmark: "generate 125000 steps M=3 L=100", seconds: time(repeats: repeats) {
      sink += Double((try? system.generate(from: xf.row(0), steps: 125_000))?.observed[0, 0] ?? 0)
    }, targetSeconds: nil, note: "free run of the evaluation protocol for T = 1e5"))
    results.append(.init(benchmark: "pe(20) 100000 starts M=3 L=100", seconds: time(repeats: repeats) {
      sink += (try? system.predictionError(on: xf, steps: 20)) ?? 0
    }, targetSeconds: nil, note: "every start point, batched"))
    if sink == .infinity { print("") }
    return results
  }
}
