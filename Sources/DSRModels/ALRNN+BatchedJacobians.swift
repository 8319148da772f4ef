import DSRDynamics
import DSRTensor

extension ALRNN {
  /// Batched Jacobians `diag(a) + W·diag(1_{M−P}, 1[z_{M−P+1…M} > 0])` in Double; O(M²) per state.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func jacobians(
    atStates states: UnsafePointer<Scalar>, count: Int, into out: UnsafeMutablePointer<Double>, workspace: JacobianWorkspace
  ) {
    let m = dimension, mm = m * m, linear = m - piecewiseLinearUnits
    let ad = workspace.load(0, a), wd = workspace.load(1, w)
    let gate = workspace.buffer(2, count: m)
    for c in 0..<linear { gate[c] = 1 }
    for i in 0..<count {
      let z = states + i * m
      for c in linear..<m { gate[c] = z[c] > 0 ? 1 : 0 }
      writeDiagonalPlusScaledColumns(a: ad, w: wd, gate: gate, m: m, into: out + i * mm)
    }
  }
}
