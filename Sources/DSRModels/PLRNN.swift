import DSRAutodiff
import DSRDynamics
import DSRTensor

/// The vanilla PLRNN and the mean-centred PLRNN (gtf-shplrnn.md §1.2–1.3).
///
/// - vanilla: `z' = A ⊙ z + W·relu(z) + h`;
///   Jacobian `diag(A) + W·diag(1[z > 0])`;
/// - mean-centred: `z' = A ⊙ z + W·relu(z − mean(z)) + h`, the mean over the M units of each
///   state (one scalar per column of a batch); with `𝓜 = I − 11ᵀ/M`, Jacobian
///   `diag(A) + W·diag(1[𝓜z > 0])·𝓜`.
///
/// Parameters: A ∈ ℝ^M (the diagonal, stored as a vector), W ∈ ℝ^{M×M} with zero diagonal
/// (training keeps it there by zeroing the diagonal of W's gradient), h ∈ ℝ^M.
public struct PLRNN<Scalar: BLASScalar>: LatentModel {
  /// The name in the reference configuration (`latent_model`).
  public var referenceName: String { meanCentered ? "mcPLRNN" : "PLRNN" }
  /// The names of ``parameters``, in order.
  public static var parameterNames: [String] { ["A", "W", "h"] }
  /// Whether this is the mean-centred variant.
  public var meanCentered: Bool
  /// A (length M), the diagonal of the linear self-coupling.
  public var a: Tensor<Scalar>
  /// W (M × M), the weights of the features.
  public var w: Tensor<Scalar>
  /// h (length M), the bias.
  public var h: Tensor<Scalar>

  /// A model with the given parameters (A and h of length M, W `M × M`).
  public init(a: Tensor<Scalar>, w: Tensor<Scalar>, h: Tensor<Scalar>, meanCentered: Bool = false) {
    let m = a.count
    precondition(a.shape == [m] && w.shape == [m, m] && h.shape == [m], "PLRNN: shapes \(a.shape), \(w.shape), \(h.shape)")
    (self.a, self.w, self.h, self.meanCentered) = (a, w, h, meanCentered)
  }

  /// The reference initialisation: `initialize_A_W_h(M)`.
  public init(latentDimension m: Int, meanCentered: Bool = false, using rng: inout RandomGenerator) {
    let (a, w): (Tensor<Scalar>, Tensor<Scalar>) = Initialization.aW(m, using: &rng)
    self.init(a: a, w: w, h: Tensor(zeros: [m]), meanCentered: meanCentered)
  }

  /// M.
  public var dimension: Int { a.count }
  /// The trainable arrays in the order of ``parameterNames``.
  public var parameters: [Tensor<Scalar>] {
    get { [a, w, h] }
    set { (a, w, h) = (newValue[0], newValue[1], newValue[2]) }
  }

  /// `A ⊙ z + W·relu(z) + h`: the family step, specialised for Float and Double.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func step(_ z: Tensor<Scalar>) -> Tensor<Scalar> { affineFeatureStep(z) }
  /// The family Jacobian `diag(A) + W·∂Φ/∂z`, specialised for Float and Double.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func jacobian(at z: Tensor<Scalar>) -> Tensor<Scalar> { affineFeatureJacobian(at: z) }

  /// Φ(x) = relu(x), or relu(x − mean x) with the mean over the units of each column when
  /// mean-centred.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func features(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    (meanCentered ? x - x.mean(alongAxis: 0, keepingDimension: true) : x).relu()
  }

  /// `∂Φ/∂z = diag(1[z > 0])`, or `diag(1[𝓜z > 0])·𝓜` with `𝓜 = I − 11ᵀ/M` when mean-centred.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func featureDerivative(at z: Tensor<Scalar>) -> FeatureDerivative<Scalar> {
    guard meanCentered else { return FeatureDerivative(gate: z.scalars.map { $0 > 0 ? 1 : 0 }) }
    let m = z.count
    let centring = Tensor<Scalar>.identity(m) - Tensor(repeating: 1 / Scalar(m), shape: [m, m])
    return FeatureDerivative(gate: (z - z.mean()).scalars.map { $0 > 0 ? 1 : 0 }, input: centring)
  }

  /// Φ on the tape.
  public func differentiableFeatures(_ x: Variable<Scalar>, parameters p: [Variable<Scalar>]) -> Variable<Scalar> {
    relu(meanCentered ? x - mean(x, alongAxis: 0, keepingDimension: true) : x)
  }

  /// ``RectifiedFeatures`` over all units (around the mean when mean-centred).
  public func featureKernel() -> any FeatureMap<Scalar> {
    RectifiedFeatures<Scalar>(dimension: dimension, mode: meanCentered ? .meanCentered : .all)
  }

  /// One switch per unit i: `z_i > 0` (`z_i − z̄ > 0` when mean-centred, normal `e_i − 1/M`) feeding feature i.
  public func featureSwitches() -> FeatureSwitches {
    let m = dimension
    let switches = (0..<m).map { i in
      meanCentered
        ? FeatureSwitch(normal: (0..<m).map { ($0 == i ? 1 : 0) - 1 / Double(m) }, constant: 0, feature: i, name: "(z_\(i + 1) − z̄)")
        : FeatureSwitch(unit: i, of: m, feature: i, name: "z_\(i + 1)")
    }
    return FeatureSwitches(switches: switches, unitSwitches: !meanCentered)
  }

  /// A, W, h are parameters 0, 1, 2.
  public static var affineIndices: (a: Int, w: Int, h: Int) { (0, 1, 2) }
  /// (A, W, h) as stored.
  public var affineParameters: (a: Tensor<Scalar>, w: Tensor<Scalar>, h: Tensor<Scalar>) { (a, w, h) }
  /// True: W keeps a zero diagonal.
  public static var keepsZeroDiagonal: Bool { true }

  /// `λ·[Σ(1 − A)² + ‖W‖² + ‖h‖²]`.
  public func latentRegularization(_ lambda: Scalar) -> (value: Scalar, gradients: [Tensor<Scalar>]) {
    squaredL2Regularization(lambda, including: ["W", "h"])
  }
}
