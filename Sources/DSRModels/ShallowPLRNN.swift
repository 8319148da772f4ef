import DSRAutodiff
import DSRDynamics
import DSRTensor

/// The shallow PLRNN and the clipped shallow PLRNN (gtf-shplrnn.md §1.6–1.7); the clipped one is
/// dsr's default model.
///
/// - shallow: `z' = A ⊙ z + W₁·relu(W₂z + h₂) + h₁`;
/// - clipped: `z' = A ⊙ z + W₁·[relu(W₂z + h₂) − relu(W₂z)] + h₁` (bounded orbits if
///   ‖diag A‖ < 1).
///
/// Parameters: A ∈ ℝ^M, W₁ ∈ ℝ^{M×L}, W₂ ∈ ℝ^{L×M}, h₁ ∈ ℝ^M, h₂ ∈ ℝ^L (2M + 2ML + L scalars).
/// Jacobian: `diag(A) + W₁·diag(1[W₂z + h₂ > 0] − clipped·1[W₂z > 0])·W₂`.
public struct ShallowPLRNN<Scalar: BLASScalar>: LatentModel, JacobianNormBounded {
  /// The name in the reference configuration (`latent_model`).
  public var referenceName: String { clipped ? "clippedShallowPLRNN" : "shallowPLRNN" }
  /// The names of ``parameters``, in order.
  public static var parameterNames: [String] { ["A", "W1", "W2", "h1", "h2"] }
  /// Whether this is the clipped variant.
  public var clipped: Bool
  /// A (length M), the diagonal of the linear self-coupling.
  public var a: Tensor<Scalar>
  /// W₁ (M × L), the weights of the hidden features.
  public var w1: Tensor<Scalar>
  /// W₂ (L × M), the hidden layer's input weights.
  public var w2: Tensor<Scalar>
  /// h₁ (length M), the bias.
  public var h1: Tensor<Scalar>
  /// h₂ (length L), the hidden layer's bias (its kinks sit at W₂z = −h₂).
  public var h2: Tensor<Scalar>

  /// A model with the given parameters (A, h₁ of length M, W₁ `M × L`, W₂ `L × M`, h₂ of length L).
  public init(
    a: Tensor<Scalar>, w1: Tensor<Scalar>, w2: Tensor<Scalar>, h1: Tensor<Scalar>, h2: Tensor<Scalar>, clipped: Bool
  ) {
    let (m, l) = (a.count, h2.count)
    precondition(
      a.shape == [m] && w1.shape == [m, l] && w2.shape == [l, m] && h1.shape == [m] && h2.shape == [l],
      "shallowPLRNN: shapes \(a.shape), \(w1.shape), \(w2.shape), \(h1.shape), \(h2.shape)")
    (self.a, self.w1, self.w2, self.h1, self.h2, self.clipped) = (a, w1, w2, h1, h2, clipped)
  }

  /// The reference initialisation: A from `initialize_A_W_h(M)` (its W is drawn and discarded),
  /// h₁ = 0, W₁ ~ U(±1/√L), W₂ ~ U(±1/√M), h₂ = 0 (shallow) or U(±1/√L) (clipped).
  public init(latentDimension m: Int, hiddenDimension l: Int, clipped: Bool, using rng: inout RandomGenerator) {
    let (a, _): (Tensor<Scalar>, Tensor<Scalar>) = Initialization.aW(m, using: &rng)
    let w1: Tensor<Scalar> = Initialization.uniform([m, l], using: &rng)
    let w2: Tensor<Scalar> = Initialization.uniform([l, m], using: &rng)
    let h2: Tensor<Scalar> = clipped ? Initialization.uniform([l], using: &rng) : Tensor(zeros: [l])
    self.init(a: a, w1: w1, w2: w2, h1: Tensor(zeros: [m]), h2: h2, clipped: clipped)
  }

  /// M.
  public var dimension: Int { a.count }
  /// The hidden width L.
  public var hiddenDimension: Int { h2.count }
  /// The trainable arrays in the order of ``parameterNames``.
  public var parameters: [Tensor<Scalar>] {
    get { [a, w1, w2, h1, h2] }
    set { (a, w1, w2, h1, h2) = (newValue[0], newValue[1], newValue[2], newValue[3], newValue[4]) }
  }

