import DSRExperiment
import DSRModels
import DSRTensor
import Foundation

/// Small models with known dynamics for the free-run tests: a skew tent map on u, written as a
/// two-unit ALRNN (z₁ = u, z₂ = u − 1, both rectified; observed as (u, u − 1)):
///
/// `f(u) = 0.5u − 0.5` for u < 0 (a stable fixed point at u = −1), `−0.5 + 2u` on [0, 1], and
/// `1.5 − s(u − 1)` above 1. With s = 1.5 the interval [0.75, 1.5] is invariant and chaotic
/// (λ > 0) beside the fixed point: two attractors. With s slightly above 2 the interval leaks,
/// and every orbit wanders chaotically for hundreds to thousands of steps before it falls to
/// the fixed point.
enum FreeRunModels {
  static func tent(fall s: Double) -> ReconstructedSystem<Double> {
    let model = ALRNN<Double>(a: Tensor([0.5, 0.5]), w: Tensor([[1.5, -s - 2], [1.5, -s - 2]]), h: Tensor([-0.5, -1.0]),
                              piecewiseLinearUnits: 2)
    return ReconstructedSystem(model: model, observation: ObservationModel(kind: .identity, observedDimension: 2, latentDimension: 2, parameters: []))
  }

  /// The chaotic band and the fixed point side by side.
  static let bistable = tent(fall: 1.5)
  /// Chaos for a while, then the fixed point.
  static let leaking = tent(fall: 2.001)

  /// Rows (u, u − 1) for the values `u`.
  static func data(_ u: [Double]) -> Tensor<Double> { Tensor(shape: [u.count, 2], scalars: u.flatMap { [$0, $0 - 1] }) }

  /// `rows` rows of the living band's orbit from u = 1.2 (the training data of the tests).
  static func bandOrbit(rows: Int) throws -> Tensor<Double> {
    try bistable.generate(from: Tensor([1.2, 0.2]), steps: rows).observed
  }

  /// Writes `system` as the checkpoint of `epoch` in `run`.
  static func writeCheckpoint(_ system: ReconstructedSystem<Double>, epoch: Int, in run: RunDirectory) throws {
    let file = ModelFile(model: system.model, observation: system.observation, inputWeights: nil, training: nil)
    try file.jsonData().write(to: URL(fileURLWithPath: run.modelCheckpoint(epoch: epoch)))
  }
}
