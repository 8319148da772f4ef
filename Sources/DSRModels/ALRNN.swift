import DSRAutodiff
import DSRDynamics
import DSRTensor

/// The Almost-Linear RNN `z' = a ⊙ z + W·φ(z) + h` (alrnn-symbolic.md §1.1).
///
/// `φ` leaves the first `M − P` units linear and rectifies the last P ("piecewise-linear") units:
/// `φ(z) = (z_1, …, z_{M−P}, relu(z_{M−P+1}), …, relu(z_M))`. W is a full matrix (no zero-diagonal
/// rule). With P = 0 the model is linear (the reference Julia semantics; the Python code's P = 0
/// bug that rectifies every unit is not reproduced).
///
/// Jacobian (also the matrix of the affine map in a linear subregion):
/// `diag(a) + W·diag(1_{M−P}, 1[z_{M−P+1…M} > 0])`.
public struct ALRNN<Scalar: BLASScalar>: LatentModel {
  /// The name in the reference configuration (`latent_model`).
  public var referenceName: String { "ALRNN" }
  /// The names of ``parameters``, in order.
  public static var parameterNames: [String] { ["A", "W", "h"] }
  /// A (length M), the diagonal of the linear self-coupling.
  public var a: Tensor<Scalar>
  /// W (M × M), the weights of the features.
  public var w: Tensor<Scalar>
  /// h (length M), the bias.
  public var h: Tensor<Scalar>
  /// P, the number of piecewise-linear units (the last P units); structural, not trained.
  public var piecewiseLinearUnits: Int

  /// A model with the given parameters (a and h of length M, W `M × M`, 0 ≤ P ≤ M).
  public init(a: Tensor<Scalar>, w: Tensor<Scalar>, h: Tensor<Scalar>, piecewiseLinearUnits p: Int) {
    let m = a.count
    precondition(a.shape == [m] && w.shape == [m, m] && h.shape == [m], "ALRNN: shapes \(a.shape), \(w.shape), \(h.shape)")
    precondition(p >= 0 && p <= m, "ALRNN: P = \(p) must lie in 0…M = \(m)")
    (self.a, self.w, self.h, self.piecewiseLinearUnits) = (a, w, h, p)
  }

  /// The reference initialisation (alrnn-symbolic.md §1.3): a = diag(K)/λ from
  /// `normalized_positive_definite`, W = 0.01·N(0, 1) (full), h = 0.
  public init(latentDimension m: Int, piecewiseLinearUnits p: Int, using rng: inout RandomGenerator) {
    let k: Tensor<Scalar> = Initialization.normalizedPositiveDefinite(m, using: &rng)
    let w = Tensor<Scalar>.normal(shape: [m, m], standardDeviation: Scalar(0.01), using: &rng)
    self.init(a: Tensor(k.diagonalElements), w: w, h: Tensor(zeros: [m]), piecewiseLinearUnits: p)
  }

  /// M.
  public var dimension: Int { a.count }
  /// The trainable arrays in the order of ``parameterNames``.
  public var parameters: [Tensor<Scalar>] {
    get { [a, w, h] }
    set { (a, w, h) = (newValue[0], newValue[1], newValue[2]) }
  }

  /// P as a structural size.
  public var sizes: ModelSizes { ModelSizes(piecewiseLinearUnits: piecewiseLinearUnits) }

  /// `a ⊙ z + W·φ(z) + h`: the family step, specialised for Float and Double.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func step(_ z: Tensor<Scalar>) -> Tensor<Scalar> { affineFeatureStep(z) }
  /// The family Jacobian `diag(A) + W·∂Φ/∂z`, specialised for Float and Double.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func jacobian(at z: Tensor<Scalar>) -> Tensor<Scalar> { affineFeatureJacobian(at: z) }

  /// φ(x) for a batch `M × S`: the first M − P units pass through, the last P are rectified.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func features(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    let linear = dimension - piecewiseLinearUnits
    var out = x
    let columns = x.shape[1]
    for i in (linear * columns)..<(dimension * columns) where out.scalars[i] <= 0 { out.scalars[i] = 0 }
    return out
  }

  /// `∂φ/∂z = diag(1_{M−P}, 1[z_{M−P+1…M} > 0])`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func featureDerivative(at z: Tensor<Scalar>) -> FeatureDerivative<Scalar> {
    let linear = dimension - piecewiseLinearUnits
    return FeatureDerivative(gate: (0..<dimension).map { i in i < linear || z[i] > 0 ? 1 : 0 })
  }

  /// φ on the tape.
  public func differentiableFeatures(_ x: Variable<Scalar>, parameters p: [Variable<Scalar>]) -> Variable<Scalar> {
    let linear = dimension - piecewiseLinearUnits
    if piecewiseLinearUnits == 0 { return x }
    if linear == 0 { return relu(x) }
    return concatenatingRows(rows(x, 0..<linear), relu(rows(x, linear..<dimension)))
  }

  /// ``RectifiedFeatures`` on the last P units.
  public func featureKernel() -> any FeatureMap<Scalar> {
    RectifiedFeatures<Scalar>(dimension: dimension, mode: .lastUnits(piecewiseLinearUnits))
  }

  /// The first M − P units pass through; one switch `z_i > 0` per piecewise-linear unit i.
  public func featureSwitches() -> FeatureSwitches {
    let (m, linear) = (dimension, dimension - piecewiseLinearUnits)
    return FeatureSwitches(
      passThroughUnits: Array(0..<linear),
      switches: (linear..<m).map { i in FeatureSwitch(unit: i, of: m, feature: i, name: "z_\(i + 1)") },
      unitSwitches: true)
  }

  /// A, W, h are parameters 0, 1, 2.
  public static var affineIndices: (a: Int, w: Int, h: Int) { (0, 1, 2) }
  /// (A, W, h) as stored.
  public var affineParameters: (a: Tensor<Scalar>, w: Tensor<Scalar>, h: Tensor<Scalar>) { (a, w, h) }

  /// The AL-RNN reference's latent regulariser (alrnn-symbolic.md §2.4):
  /// `λ·‖relu(a + diag W − 0.05)‖₂`, a plain (not squared) norm that penalises units whose
  /// self-coupling a_i + W_ii exceeds 0.05. Its gradient is `λ·r/‖r‖` on a and diag W (0 when r = 0).
  public func latentRegularization(_ lambda: Scalar) -> (value: Scalar, gradients: [Tensor<Scalar>]) {
    let m = dimension
    let excess: [Scalar] = (0..<m).map { i in Swift.max(a[i] + w[i, i] - Scalar(0.05), 0) }
    let norm = Scalar.sqrt(excess.reduce(0) { $0 + $1 * $1 })
    var gA = Tensor<Scalar>(zeros: [m]), gW = Tensor<Scalar>(zeros: [m, m])
    if norm > 0 {
      for i in 0..<m {
        gA.scalars[i] = lambda * excess[i] / norm
        gW.scalars[i * m + i] = gA.scalars[i]
      }
    }
    return (lambda * norm, [gA, gW, Tensor(zeros: [m])])
  }
}
