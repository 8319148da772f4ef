import DSRAutodiff
import DSRDynamics
import DSRTensor

/// A latent model of the PLRNN family: one step `z' = A ⊙ z + W·Φ(z) + h` with named parameter
/// arrays.
///
/// A model is one step; the trainer owns the unroll, forcing and loss. Every model of the zoo has
/// the same affine shape and differs only in its feature map Φ, so the generic parts are written
/// once (``step(_:)``, ``jacobian(at:)``, ``differentiableStep(_:parameters:)``, ``fusedStep()``,
/// and the symbolic switched affine form in DSRSymbolic) against what a family supplies.
///
/// ## For implementers
/// A new family is one file for the model (its parameters, initialisation and Φ) plus one for Φ's
/// fused kernel (a ``FeatureMap`` in `Fused/`). It supplies Φ once, in five forms that the tests
/// check against each other and against central finite differences:
/// - ``features(_:)``: Φ on an `M × S` batch (F × S), the plain step's nonlinearity;
/// - ``featureDerivative(at:)``: `∂Φ/∂z` at a state, for the analytic Jacobian;
/// - ``differentiableFeatures(_:parameters:)``: Φ on the tape, the reference for the fused kernel;
/// - ``featureKernel()``: Φ's fused forward and pullback on preallocated buffers (the hot path);
/// - ``featureSwitches()``: Φ switch by switch (g, c, u), for the symbolic form;
///
/// and the bookkeeping: ``parameterNames``, ``parameters``, ``affineIndices`` (where A, W, h sit),
/// ``latentRegularization(_:)``, ``referenceName``. Optional: a faster batched Jacobian
/// (``jacobians(atStates:count:into:workspace:)``), ``sizes``, and capabilities such as
/// ``JacobianNormBounded``.
///
/// States are vectors of length M or batches `M × S` (one state per column). Vector parameters
/// (A, h, …) act on each column.
public protocol LatentModel<Scalar>: DiscreteMap, Codable, Sendable {
  /// The model's name in the reference configuration (`latent_model`), e.g. `"clippedShallowPLRNN"`.
  var referenceName: String { get }
  /// The names of ``parameters``, in order (e.g. `["A", "W1", "W2", "h1", "h2"]`).
  static var parameterNames: [String] { get }
  /// The trainable arrays, in the order of ``parameterNames``.
  var parameters: [Tensor<Scalar>] { get set }
  /// `F(z)` on the tape, with the parameters given as variables (same order as ``parameters``).
  /// The family default composes `A ⊙ z + W·Φ(z) + h` around ``differentiableFeatures(_:parameters:)``.
  func differentiableStep(_ z: Variable<Scalar>, parameters: [Variable<Scalar>]) -> Variable<Scalar>
  /// The fused training kernel of this step (forward and pullback on preallocated buffers). The
  /// family default wraps ``featureKernel()`` in ``FusedStep``.
  func fusedStep() -> FusedStep<Scalar>
  /// Φ(x) for a batch x (`M × S`, one state per column): the `F × S` features that W multiplies.
  func features(_ x: Tensor<Scalar>) -> Tensor<Scalar>
  /// `∂Φ/∂z` at the state vector z, as `diag(gate)·input` (same strict `> 0` convention as the
  /// pullback and the region code).
  func featureDerivative(at z: Tensor<Scalar>) -> FeatureDerivative<Scalar>
  /// Φ on the tape for the batch variable x (`M × S`), with the parameters as variables (same
  /// order as ``parameters``).
  func differentiableFeatures(_ x: Variable<Scalar>, parameters: [Variable<Scalar>]) -> Variable<Scalar>
  /// A fresh fused kernel of Φ (forward and pullback on raw buffers), wrapped by ``fusedStep()``.
  func featureKernel() -> any FeatureMap<Scalar>
  /// Φ switch by switch in Double, from which DSRSymbolic builds the switched affine form.
  func featureSwitches() -> FeatureSwitches
  /// The structural sizes beyond M (hidden width, bases, piecewise-linear units), e.g. for the
  /// model file's `hidden_dim`, `num_bases` and `pwl_units`; none by default.
  var sizes: ModelSizes { get }
  /// The positions of A, W and h in ``parameters`` (for the shallow models W = W₁ and h = h₁).
  static var affineIndices: (a: Int, w: Int, h: Int) { get }
  /// A, W and h themselves; the default reads ``parameters`` at ``affineIndices``, a model may
  /// return its stored arrays directly (cheaper in per-step code).
  var affineParameters: (a: Tensor<Scalar>, w: Tensor<Scalar>, h: Tensor<Scalar>) { get }
  /// Whether training keeps the diagonal of W at zero by zeroing its gradient (vanilla,
  /// mean-centred and dendritic PLRNN, gtf-shplrnn.md §1.2).
  static var keepsZeroDiagonal: Bool { get }
  /// Whether the latent regulariser also covers the external-input weights C (shallow and
  /// dendritic models, gtf-shplrnn.md §2.6).
  static var regularizesInputWeights: Bool { get }
  /// The latent-model regulariser `λ·R(θ)` and its gradient, one tensor per parameter.
  func latentRegularization(_ lambda: Scalar) -> (value: Scalar, gradients: [Tensor<Scalar>])
  /// The Jacobians `J(z_i)` of `count` states in Double, written one `M × M` row-major matrix
  /// after another (matrix i at `out + i·M²`); state i is the M scalars at `states + i·M`.
  ///
  /// Equal to ``DiscreteMap/jacobian(at:)`` state by state (same strict `> 0` gate convention).
  /// The default evaluates `jacobian(at:)` per state
  /// (``jacobiansByPerStateEvaluation(atStates:count:into:)``); the models override it with
  /// kernels that allocate nothing once `workspace` has grown to the batch size.
  func jacobians(atStates states: UnsafePointer<Scalar>, count: Int, into out: UnsafeMutablePointer<Double>, workspace: JacobianWorkspace)
}

