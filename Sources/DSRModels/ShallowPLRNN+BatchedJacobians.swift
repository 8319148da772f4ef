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
    // Per state of a chunk: its non-zero gates d (±1) and their units, in increasing unit order,
    // at i·L4, and their number.
    let values = workspace.buffer(8, count: chunk * l4)
    let counts = workspace.indexBuffer(count: chunk * (l4 + 1)), units = counts + chunk
    // d = 1[u + h₂ > 0] − clip·1[u > 0] with u + h₂ > 0 ⟺ u > −h₂ (a rounded sum is zero only
    // when the exact one is, and has its sign).
    for k in 0..<l4 { h2p[k] = -h2p[k] }
    var start = 0
    while start < count {
      let n = Swift.min(chunk, count - start)
      for e in 0..<(n * m) { z[e] = Double(states[start * m + e]) }
      let active: Int
      let g = ShallowGates(z: z, n: n, w2t: w2t, threshold: h2p, l4: l4, clipped: clipped, counts: counts, units: units, values: values)
      switch m {
      case 1: active = g.run(GateDimension1.self)
      case 2: active = g.run(GateDimension2.self)
      case 3: active = g.run(GateDimension3.self)
      case 4: active = g.run(GateDimension4.self)
      case 5: active = g.run(GateDimension5.self)
      case 6: active = g.run(GateDimension6.self)
      case 7: active = g.run(GateDimension7.self)
      case 8: active = g.run(GateDimension8.self)
      default: active = g.run(m)
      }
      let j0 = out + start * mm
      if Double(active) > Self.sparseGateDensity * Double(n * l) {
        // Dense: the gate matrix from the lists, one GEMM D·K.
        for e in 0..<(n * l4) { gates[e] = 0 }
        for i in 0..<n {
          let row = gates + i * l4, list = units + i * l4, d = values + i * l4
          for u in 0..<counts[i] { row[list[u]] = d[u] }
        }
        gemm(UnsafePointer(gates), UnsafePointer(table), m: n, n: mm, k: l4, into: j0)
        for i in 0..<n { for r in 0..<m { j0[i * mm + r * m + r] += ad[r] } }
      } else {
        // Sparse: sum the tables of each state's active units.
        for i in 0..<n {
          let j = j0 + i * mm, list = units + i * l4, dv = values + i * l4
          for e in 0..<mm { j[e] = 0 }
          for r in 0..<m { j[r * m + r] = ad[r] }
          for u in 0..<counts[i] {
            let d = dv[u], t = table + list[u] * mm
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

/// The gate pass of the shallow Jacobian kernel for n states z (n × M) with `w2t` = W₂ᵀ
/// (M × L4) and `threshold` = −h₂ (zero-padded to L4): `u = Σ_c z_ic·W₂[k, c]` summed over c in
/// order, the gate `d = 1[u > −h₂] − clip·1[u > 0]`, and per state i its non-zero gates (±1) and
/// their units in increasing order at `values`/`units + i·L4` and their number `counts[i]`.
/// Only the non-zero gates are written (few for the clipped model); 4-unit blocks without one are
/// skipped by one branch.
private struct ShallowGates {
  let z: UnsafeMutablePointer<Double>, n: Int, w2t: UnsafeMutablePointer<Double>, threshold: UnsafeMutablePointer<Double>
  let l4: Int, clipped: Bool
  let counts: UnsafeMutablePointer<Int>, units: UnsafeMutablePointer<Int>, values: UnsafeMutablePointer<Double>

  /// Appends the non-zero gates of units k…k+3 (`nonzero` = 1[u > −h₂] ≠ clip·1[u > 0]; the gate
  /// is +1 where u > −h₂, else −1).
  @inline(__always)
  func append(_ nonzero: SIMDMask<SIMD4<Int64>>, _ above: SIMDMask<SIMD4<Int64>>, _ k: Int, _ list: UnsafeMutablePointer<Int>, _ d: UnsafeMutablePointer<Double>, _ q: inout Int) {
    for lane in 0..<4 {
      list[q] = k + lane
      d[q] = above[lane] ? 1 : -1
      q &+= nonzero[lane] ? 1 : 0
    }
  }

  /// For a run-time M; returns the total number of non-zero gates.
  func run(_ m: Int) -> Int {
    var total = 0
    let clip = SIMDMask<SIMD4<Int64>>(repeating: clipped)
    for i in 0..<n {
      let zi = z + i * m, list = units + i * l4, d = values + i * l4
      var k = 0, q = 0
      while k < l4 {
        var u = SIMD4<Double>()
        for c in 0..<m { u += zi[c] * load4(w2t + c * l4 + k) }
        let above = u .> load4(threshold + k), nonzero = above .^ ((u .> 0) .& clip)
        if any(nonzero) { append(nonzero, above, k, list, d, &q) }
        k += 4
      }
      counts[i] = q
      total += q
    }
    return total
  }

  /// For a compile-time M ≤ 8: the latent loop unrolls, the M broadcasts of each state are
  /// hoisted out of the loop over hidden units, and two 4-unit blocks are processed per step
  /// (the same sums in the same order as ``run(_:)``, so the same gates).
  @inline(__always)
  func run<D: GateDimension>(_: D.Type) -> Int {
    let m = D.value
    var total = 0
    let clip = SIMDMask<SIMD4<Int64>>(repeating: clipped)
    for i in 0..<n {
      let zi = z + i * m, list = units + i * l4, d = values + i * l4
      var zb = InlineArray<8, SIMD4<Double>>(repeating: SIMD4())
      for c in 0..<m { zb[c] = SIMD4(repeating: zi[c]) }
      var k = 0, q = 0
      while k + 8 <= l4 {
        var u = SIMD4<Double>(), v = SIMD4<Double>()
        for c in 0..<m {
          u += zb[c] * load4(w2t + c * l4 + k)
          v += zb[c] * load4(w2t + c * l4 + k + 4)
        }
        let aboveU = u .> load4(threshold + k), aboveV = v .> load4(threshold + k + 4)
        let nonzeroU = aboveU .^ ((u .> 0) .& clip), nonzeroV = aboveV .^ ((v .> 0) .& clip)
        if any(nonzeroU .| nonzeroV) {
          append(nonzeroU, aboveU, k, list, d, &q)
          append(nonzeroV, aboveV, k + 4, list, d, &q)
        }
        k += 8
      }
      if k < l4 {
        var u = SIMD4<Double>()
        for c in 0..<m { u += zb[c] * load4(w2t + c * l4 + k) }
        let above = u .> load4(threshold + k), nonzero = above .^ ((u .> 0) .& clip)
        if any(nonzero) { append(nonzero, above, k, list, d, &q) }
      }
      counts[i] = q
      total += q
    }
    return total
  }
}

/// A compile-time latent dimension for ``ShallowGates``.
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


