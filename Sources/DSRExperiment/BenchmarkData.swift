import DSRDynamics
import DSRTensor
import Foundation

/// Data sets from the benchmark systems: a trajectory, optional Gaussian observation noise and
/// z-scoring (`dsr data generate` and `dsr suite`).
public enum BenchmarkData {
  /// How to sample a system.
  public struct Recipe: Sendable, Equatable {
    /// Rows of the result.
    public var steps: Int
    /// The sampling interval (flows; ignored for maps).
    public var dt: Double
    /// Discarded before the first row: time units (flows) or iterations (maps).
    public var transient: Double
    /// Observation noise as a fraction of each column's standard deviation.
    public var noise = 0.0
    /// The seed of the noise.
    public var seed: UInt64 = 1
    /// z-score every column (mean 0, sample std 1) after the noise.
    public var standardize = false
    /// The initial state (nil: the system's).
    public var initial: [Double]? = nil
    /// The Dormand–Prince integrator's relative error tolerance per step (flows).
    public var relativeTolerance = 1e-10
    /// The Dormand–Prince integrator's absolute error tolerance per step (flows).
    public var absoluteTolerance = 1e-12

    /// A recipe of `steps` rows sampled every `dt` after a transient of `transient`, without noise or z-scoring.
    public init(steps: Int, dt: Double, transient: Double) { (self.steps, self.dt, self.transient) = (steps, dt, transient) }
  }

  /// The peak memory per row of ``generate(_:_:)`` with N columns: the integrator's rows, the
  /// tensor, and the file's float copy (measured: 111 bytes per row for N = 3).
  public static func bytesPerRow(dimension n: Int) -> Double { 64 + 24 * Double(n) }

  /// The `steps × N` data set of `system` sampled by `recipe`.
  ///
  /// - Throws: `IntegrationError` when the integrator gives up.
  public static func generate(_ system: BenchmarkSystem, _ recipe: Recipe) throws -> Tensor<Double> {
    try generateWithFinalState(system, recipe).data
  }

  /// ``generate(_:_:)`` and the last clean state of the trajectory (before noise and z-scoring),
  /// from which a later stretch of the same orbit can continue.
  public static func generateWithFinalState(_ system: BenchmarkSystem, _ recipe: Recipe) throws -> (data: Tensor<Double>, finalState: [Double]) {
    let rows = try system.trajectory(
      steps: recipe.steps, dt: recipe.dt, transient: recipe.transient, from: recipe.initial,
      relativeTolerance: recipe.relativeTolerance, absoluteTolerance: recipe.absoluteTolerance)
    let n = system.dimension
    var x = Tensor(shape: [recipe.steps, n], scalars: rows.flatMap { $0 })
    if recipe.noise > 0 {
      var rng = RandomGenerator(seed: recipe.seed)
      let std = x.standardDeviation(alongAxis: 0)
      for t in 0..<recipe.steps { for d in 0..<n { x.scalars[t * n + d] += recipe.noise * std[d] * rng.normal() } }
    }
    if recipe.standardize {
      let count = Double(recipe.steps)
      let sample = (x.variance(alongAxis: 0) * (count / Swift.max(count - 1, 1))).sqrt()
      x = (x - x.mean(alongAxis: 0)) / sample
    }
    return (x, rows[recipe.steps - 1])
  }
}
