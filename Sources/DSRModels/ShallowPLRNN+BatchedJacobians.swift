import DSRDynamics
import DSRTensor

extension ShallowPLRNN {
  /// The gate density (fraction of non-zero `d_{i,l}`) up to which
  /// ``jacobians(atStates:count:into:workspace:)`` sums rank-one terms over the active hidden
  /// units instead of one dense GEMM.
  public static var sparseGateDensity: Double { 0.15 }

  /// Batched Jacobians `J_i = diag(A) + W₁·diag(d_i)·W₂ = diag(A) + Σ_l d_{i,l}·K_l` in Double,
  /// with the gate pattern `d_i = 1[W₂z_i + h₂ > 0]` (shallow) or
  /// `1[W₂z_i + h₂ > 0] − 1[W₂z_i > 0]` (clipped) and the rank-one tables
  /// `K_l = W₁[:, l]·W₂[l, :]` (L × M², formed once per call).
  ///
  /// The pre-activations of all states are one GEMM `Z·W₂ᵀ` (count × L). The Jacobians are then
  /// either one GEMM `D·K` (count × L)·(L × M²) (dense gates, e.g. the shallow PLRNN), or, when at
  /// most ``sparseGateDensity`` of the gates are non-zero (typical of the clipped model, whose
  /// gate is non-zero only between the kinks at −h₂ and 0), a sum over each state's active units.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func jacobians(
    atStates states: UnsafePointer<Scalar>, count: Int, into out: UnsafeMutablePointer<Double>, workspace: JacobianWorkspace
  ) {
    let m = dimension, mm = m * m, l = hiddenDimension
    guard count > 0 else { return }
    let ad = workspace.load(0, a), w1d = workspace.load(1, w1), h2d = workspace.load(2, h2)
    let w2t = workspace.load(3, w2.transposed())  // M × L
    let w2d = workspace.load(4, w2)  // L × M
    let table = workspace.buffer(5, count: l * mm)
    for k in 0..<l {
      let t = table + k * mm, right = w2d + k * m
      for r in 0..<m {
        let left = w1d[r * l + k]
        for c in 0..<m { t[r * m + c] = left * right[c] }
      }
    }
    let z = workspace.load(6, states, count: count * m)
    // pre ← Z·W₂ᵀ (count × L), then the gates in place.
    let gates = workspace.buffer(7, count: count * l)
    gemm(UnsafePointer(z), UnsafePointer(w2t), m: count, n: l, k: m, into: gates)
    let clip = clipped ? 1.0 : 0.0
    var active = 0
    for i in 0..<count {
      let row = gates + i * l
      for k in 0..<l {
        let x = row[k]
        let d = (x + h2d[k] > 0 ? 1.0 : 0.0) - (x > 0 ? clip : 0)
        row[k] = d
        active &+= d != 0 ? 1 : 0
      }
    }
    if Double(active) > Self.sparseGateDensity * Double(count * l) {
      gemm(UnsafePointer(gates), UnsafePointer(table), m: count, n: mm, k: l, into: out)
      for i in 0..<count { for r in 0..<m { out[i * mm + r * m + r] += ad[r] } }
      return
    }
    // Sparse: compact each state's active units branch-free, then sum their tables.
    let units = workspace.indexBuffer(count: l)
    for i in 0..<count {
      let row = gates + i * l, j = out + i * mm
      var n = 0
      for k in 0..<l {
        units[n] = k
        n &+= row[k] != 0 ? 1 : 0
      }
      for e in 0..<mm { j[e] = 0 }
      for q in 0..<n {
        let k = units[q], d = row[k], t = table + k * mm
        for e in 0..<mm { j[e] += d * t[e] }
      }
      for r in 0..<m { j[r * m + r] += ad[r] }
    }
  }
}
