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
  /// States are processed in chunks of ``jacobianChunk``, so the scratch memory is
  /// O(chunk · L + L · M²) whatever `count` is. Per chunk, the pre-activations and gates are one
  /// vectorised pass over the hidden units (4 at a time, `W₂z` summed over the M latent units in
  /// order); the Jacobians are then either one GEMM `D·K` (chunk × L)·(L × M²) (dense gates, e.g. the
  /// shallow PLRNN), or, when at most ``sparseGateDensity`` of the chunk's gates are non-zero
  /// (typical of the clipped model, whose gate is non-zero only between the kinks at −h₂ and 0), a
  /// sum over each state's active units.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func jacobians(
    atStates states: UnsafePointer<Scalar>, count: Int, into out: UnsafeMutablePointer<Double>, workspace: JacobianWorkspace
  ) {
    let m = dimension, mm = m * m, l = hiddenDimension
    guard count > 0 else { return }
    // Hidden units padded to a multiple of 4 with zero weights and biases (gate 0).
    let l4 = (l + 3) / 4 * 4
    let ad = workspace.load(0, a), w1d = workspace.load(1, w1)
    let w2d = workspace.load(4, w2)  // L × M
    let h2p = workspace.buffer(2, count: l4)
    let w2t = workspace.buffer(3, count: m * l4)  // M × L4
    h2.scalars.withUnsafeBufferPointer { for k in 0..<l4 { h2p[k] = k < l ? Double($0[k]) : 0 } }
    for c in 0..<m { for k in 0..<l4 { w2t[c * l4 + k] = k < l ? w2d[k * m + c] : 0 } }
    let table = workspace.buffer(5, count: l4 * mm)
    for k in 0..<l4 {
      let t = table + k * mm, right = w2d + k * m
      for r in 0..<m {
        let left = k < l ? w1d[r * l + k] : 0
        for c in 0..<m { t[r * m + c] = k < l ? left * right[c] : 0 }
      }
    }
    let chunk = Swift.min(count, Self.jacobianChunk)
    let z = workspace.buffer(6, count: chunk * m)
    let gates = workspace.buffer(7, count: chunk * l4)
    let units = workspace.indexBuffer(count: l4)
    let clip = clipped ? 1.0 : 0.0
    var start = 0
    while start < count {
      let n = Swift.min(chunk, count - start)
      for e in 0..<(n * m) { z[e] = Double(states[start * m + e]) }
      // Gates d = 1[u + h₂ > 0] − clip·1[u > 0], u = W₂z, and the number of non-zero gates.
      var active = SIMD4<Double>()
      for i in 0..<n {
        let zi = z + i * m, row = gates + i * l4
        var k = 0
        while k < l4 {
          var u = SIMD4<Double>()
          for c in 0..<m { u += zi[c] * load4(w2t + c * l4 + k) }
          let d = SIMD4<Double>().replacing(with: 1, where: u + load4(h2p + k) .> 0)
            - SIMD4<Double>().replacing(with: clip, where: u .> 0)
          store4(d, row + k)
          active += d * d
          k += 4
        }
      }
      let j0 = out + start * mm
      if active.sum() > Self.sparseGateDensity * Double(n * l) {
        gemm(UnsafePointer(gates), UnsafePointer(table), m: n, n: mm, k: l4, into: j0)
        for i in 0..<n { for r in 0..<m { j0[i * mm + r * m + r] += ad[r] } }
      } else {
        // Sparse: compact each state's active units branch-free, then sum their tables.
        for i in 0..<n {
          let row = gates + i * l4, j = j0 + i * mm
          var q = 0
          for k in 0..<l4 {
            units[q] = k
            q &+= row[k] != 0 ? 1 : 0
          }
          for e in 0..<mm { j[e] = 0 }
          for r in 0..<m { j[r * m + r] = ad[r] }
          for u in 0..<q {
            let k = units[u], d = row[k], t = table + k * mm
            for e in 0..<mm { j[e] += d * t[e] }
          }
        }
      }
      start += n
    }
  }

  /// States per chunk of ``jacobians(atStates:count:into:workspace:)`` (its scratch holds
  /// chunk × L gates).
  public static var jacobianChunk: Int { 64 }
}

@inline(__always)
private func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
private func load4(_ p: UnsafeMutablePointer<Double>) -> SIMD4<Double> { load4(UnsafePointer(p)) }

@inline(__always)
private func store4(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
}