extension LatentModel {
  /// False: W's diagonal is trained like every other entry.
  public static var keepsZeroDiagonal: Bool { false }
  /// False: C is not part of the latent regulariser.
  public static var regularizesInputWeights: Bool { false }
  /// No structural sizes beyond M.
  public var sizes: ModelSizes { ModelSizes() }

  /// The reference's squared-L2 latent regulariser with A pulled towards 1:
  /// `λ·[Σ(1 − A_i)² + Σ_{p ∈ included} ‖p‖²]`, gradient `−2λ(1 − A)` and `2λp`.
  func squaredL2Regularization(_ lambda: Scalar, including names: [String]) -> (value: Scalar, gradients: [Tensor<Scalar>]) {
    var value: Scalar = 0
    let ia = Self.affineIndices.a
    let grads = parameters.enumerated().map { i, p -> Tensor<Scalar> in
      guard i == ia || names.contains(Self.parameterNames[i]) else { return Tensor(zeros: p.shape) }
      let (v, g) = squaredDistance(p, to: i == ia ? 1 : 0, lambda: lambda)
      value += v
      return g
    }
    return (lambda * value, grads)
  }
}

/// `Σ(p − c)²` and its gradient scaled by λ, `2λ(p − c)`: the differences, their sum of squares
/// (``sumOfSquares(_:count:)``: one chain of dependent additions was 1 % of an EEG batch; only the
/// reported loss depends on the order), then the scaling in place.
@_specialize(where S == Float) @_specialize(where S == Double)
func squaredDistance<S: BLASScalar>(_ p: Tensor<S>, to c: S, lambda: S) -> (S, Tensor<S>) {
  var g = p.scalars.map { $0 - c }
  let value = g.withUnsafeBufferPointer { d in d.baseAddress.map { sumOfSquares($0, count: d.count) } ?? 0 }
  let scale = 2 * lambda
  for i in g.indices { g[i] = scale * g[i] }
  return (value, Tensor(shape: p.shape, scalars: g))
}

extension LatentModel {
  /// The number of trainable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

  /// The parameter called `name`.
  public func parameter(_ name: String) -> Tensor<Scalar> {
    guard let i = Self.parameterNames.firstIndex(of: name) else {
      preconditionFailure("\(referenceName) has no parameter \(name); it has \(Self.parameterNames)")
    }
    return parameters[i]
  }
}

// MARK: - helpers shared by the models

/// A state vector as an `M × 1` batch; batches pass through.
@inlinable
func asBatch<S>(_ z: Tensor<S>) -> Tensor<S> { z.rank == 1 ? z.reshaped([z.count, 1]) : z }

/// Restores the shape of the input after a step on `asBatch(z)`.
@inlinable
func restoring<S>(_ y: Tensor<S>, like z: Tensor<S>) -> Tensor<S> { z.rank == 1 ? y.reshaped(z.shape) : y }

/// A vector of length n as an `n × 1` column (broadcasts over the columns of a batch).
@inlinable
func column<S>(_ v: Tensor<S>) -> Tensor<S> { v.reshaped([v.count, 1]) }

/// A vector variable as an `n × 1` column on the tape.
func column<S>(_ v: Variable<S>) -> Variable<S> { reshape(v, to: [v.value.count, 1]) }

/// A state variable as an `M × S` batch on the tape (vectors become `M × 1`).
func asBatch<S>(_ z: Variable<S>) -> Variable<S> {
  z.value.rank == 1 ? reshape(z, to: [z.value.count, 1]) : z
}
