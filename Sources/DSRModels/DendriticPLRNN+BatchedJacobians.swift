import DSRDynamics
import DSRTensor

extension DendriticPLRNN {
  /// Batched Jacobians `diag(A) + W·diag(g)` with the dendritic gate
  /// `g_m = Σ_b α_b·(1[z_m > H_mb] − clipped·1[z_m > 0])`, in Double; O(M·B + M²) per state.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func jacobians(
    atStates states: UnsafePointer<Scalar>, count: Int, into out: UnsafeMutablePointer<Double>, workspace: JacobianWorkspace
  ) {
    let m = dimension, mm = m * m, bases = alpha.count
    let ad = workspace.load(0, a), wd = workspace.load(1, w)
    let gate = workspace.buffer(2, count: m)
    let weights = workspace.load(3, alpha), h = workspace.load(4, thresholds)
    // Σ_b α_b, the clipped term's coefficient when z_m > 0.
    var alphaSum = 0.0
    for b in 0..<bases { alphaSum += weights[b] }
    for i in 0..<count {
      let z = states + i * m
      for c in 0..<m {
        let x = Double(z[c])
        var g = 0.0
        for b in 0..<bases where x > h[c * bases + b] { g += weights[b] }
        if clipped && x > 0 { g -= alphaSum }
        gate[c] = g
      }
      writeDiagonalPlusScaledColumns(a: ad, w: wd, gate: gate, m: m, into: out + i * mm)
    }
  }
}
