import DSRAutodiff
import DSRDynamics
import DSRModels
import DSRTensor

/// The regularisers of gtf-shplrnn.md §2.6, each returning its value and gradient.
///
/// `L_reg = [κ > 0 ? MAR : λ_l > 0 ? R_lat : 0] + [λ_o > 0 ? R_obs : 0]`; MAR and the latent
/// term are mutually exclusive and MAR wins.
public enum Regularization {
  /// Manifold-attractor regularisation (Schmidt et al. 2021), on the last `⌊κM⌋` units r:
  /// `λ·(‖1 − A_r‖₂ + ‖W_{r,:}‖_F + ‖h_r‖₂)` with plain (not squared) norms; for the shallow models
  /// W = W₁ and h = h₁. The reference's MAR throws (an undefined variable, a [BUG]); this is the
  /// working version of the formula it states. The gradient of a norm is `x/‖x‖` (0 at 0).
  public static func manifoldAttractor<M: LatentModel>(
    _ model: M, ratio: Double, lambda: Double
  ) -> (value: M.Scalar, gradients: [Tensor<M.Scalar>]) {
    typealias S = M.Scalar
    let m = model.dimension
    let count = Int((ratio * Double(m)).rounded(.down))
    var grads = model.parameters.map { Tensor<S>(zeros: $0.shape) }
    guard count > 0 else { return (0, grads) }
    let (ia, iw, ih) = M.affineIndices
    let a = model.parameters[ia], w = model.parameters[iw], h = model.parameters[ih]
    let columns = w.shape[1]
    let rows = (m - count)..<m
    let l = S(lambda)
    var value: S = 0
    // ‖1 − A_r‖
    let oneMinusA = rows.map { 1 - a[$0] }
    let na = S.sqrt(oneMinusA.reduce(0) { $0 + $1 * $1 })
    value += na
    if na > 0 { for (k, i) in rows.enumerated() { grads[ia].scalars[i] = -l * oneMinusA[k] / na } }
    // ‖W_{r,:}‖_F
    var nw: S = 0
    for i in rows { for j in 0..<columns { nw += w[i, j] * w[i, j] } }
    nw = S.sqrt(nw)
    value += nw
    if nw > 0 { for i in rows { for j in 0..<columns { grads[iw].scalars[i * columns + j] = l * w[i, j] / nw } } }
    // ‖h_r‖
    let nh = S.sqrt(rows.reduce(0) { $0 + h[$1] * h[$1] })
    value += nh
    if nh > 0 { for i in rows { grads[ih].scalars[i] = l * h[i] / nh } }
    return (l * value, grads)
  }

  /// The observation regulariser: for Affine the condition-number penalty
  /// `λ·(1 − σ_max(B)/(σ_min(B) + 1e−8))²` (gradient through the SVD), for Identity `λ·‖L‖²_F`.
  public static func observation<S: BLASScalar>(
    _ observation: ObservationModel<S>, lambda: Double
  ) -> (value: S, gradients: [Tensor<S>]) {
    let l = S(lambda)
    switch observation.kind {
    case .identity:
      guard let matrix = observation.parameters.first else { return (0, []) }
      return (l * (matrix * matrix).sum(), [matrix * (2 * l)])
    case .affine:
      let tape = Tape<S>()
      let b = tape.variable(observation.parameters[0])
      let s = singularValues(b)
      let k = s.value.count
      let ratio = rows(s, 0..<1) / (rows(s, (k - 1)..<k) + S(1e-8))
      let penalty = sum(square(1 - ratio)) * l
      return (penalty.value.scalars[0], tape.gradients(of: penalty, withRespectTo: [b]))
    }
  }
}