  /// L as a structural size.
  public var sizes: ModelSizes { ModelSizes(hidden: hiddenDimension) }

  /// `max_i |A_i| + ‖W₁‖₂·‖W₂‖₂`, the parameter bound used by the `jacobian_upper_bound` α method.
  public func normUpperBound() throws -> Scalar {
    a.abs().max() + (try w1.spectralNorm()) * (try w2.spectralNorm())
  }

  /// `A ⊙ z + W₁·Φ(z) + h₁`: the family step, specialised for Float and Double.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func step(_ z: Tensor<Scalar>) -> Tensor<Scalar> { affineFeatureStep(z) }
  /// The family Jacobian `diag(A) + W·∂Φ/∂z`, specialised for Float and Double.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func jacobian(at z: Tensor<Scalar>) -> Tensor<Scalar> { affineFeatureJacobian(at: z) }

  /// Φ(x) = relu(W₂x + h₂), minus relu(W₂x) when clipped (F = L).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func features(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    let pre = w2.matmul(x)
    return clipped ? (pre + column(h2)).relu() - pre.relu() : (pre + column(h2)).relu()
  }

  /// `∂Φ/∂z = diag(1[W₂z + h₂ > 0] − clipped·1[W₂z > 0])·W₂`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func featureDerivative(at z: Tensor<Scalar>) -> FeatureDerivative<Scalar> {
    let pre = w2.matmul(column(z)).scalars
    let gate: [Scalar] = (0..<hiddenDimension).map { i in
      let on: Scalar = pre[i] + h2[i] > 0 ? 1 : 0
      return clipped && pre[i] > 0 ? on - 1 : on
    }
    return FeatureDerivative(gate: gate, input: w2)
  }

  /// Φ on the tape.
  public func differentiableFeatures(_ x: Variable<Scalar>, parameters p: [Variable<Scalar>]) -> Variable<Scalar> {
    let pre = matmul(p[2], x)
    return clipped ? clippedRelu(pre, column(p[4])) : relu(pre + column(p[4]))
  }

  /// ``ShallowFeatures`` with W₂ and h₂ at parameters 2 and 4.
  public func featureKernel() -> any FeatureMap<Scalar> {
    ShallowFeatures<Scalar>(dimension: dimension, hidden: hiddenDimension, clipped: clipped, indices: (2, 4))
  }

  /// One switch per hidden unit j, `W₂[j, :]z + h₂[j] > 0` feeding feature j, and when clipped a
  /// second, `W₂[j, :]z > 0` with gain −1.
  public func featureSwitches() -> FeatureSwitches {
    let (m, l) = (dimension, hiddenDimension)
    let (w2, h2) = (doubles(self.w2), doubles(self.h2))
    let row = { (j: Int) in Array(w2[(j * m)..<((j + 1) * m)]) }
    var switches = (0..<l).map { j in FeatureSwitch(normal: row(j), constant: h2[j], feature: j, name: "(W₂z + h₂)_\(j + 1)") }
    if clipped {
      switches += (0..<l).map { j in FeatureSwitch(normal: row(j), constant: 0, feature: j, coefficient: -1, name: "(W₂z)_\(j + 1)") }
    }
    return FeatureSwitches(switches: switches, unitSwitches: false)
  }

  /// A, W₁, h₁ are parameters 0, 1, 3.
  public static var affineIndices: (a: Int, w: Int, h: Int) { (0, 1, 3) }
  /// (A, W₁, h₁) as stored.
  public var affineParameters: (a: Tensor<Scalar>, w: Tensor<Scalar>, h: Tensor<Scalar>) { (a, w1, h1) }
  /// True: the latent regulariser covers C.
  public static var regularizesInputWeights: Bool { true }

  /// `λ·[Σ(1 − A)² + ‖W₁‖² + ‖W₂‖² + ‖h₁‖² + ‖h₂‖²]` (C is added by the trainer).
  public func latentRegularization(_ lambda: Scalar) -> (value: Scalar, gradients: [Tensor<Scalar>]) {
    squaredL2Regularization(lambda, including: ["W1", "W2", "h1", "h2"])
  }
}
