import DSRTensor

/// How latent states map to observations, and observations back to forcing signals
/// (gtf-shplrnn.md §1.8).
///
/// Matrices here are in row layout: `K × M` latent states give `K × N` observations.
///
/// - **Identity** (requires M ≥ N): `x̂ = z[0..<N]`; forcing signals `[x, 0]`; initial state
///   `[x, L·x]` with the trainable `(M−N) × N` matrix L (absent when M = N), Glorot-uniform
///   U(±√(6/M)).
/// - **Affine**: `x̂ = B·z` with trainable `B ∈ ℝ^{N×M}` (Kaiming normal, σ = √(2/M)); forcing
///   signals and initial state `pinv(B)·x` (no bias: the reference never uses one).
public struct ObservationModel<Scalar: BLASScalar>: Codable, Sendable, Equatable {
  /// The two observation models of the reference.
  public enum Kind: String, Codable, Sendable, CaseIterable { case identity = "Identity", affine = "Affine" }

  /// Identity or affine.
  public let kind: Kind
  /// N, the observation dimension.
  public let observedDimension: Int
  /// M, the latent dimension.
  public let latentDimension: Int
  /// The trainable arrays: `[B]` (Affine), `[L]` (Identity with M > N) or none.
  public var parameters: [Tensor<Scalar>]

  /// The names of ``parameters``.
  public var parameterNames: [String] {
    switch kind {
    case .affine: return ["B"]
    case .identity: return parameters.isEmpty ? [] : ["L"]
    }
  }

  /// A model with given parameters (checked against the dimensions).
  public init(kind: Kind, observedDimension n: Int, latentDimension m: Int, parameters: [Tensor<Scalar>]) {
    switch kind {
    case .affine: precondition(parameters.count == 1 && parameters[0].shape == [n, m], "Affine needs B of shape [\(n), \(m)]")
    case .identity:
      precondition(m >= n, "Identity needs M ≥ N, got M = \(m), N = \(n)")
      precondition(
        (m == n && parameters.isEmpty) || (m > n && parameters.count == 1 && parameters[0].shape == [m - n, n]),
        "Identity with M = \(m), N = \(n) needs \(m > n ? "L of shape [\(m - n), \(n)]" : "no parameters")")
    }
    (self.kind, observedDimension, latentDimension, self.parameters) = (kind, n, m, parameters)
  }

  /// The reference initialisation.
  public init(kind: Kind, observedDimension n: Int, latentDimension m: Int, using rng: inout RandomGenerator) {
    switch kind {
    case .affine:
      let sigma = Scalar.sqrt(2 / Scalar(m))
      self.init(kind: kind, observedDimension: n, latentDimension: m,
                parameters: [Tensor.normal(shape: [n, m], standardDeviation: sigma, using: &rng)])
    case .identity:
      let bound = Scalar.sqrt(6 / Scalar(m))
      let l: [Tensor<Scalar>] = m > n ? [Tensor.uniform(shape: [m - n, n], low: -bound, high: bound, using: &rng)] : []
      self.init(kind: kind, observedDimension: n, latentDimension: m, parameters: l)
    }
  }

  /// The number of trainable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

  /// Observations of `K × M` latent states, `K × N`.
  public func observe(_ z: Tensor<Scalar>) -> Tensor<Scalar> {
    switch kind {
    case .identity: return z.columns(0..<observedDimension)
    case .affine: return z.matmul(parameters[0], transposeOther: true)
    }
  }

  /// `pinv(B)` (Affine), `M × N`, with the reference's default tolerance.
  public func inverse() throws -> Tensor<Scalar> {
    precondition(kind == .affine, "inverse() is defined for the Affine model")
    return try parameters[0].pseudoInverse()
  }

  /// Forcing signals for `K × N` observations, `K × M`: `[x, 0]` (Identity) or `x·pinv(B)ᵀ` (Affine).
  public func forcingSignals(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
    switch kind {
    case .identity:
      let k = x.shape[0]
      return latentDimension == observedDimension
        ? x : Tensor.concatenated([x, Tensor(zeros: [k, latentDimension - observedDimension])], alongAxis: 1)
    case .affine: return x.matmul(try inverse(), transposeOther: true)
    }
  }

  /// Initial latent states for `K × N` observations, `K × M`: `[x, x·Lᵀ]` (Identity) or `x·pinv(B)ᵀ` (Affine).
  public func initialStates(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
    switch kind {
    case .identity:
      return parameters.isEmpty ? x : Tensor.concatenated([x, x.matmul(parameters[0], transposeOther: true)], alongAxis: 1)
    case .affine: return try forcingSignals(x)
    }
  }

  /// The condition number σ_max/σ_min of B (Affine), the quantity the observation regulariser pulls to 1.
  public func conditionNumber() throws -> Scalar {
    let s = try parameters[0].singularValues()
    return s.max() / s.min()
  }
}
