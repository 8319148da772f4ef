import DSRAutodiff
import DSRDynamics
import DSRTensor

/// The derivative of a feature map at one state, `∂Φ/∂z = diag(gate)·input`.
///
/// `gate` holds one slope per feature (F values; with dsr's one ReLU convention a rectifier
/// exactly at its kink has slope 0); `input` is the F × M matrix that feeds the rectifiers, or nil
/// when it is the identity (Φ acts unit by unit, F = M).
public struct FeatureDerivative<Scalar: BLASScalar> {
  /// The slope of each feature with respect to its argument (length F).
  public var gate: [Scalar]
  /// The F × M matrix through which the state enters the features (W₂ for the shallow models,
  /// the centring `I − 11ᵀ/M` for the mean-centred PLRNN), or nil for the identity.
  public var input: Tensor<Scalar>?

  /// `∂Φ/∂z = diag(gate)·input` (`input` nil: the identity).
  public init(gate: [Scalar], input: Tensor<Scalar>? = nil) { (self.gate, self.input) = (gate, input) }
}

// MARK: - the family step, written once against Φ

extension LatentModel {
  /// A, W and h, the affine part of `z' = A ⊙ z + W·Φ(z) + h` (the parameters at
  /// ``affineIndices``; for the shallow models W = W₁ and h = h₁).
  public var affineParameters: (a: Tensor<Scalar>, w: Tensor<Scalar>, h: Tensor<Scalar>) {
    let p = parameters, i = Self.affineIndices
    return (p[i.a], p[i.w], p[i.h])
  }

  /// `F(z) = A ⊙ z + W·Φ(z) + h` for a state vector or an `M × S` batch (one state per column).
  ///
  /// The default for a new family; the zoo's models forward to ``affineFeatureStep(_:)`` from a
  /// method specialised for Float and Double, which keeps generic glue out of per-step loops
  /// (Lyapunov spectra, symbolic verification) when the model is used through `any LatentModel`.
  public func step(_ z: Tensor<Scalar>) -> Tensor<Scalar> { affineFeatureStep(z) }

  /// `∂F/∂z = diag(A) + W·diag(gate)·input` with the gate and input of ``featureDerivative(at:)``
  /// (the default; see ``step(_:)`` on specialisation).
  public func jacobian(at z: Tensor<Scalar>) -> Tensor<Scalar> { affineFeatureJacobian(at: z) }

  /// The family step, written once: `A ⊙ z + W·Φ(z) + h` with Φ from ``features(_:)``.
  @inline(__always)
  func affineFeatureStep(_ z: Tensor<Scalar>) -> Tensor<Scalar> {
    let x = asBatch(z)
    let (a, w, h) = affineParameters
    return restoring(column(a) * x + w.matmul(features(x)) + column(h), like: z)
  }

  /// The family Jacobian, written once: `diag(A) + W·diag(gate)·input` from ``featureDerivative(at:)``.
  @inline(__always)
  func affineFeatureJacobian(at z: Tensor<Scalar>) -> Tensor<Scalar> {
    let derivative = featureDerivative(at: z)
    let (a, w, _) = affineParameters
    guard let input = derivative.input else { return diagonalPlusScaledColumns(a, w, gate: derivative.gate) }
    return scaledColumns(w, gate: derivative.gate).matmul(input) + Tensor.diagonal(a.scalars)
  }

  /// `F(z)` on the tape: `A ⊙ z + W·Φ(z) + h` with Φ from ``differentiableFeatures(_:parameters:)``.
  public func differentiableStep(_ z: Variable<Scalar>, parameters p: [Variable<Scalar>]) -> Variable<Scalar> {
    let x = asBatch(z)
    let i = Self.affineIndices
    let phi = differentiableFeatures(x, parameters: p)
    return column(p[i.a]) * x + matmul(p[i.w], phi) + column(p[i.h])
  }

  /// The fused kernel: the affine part of ``FusedStep`` around the model's ``featureKernel()``.
  public func fusedStep() -> FusedStep<Scalar> {
    FusedStep(dimension: dimension, features: featureKernel(), indices: Self.affineIndices, parameterCount: Self.parameterNames.count)
  }
}

/// `diag(a) + W·diag(gate)` (W square).
@_specialize(where S == Float) @_specialize(where S == Double)
func diagonalPlusScaledColumns<S>(_ a: Tensor<S>, _ w: Tensor<S>, gate: [S]) -> Tensor<S> {
  let m = a.count
  precondition(w.shape == [m, m], "diagonalPlusScaledColumns: W must be M × M")
  var j = scaledColumns(w, gate: gate)
  for i in 0..<m { j.scalars[i * m + i] += a.scalars[i] }
  return j
}

/// `W·diag(gate)` for any R × C matrix W.
@_specialize(where S == Float) @_specialize(where S == Double)
func scaledColumns<S>(_ w: Tensor<S>, gate: [S]) -> Tensor<S> {
  var j = w
  for r in 0..<w.shape[0] { for c in 0..<w.shape[1] { j.scalars[r * w.shape[1] + c] *= gate[c] } }
  return j
}
