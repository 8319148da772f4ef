import DSRTensor

/// The nonlinear part Φ of a PLRNN-family step, as a fused kernel on raw buffers.
///
/// Every model in the zoo has the form `z' = A ⊙ z + W·Φ(z) + h` and differs only in Φ:
/// - PLRNN: `Φ(z) = relu(z)`; mean-centred PLRNN: `relu(z − mean z)`; AL-RNN: relu on the last
///   P units only (``RectifiedFeatures``);
/// - dendritic PLRNN: a sum of shifted ReLUs per unit (``DendriticFeatures``);
/// - shallow PLRNN: `relu(W₂z + h₂)` (− `relu(W₂z)` when clipped), with W = W₁, h = h₁
///   (``ShallowFeatures``).
///
/// Buffers are in row layout: a batch of S states is an `S × M` row-major matrix, one state per
/// row, and the features of a batch are `S × F` with rows ``featureStride`` apart. ``FusedStep`` owns the affine part and calls the
/// map once per step forward and once per step backward. A model hands out its map through
/// ``LatentModel/featureKernel()``; the kernel is checked against the model's
/// ``LatentModel/differentiableFeatures(_:parameters:)`` composed into the tape step.
public protocol FeatureMap<Scalar>: AnyObject {
  /// The floating-point type of the buffers.
  associatedtype Scalar: BLASScalar
  /// F, the number of features (the number of columns of W).
  var featureCount: Int { get }
  /// The row stride of the feature buffers (≥ ``featureCount``; the columns beyond F are zero
  /// and stay zero). Valid after ``load(parameters:batchSize:steps:)``.
  var featureStride: Int { get }
  /// The positions of Φ's own parameters in the model's ``LatentModel/parameters``.
  var parameterIndices: [Int] { get }
  /// Copies the current parameters and sizes the caches for `steps` steps of `batchSize` states.
  func load(parameters: [Tensor<Scalar>], batchSize: Int, steps: Int)
  /// `phi ← Φ(z)` for step `t`, caching what ``backward(step:state:featureGradient:stateGradient:)`` needs.
  func forward(step t: Int, state z: UnsafePointer<Scalar>, features phi: UnsafeMutablePointer<Scalar>)
  /// Adds `(∂Φ/∂z)ᵀ·dPhi` to `dz`, records the gradient of Φ's parameters for step `t`, and
  /// writes `Φ(z)` into `phi` again, bit for bit what ``forward(step:state:features:)`` wrote
  /// (``FusedStep`` keeps the features of one gradient block only; a map that caches
  /// pre-activations recomputes them in the same pass). `dPhi` may be overwritten. `z` points at
  /// step t of the stacked `(steps·S) × M` inputs, so the rows of steps t+1, t+2, … follow it (the
  /// sweep runs t = steps−1 … 0).
  func backward(
    step t: Int, state z: UnsafePointer<Scalar>, featureGradient dPhi: UnsafeMutablePointer<Scalar>,
    stateGradient dz: UnsafeMutablePointer<Scalar>, features phi: UnsafeMutablePointer<Scalar>)
  /// ``backward(step:state:featureGradient:stateGradient:features:)`` from the step's output
  /// gradient `g = ∂L/∂z_{t+1}` (`rows × dimension`) and W (`dimension × F`, row-major) instead
  /// of from `dPhi = g·W`, so that a map can fuse that product into its pullback
  /// (``ShallowFeatures`` does). The default forms dPhi in `scratch` (`rows × featureStride`,
  /// columns beyond F zero) and calls the other.
  func backward(
    step t: Int, state z: UnsafePointer<Scalar>, outputGradient g: UnsafePointer<Scalar>, weights w: UnsafePointer<Scalar>,
    rows: Int, dimension: Int, scratch: UnsafeMutablePointer<Scalar>, stateGradient dz: UnsafeMutablePointer<Scalar>,
    features phi: UnsafeMutablePointer<Scalar>)
  /// The gradients of Φ's parameters over all steps run backwards since
  /// ``load(parameters:batchSize:steps:)`` (accumulated by ``backward(step:state:featureGradient:stateGradient:)``).
  func parameterGradients() -> [Tensor<Scalar>]
}

extension FeatureMap {
  /// Packed rows: the stride is F.
  public var featureStride: Int { featureCount }

  /// The default: ``backwardThroughProduct(step:state:outputGradient:weights:rows:dimension:scratch:stateGradient:features:)``.
  public func backward(
    step t: Int, state z: UnsafePointer<Scalar>, outputGradient g: UnsafePointer<Scalar>, weights w: UnsafePointer<Scalar>,
    rows: Int, dimension: Int, scratch: UnsafeMutablePointer<Scalar>, stateGradient dz: UnsafeMutablePointer<Scalar>,
    features phi: UnsafeMutablePointer<Scalar>
  ) {
    backwardThroughProduct(
      step: t, state: z, outputGradient: g, weights: w, rows: rows, dimension: dimension, scratch: scratch,
      stateGradient: dz, features: phi)
  }

  /// dPhi = g·W into `scratch`, then ``backward(step:state:featureGradient:stateGradient:features:)``
  /// (the unfused pullback from the output gradient, also a fusing map's fallback).
  public func backwardThroughProduct(
    step t: Int, state z: UnsafePointer<Scalar>, outputGradient g: UnsafePointer<Scalar>, weights w: UnsafePointer<Scalar>,
    rows: Int, dimension: Int, scratch: UnsafeMutablePointer<Scalar>, stateGradient dz: UnsafeMutablePointer<Scalar>,
    features phi: UnsafeMutablePointer<Scalar>
  ) {
    // dΦ = g·W  (S × M)·(M × F)
    gemm(g, w, m: rows, n: featureCount, k: dimension, into: scratch, ldc: featureStride)
    backward(step: t, state: z, featureGradient: scratch, stateGradient: dz, features: phi)
  }
}

/// A row stride for `rows` rows of `count` features of `scalarSize` bytes: `count` rounded up so
/// that every row starts on 64 bytes (no scalar tail in the vector loops) and one step of `rows`
/// rows spans whole 4 KiB pages (the blocks of steps then line up with the other page-aligned
/// buffers, see ``Buffer``), when that costs at most half as much again; otherwise rounded up to
/// 64 bytes only. For 16 rows of Float: 250 → 256, 512 → 512, 100 → 128.
public func paddedFeatureStride(count: Int, rows: Int, scalarSize: Int) -> Int {
  let line = Swift.max(1, 64 / scalarSize)
  let lined = (count + line - 1) / line * line
  var stride = lined
  while stride * rows * scalarSize % 4096 != 0 && stride < count + count / 2 { stride += line }
  return stride * rows * scalarSize % 4096 == 0 ? stride : lined
}
