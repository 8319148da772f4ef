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
  public var referenceName: String { meanCentered ? "mcPLRNN" : "PLRNN" }
  public static var parameterNames: [String] { ["A", "W", "h"] }
  /// Whether this is the mean-centred variant.
  public var meanCentered: Bool
  public var a: Tensor<Scalar>
  public var w: Tensor<Scalar>
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

  public var dimension: Int { a.count }
  public var parameters: [Tensor<Scalar>] {
    get { [a, w, h] }
    set { (a, w, h) = (newValue[0], newValue[1], newValue[2]) }
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func step(_ z: Tensor<Scalar>) -> Tensor<Scalar> {
    let x = asBatch(z)
    let argument = meanCentered ? x - x.mean(alongAxis: 0, keepingDimension: true) : x
    return restoring(column(a) * x + w.matmul(argument.relu()) + column(h), like: z)
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func jacobian(at z: Tensor<Scalar>) -> Tensor<Scalar> {
    guard meanCentered else {
      return diagonalPlusScaledColumns(a, w, gate: z.scalars.map { $0 > 0 ? 1 : 0 })
    }
    let m = z.count
    let gate = (z - z.mean()).scalars.map { $0 > 0 ? Scalar(1) : 0 }
    let centring = Tensor<Scalar>.identity(m) - Tensor(repeating: 1 / Scalar(m), shape: [m, m])
    return diagonalPlusScaledColumns(Tensor(zeros: [m]), w, gate: gate).matmul(centring) + Tensor.diagonal(a.scalars)
  }

  public static var affineIndices: (a: Int, w: Int, h: Int) { (0, 1, 2) }
  public static var keepsZeroDiagonal: Bool { true }

  public func fusedStep() -> FusedStep<Scalar> {
    let features = RectifiedFeatures<Scalar>(dimension: dimension, mode: meanCentered ? .meanCentered : .all)
    return FusedStep(dimension: dimension, features: features, indices: Self.affineIndices, parameterCount: 3)
  }

  /// `λ·[Σ(1 − A)² + ‖W‖² + ‖h‖²]`.
  public func latentRegularization(_ lambda: Scalar) -> (value: Scalar, gradients: [Tensor<Scalar>]) {
    squaredL2Regularization(lambda, including: ["W", "h"])
  }

  public func differentiableStep(_ z: Variable<Scalar>, parameters p: [Variable<Scalar>]) -> Variable<Scalar> {
    let x = asBatch(z)
    let argument = meanCentered ? x - mean(x, alongAxis: 0, keepingDimension: true) : x
    return column(p[0]) * x + matmul(p[1], relu(argument)) + column(p[2])
  }
}
