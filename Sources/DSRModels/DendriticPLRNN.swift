import DSRAutodiff
import DSRDynamics
import DSRTensor

/// The dendritic PLRNN (Brenner et al. 2022) and its clipped variant (gtf-shplrnn.md §1.4–1.5).
///
/// `z' = A ⊙ z + W·Φ(z) + h` with the basis expansion, per unit m,
/// - dendritic: `Φ(z)_m = Σ_b α_b · relu(z_m − H_{m,b})`;
/// - clipped: `Φ(z)_m = Σ_b α_b · [relu(z_m − H_{m,b}) − relu(z_m)]` (bounded orbits if ‖diag A‖ < 1).
///
/// Parameters: A ∈ ℝ^M, W ∈ ℝ^{M×M} (zero diagonal kept by training), h ∈ ℝ^M, α ∈ ℝ^B,
/// H ∈ ℝ^{M×B}. Jacobian: `diag(A) + W·diag(Σ_b α_b·(1[z_m > H_{m,b}] − clipped·1[z_m > 0]))`.
public struct DendriticPLRNN<Scalar: BLASScalar>: LatentModel {
  /// The name in the reference configuration (`latent_model`).
  public var referenceName: String { clipped ? "clippedDendPLRNN" : "dendPLRNN" }
  /// The names of ``parameters``, in order.
  public static var parameterNames: [String] { ["A", "W", "h", "alpha", "H"] }
  /// Whether this is the clipped variant.
  public var clipped: Bool
  /// A (length M), the diagonal of the linear self-coupling.
  public var a: Tensor<Scalar>
  /// W (M × M), the weights of the features.
  public var w: Tensor<Scalar>
  /// h (length M), the bias.
  public var h: Tensor<Scalar>
  /// α (length B), the weights of the bases.
  public var alpha: Tensor<Scalar>
  /// H (M × B), the thresholds of the bases.
  public var thresholds: Tensor<Scalar>

  /// A model with the given parameters (A and h of length M, W `M × M`, α of length B, H `M × B`).
  public init(
    a: Tensor<Scalar>, w: Tensor<Scalar>, h: Tensor<Scalar>, alpha: Tensor<Scalar>, thresholds: Tensor<Scalar>,
    clipped: Bool
  ) {
    let (m, b) = (a.count, alpha.count)
    precondition(
      a.shape == [m] && w.shape == [m, m] && h.shape == [m] && alpha.shape == [b] && thresholds.shape == [m, b],
      "dendPLRNN: shapes \(a.shape), \(w.shape), \(h.shape), \(alpha.shape), \(thresholds.shape)")
    (self.a, self.w, self.h, self.alpha, self.thresholds, self.clipped) = (a, w, h, alpha, thresholds, clipped)
  }

  /// The reference initialisation: A, W, h from `initialize_A_W_h(M)`, α ~ U(±1/√B), and
  /// H ~ U(min X, max X) over the training data when `thresholdRange` is given (Identity
  /// observation model), H ~ N(0, 1) otherwise (Affine).
  public init(
    latentDimension m: Int, bases b: Int, clipped: Bool, thresholdRange: (Scalar, Scalar)? = nil,
    using rng: inout RandomGenerator
  ) {
    let (a, w): (Tensor<Scalar>, Tensor<Scalar>) = Initialization.aW(m, using: &rng)
    let alpha: Tensor<Scalar> = Initialization.uniform([b], using: &rng)
    let thresholds: Tensor<Scalar> =
      thresholdRange.map { Tensor.uniform(shape: [m, b], low: $0.0, high: $0.1, using: &rng) }
      ?? Tensor.normal(shape: [m, b], using: &rng)
    self.init(a: a, w: w, h: Tensor(zeros: [m]), alpha: alpha, thresholds: thresholds, clipped: clipped)
  }

  /// M.
  public var dimension: Int { a.count }
  /// The trainable arrays in the order of ``parameterNames``.
  public var parameters: [Tensor<Scalar>] {
    get { [a, w, h, alpha, thresholds] }
    set { (a, w, h, alpha, thresholds) = (newValue[0], newValue[1], newValue[2], newValue[3], newValue[4]) }
  }

  /// B as a structural size.
  public var sizes: ModelSizes { ModelSizes(bases: alpha.count) }

