import DSRDynamics
import DSRTensor

/// A capability: a latent model with a bound on the norm of its Jacobian computed from the
/// parameters alone, `‖∂F/∂z‖₂ ≤ normUpperBound()` at every state.
///
/// The `jacobian_upper_bound` α method of adaptive GTF needs it; the trainer asks for this
/// protocol instead of naming a model type. The shallow PLRNNs conform.
public protocol JacobianNormBounded<Scalar>: LatentModel {
  /// An upper bound of the Jacobian's spectral norm over all states.
  ///
  /// - Throws: when a spectral norm cannot be computed (e.g. non-finite parameters).
  func normUpperBound() throws -> Scalar
}
