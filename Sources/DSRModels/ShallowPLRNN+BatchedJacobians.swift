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
    // Per state of a chunk: the number of non-zero gates, then their units in increasing order.
    let counts = workspace.indexBuffer(count: chunk * (l4 + 1)), units = counts + chunk
    let clip = clipped ? 1.0 : 0.0
    var start = 0
    while start < count {
      let n = Swift.min(chunk, count - start)
      for e in 0..<(n * m) { z[e] = Double(states[start * m + e]) }
      // Gates d = 1[u + h₂ > 0] − clip·1[u > 0], u = W₂z, and the number of non-zero gates.
      let active: Double
      switch m {
      case 1: active = shallowGates(GateDimension1.self, z, n, w2t, h2p, l4, gates, clip, counts, units)
      case 2: active = shallowGates(GateDimension2.self, z, n, w2t, h2p, l4, gates, clip, counts, units)
      case 3: active = shallowGates(GateDimension3.self, z, n, w2t, h2p, l4, gates, clip, counts, units)
      case 4: active = shallowGates(GateDimension4.self, z, n, w2t, h2p, l4, gates, clip, counts, units)
      case 5: active = shallowGates(GateDimension5.self, z, n, w2t, h2p, l4, gates, clip, counts, units)
      case 6: active = shallowGates(GateDimension6.self, z, n, w2t, h2p, l4, gates, clip, counts, units)
      case 7: active = shallowGates(GateDimension7.self, z, n, w2t, h2p, l4, gates, clip, counts, units)
      case 8: active = shallowGates(GateDimension8.self, z, n, w2t, h2p, l4, gates, clip, counts, units)
      default: active = shallowGates(m, z, n, w2t, h2p, l4, gates, clip, counts, units)
      }
      let j0 = out + start * mm
      if active > Self.sparseGateDensity * Double(n * l) {
        gemm(UnsafePointer(gates), UnsafePointer(table), m: n, n: mm, k: l4, into: j0)
        for i in 0..<n { for r in 0..<m { j0[i * mm + r * m + r] += ad[r] } }
      } else {
        // Sparse: sum the tables of each state's active units (listed by the gate pass).
        for i in 0..<n {
          let row = gates + i * l4, j = j0 + i * mm, list = units + i * l4
          for e in 0..<mm { j[e] = 0 }
          for r in 0..<m { j[r * m + r] = ad[r] }
          for u in 0..<counts[i] {
            let k = list[u], d = row[k], t = table + k * mm
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

/// The gate pass of the shallow Jacobian kernel for n states z (n × M) with `w2t` = W₂ᵀ (M × L4)
/// and `h2p` = h₂ (zero-padded to L4): `gates[i, k] = 1[u + h₂ > 0] − clip·1[u > 0]`,
/// `u = Σ_c z_ic·W₂[k, c]` summed over c in order, and per state i the number of non-zero gates
/// `counts[i]` and their units in increasing order at `units + i·L4`; returns the total count.
@inline(__always)
private func shallowGates(
  _ m: Int, _ z: UnsafeMutablePointer<Double>, _ n: Int, _ w2t: UnsafeMutablePointer<Double>, _ h2p: UnsafeMutablePointer<Double>,
  _ l4: Int, _ gates: UnsafeMutablePointer<Double>, _ clip: Double,
  _ counts: UnsafeMutablePointer<Int>, _ units: UnsafeMutablePointer<Int>
) -> Double {
  var active = SIMD4<Double>()
  for i in 0..<n {
    let zi = z + i * m, row = gates + i * l4, list = units + i * l4
    var k = 0, q = 0
    while k < l4 {
      var u = SIMD4<Double>()
      for c in 0..<m { u += zi[c] * load4(w2t + c * l4 + k) }
      let d = SIMD4<Double>().replacing(with: 1, where: u + load4(h2p + k) .> 0)
        - SIMD4<Double>().replacing(with: clip, where: u .> 0)
      store4(d, row + k)
      active += d * d
      appendActive(d, k, list, &q)
      k += 4
    }
    counts[i] = q
  }
  return active.sum()
}

/// Appends the units k…k+3 whose gate in `d` is non-zero to `list` (branch-free within a block;
/// all-zero blocks, the common case for the clipped model, are skipped).
@inline(__always)
private func appendActive(_ d: SIMD4<Double>, _ k: Int, _ list: UnsafeMutablePointer<Int>, _ q: inout Int) {
  if !any(d .!= 0) { return }
  for lane in 0..<4 {
    list[q] = k + lane
    q &+= d[lane] != 0 ? 1 : 0
  }
}

/// ``shallowGates(_:_:_:_:_:_:_:_:_:_:)`` for a compile-time M ≤ 8: the latent loop unrolls, the M
/// broadcasts of each state are hoisted out of the loop over hidden units, and two blocks of 4
/// units are processed per iteration (same sums in the same order, so the same gates).
@inline(__always)
private func shallowGates<D: GateDimension>(
  _: D.Type, _ z: UnsafeMutablePointer<Double>, _ n: Int, _ w2t: UnsafeMutablePointer<Double>, _ h2p: UnsafeMutablePointer<Double>,
  _ l4: Int, _ gates: UnsafeMutablePointer<Double>, _ clip: Double,
  _ counts: UnsafeMutablePointer<Int>, _ units: UnsafeMutablePointer<Int>
) -> Double {
  let m = D.value
  var active = SIMD4<Double>(), active2 = SIMD4<Double>()
  let clips = SIMD4<Double>(repeating: clip)
  for i in 0..<n {
    let zi = z + i * m, row = gates + i * l4, list = units + i * l4
    var zb = InlineArray<8, SIMD4<Double>>(repeating: SIMD4())
    for c in 0..<m { zb[c] = SIMD4(repeating: zi[c]) }
    var k = 0, q = 0
    while k + 8 <= l4 {
      var u = SIMD4<Double>(), v = SIMD4<Double>()
      for c in 0..<m {
        u += zb[c] * load4(w2t + c * l4 + k)
        v += zb[c] * load4(w2t + c * l4 + k + 4)
      }
      let du = SIMD4<Double>().replacing(with: 1, where: u + load4(h2p + k) .> 0) - SIMD4<Double>().replacing(with: clips, where: u .> 0)
      let dv = SIMD4<Double>().replacing(with: 1, where: v + load4(h2p + k + 4) .> 0) - SIMD4<Double>().replacing(with: clips, where: v .> 0)
      store4(du, row + k)
      store4(dv, row + k + 4)
      active += du * du
      active2 += dv * dv
      if any((du .!= 0) .| (dv .!= 0)) {
        appendActive(du, k, list, &q)
        appendActive(dv, k + 4, list, &q)
      }
      k += 8
    }
    if k < l4 {
      var u = SIMD4<Double>()
      for c in 0..<m { u += zb[c] * load4(w2t + c * l4 + k) }
      let du = SIMD4<Double>().replacing(with: 1, where: u + load4(h2p + k) .> 0) - SIMD4<Double>().replacing(with: clips, where: u .> 0)
      store4(du, row + k)
      active += du * du
      appendActive(du, k, list, &q)
    }
    counts[i] = q
  }
  return (active + active2).sum()
}

/// A compile-time latent dimension for ``shallowGates``.
private protocol GateDimension { static var value: Int { get } }
private enum GateDimension1: GateDimension { static var value: Int { 1 } }
private enum GateDimension2: GateDimension { static var value: Int { 2 } }
private enum GateDimension3: GateDimension { static var value: Int { 3 } }
private enum GateDimension4: GateDimension { static var value: Int { 4 } }
private enum GateDimension5: GateDimension { static var value: Int { 5 } }
private enum GateDimension6: GateDimension { static var value: Int { 6 } }
private enum GateDimension7: GateDimension { static var value: Int { 7 } }
private enum GateDimension8: GateDimension { static var value: Int { 8 } }

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