  /// `A ⊙ z + W·Φ(z) + h`: the family step, specialised for Float and Double.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func step(_ z: Tensor<Scalar>) -> Tensor<Scalar> { affineFeatureStep(z) }
  /// The family Jacobian `diag(A) + W·∂Φ/∂z`, specialised for Float and Double.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func jacobian(at z: Tensor<Scalar>) -> Tensor<Scalar> { affineFeatureJacobian(at: z) }

  /// Φ(x) for a batch `M × S`: per unit, `Σ_b α_b·relu(x − H_b)` (− `α_b·relu(x)` when clipped).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func features(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    var phi = Tensor<Scalar>(zeros: x.shape)
    let xRelu = x.relu()
    for b in 0..<alpha.count {
      let shifted = (x - thresholds.columns(b..<(b + 1))).relu()
      phi += (clipped ? shifted - xRelu : shifted) * alpha[b]
    }
    return phi
  }

  /// `∂Φ/∂z = diag(Σ_b α_b·(1[z_m > H_{m,b}] − clipped·1[z_m > 0]))`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func featureDerivative(at z: Tensor<Scalar>) -> FeatureDerivative<Scalar> {
    let gate: [Scalar] = (0..<z.count).map { i in
      (0..<alpha.count).reduce(Scalar(0)) { acc, b in
        let above: Scalar = z[i] > thresholds[i, b] ? 1 : 0
        let positive: Scalar = clipped && z[i] > 0 ? 1 : 0
        return acc + alpha[b] * (above - positive)
      }
    }
    return FeatureDerivative(gate: gate)
  }

  /// Φ on the tape.
  public func differentiableFeatures(_ x: Variable<Scalar>, parameters p: [Variable<Scalar>]) -> Variable<Scalar> {
    let xRelu = relu(x)
    var phi: Variable<Scalar>? = nil
    for b in 0..<alpha.count {
      let shifted = relu(x - slice(p[4], alongAxis: 1, b..<(b + 1)))
      let term = (clipped ? shifted - xRelu : shifted) * rows(p[3], b..<(b + 1))
      phi = phi.map { $0 + term } ?? term
    }
    return phi!
  }

  /// ``DendriticFeatures`` with α and H at parameters 3 and 4.
  public func featureKernel() -> any FeatureMap<Scalar> {
    DendriticFeatures<Scalar>(dimension: dimension, bases: alpha.count, clipped: clipped, indices: (3, 4))
  }

  /// One switch per unit i and basis b, `z_i − H_{i,b} > 0` feeding feature i with gain α_b, and
  /// when clipped one more per unit, `z_i > 0` with gain −Σ_b α_b.
  public func featureSwitches() -> FeatureSwitches {
    let (m, bases) = (dimension, alpha.count)
    let (alpha, thresholds) = (doubles(self.alpha), doubles(self.thresholds))
    var switches: [FeatureSwitch] = []
    for i in 0..<m {
      for b in 0..<bases {
        switches.append(FeatureSwitch(unit: i, of: m, constant: -thresholds[i * bases + b], feature: i, coefficient: alpha[b],
                                      name: "(z_\(i + 1) − H_\(i + 1),\(b + 1))"))
      }
    }
    if clipped {
      let total = alpha.reduce(0, +)
      for i in 0..<m { switches.append(FeatureSwitch(unit: i, of: m, feature: i, coefficient: -total, name: "z_\(i + 1)")) }
    }
    return FeatureSwitches(switches: switches, unitSwitches: false)
  }

  /// A, W, h are parameters 0, 1, 2.
  public static var affineIndices: (a: Int, w: Int, h: Int) { (0, 1, 2) }
  /// (A, W, h) as stored.
  public var affineParameters: (a: Tensor<Scalar>, w: Tensor<Scalar>, h: Tensor<Scalar>) { (a, w, h) }
  /// True: W keeps a zero diagonal.
  public static var keepsZeroDiagonal: Bool { true }
  /// True: the latent regulariser covers C.
  public static var regularizesInputWeights: Bool { true }

  /// `λ·[Σ(1 − A)² + ‖W‖² + ‖h‖² + ‖α‖²]`; the thresholds H are not regularised.
  public func latentRegularization(_ lambda: Scalar) -> (value: Scalar, gradients: [Tensor<Scalar>]) {
    squaredL2Regularization(lambda, including: ["W", "h", "alpha"])
  }
}
