import DSRDynamics
import DSRTensor

extension PLRNN {
  /// Batched Jacobians of the vanilla PLRNN, `diag(A) + W·diag(1[z > 0])`, and of the
  /// mean-centred PLRNN, `diag(A) + W·diag(g)·(I − 11ᵀ/M)` with `g = 1[z − mean z > 0]`, whose
  /// entries are `A_r·δ_rc + (W_rc·g_c − (1/M)·Σ_k W_rk·g_k)`. Computed in Double; O(M²) per state.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func jacobians(
    atStates states: UnsafePointer<Scalar>, count: Int, into out: UnsafeMutablePointer<Double>, workspace: JacobianWorkspace
  ) {
    let m = dimension, mm = m * m
    let ad = workspace.load(0, a), wd = workspace.load(1, w)
    let gate = workspace.buffer(2, count: m)
    for i in 0..<count {
      let z = states + i * m, j = out + i * mm
      if meanCentered {
        var centre = 0.0
        for c in 0..<m { centre += Double(z[c]) }
        centre /= Double(m)
        for c in 0..<m { gate[c] = Double(z[c]) - centre > 0 ? 1 : 0 }
        for r in 0..<m {
          let row = j + r * m, wr = wd + r * m
          var rowMean = 0.0
          for c in 0..<m {
            row[c] = wr[c] * gate[c]
            rowMean += row[c]
          }
          rowMean /= Double(m)
          for c in 0..<m { row[c] -= rowMean }
          row[r] += ad[r]
        }
      } else {
        for c in 0..<m { gate[c] = z[c] > 0 ? 1 : 0 }
        writeDiagonalPlusScaledColumns(a: ad, w: wd, gate: gate, m: m, into: j)
      }
    }
  }
}
