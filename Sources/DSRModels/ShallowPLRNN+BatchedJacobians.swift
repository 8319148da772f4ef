import CKernels
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
  /// O(chunk · L + L · M²) whatever `count` is. Per chunk, the pre-activations `U = Z·W₂ᵀ` are one
  /// GEMM and the gates one vectorised pass over U (a C kernel: per state the list of its non-zero
  /// gates and their units, packed by AVX-512 compressions where the CPU has them); the Jacobians are
  /// then either one GEMM `D·K` (chunk × L)·(L × M²) (dense gates, e.g. the shallow PLRNN), or,
  /// when at most ``sparseGateDensity`` of the chunk's gates are non-zero (typical of the clipped
  /// model, whose gate is non-zero only between the kinks at −h₂ and 0: 2–5 % in training), a sum
  /// over each state's list with J held in registers (a C kernel specialised for M ≤ 8).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func jacobians(
    atStates states: UnsafePointer<Scalar>, count: Int, into out: UnsafeMutablePointer<Double>, workspace: JacobianWorkspace
  ) {
    let m = dimension, mm = m * m, l = hiddenDimension
    guard count > 0 else { return }
    // Hidden units padded to a multiple of 8 with zero weights and thresholds: their
    // pre-activation is 0 and 0 > 0 is false, so their gate is 0.
    let l4 = (l + 7) / 8 * 8
    let ad = workspace.load(0, a), w1d = workspace.load(1, w1)
    let w2d = workspace.load(4, w2)  // L × M
    let threshold = workspace.buffer(2, count: l4)  // −h₂
    let w2t = workspace.buffer(3, count: m * l4)  // W₂ᵀ, M × L4
    h2.scalars.withUnsafeBufferPointer { for k in 0..<l4 { threshold[k] = k < l ? -Double($0[k]) : 0 } }
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
    let pre = workspace.buffer(7, count: chunk * l4)
    // Per state of a chunk: its non-zero gates d (±1) and their units, in increasing unit order,
    // at i·L8, and their number.
    let values = workspace.buffer(8, count: chunk * l4)
    let lists = workspace.int32Buffer(count: chunk * (l4 + 1))
    let counts = lists + chunk * l4
    var start = 0
    while start < count {
      let n = Swift.min(chunk, count - start)
      for e in 0..<(n * m) { z[e] = Double(states[start * m + e]) }
      gemm(UnsafePointer(z), UnsafePointer(w2t), m: n, n: l4, k: m, into: pre)
      // d = 1[u > −h₂] − clip·1[u > 0] (u + h₂ > 0 ⟺ u > −h₂: a rounded sum is zero only when
      // the exact one is, and has its sign).
      let active = dsr_shallow_active_units_f64(pre, threshold, n, l4, clipped ? 1 : 0, lists, values, counts)
      let j0 = out + start * mm
      if Double(active) > Self.sparseGateDensity * Double(n * l) {
        // Dense: the gate matrix from the lists, one GEMM D·K.
        let gates = workspace.buffer(9, count: n * l4)
        for e in 0..<(n * l4) { gates[e] = 0 }
        for i in 0..<n {
          let row = gates + i * l4, list = lists + i * l4, d = values + i * l4
          for u in 0..<Int(counts[i]) { row[Int(list[u])] = d[u] }
        }
        gemm(UnsafePointer(gates), UnsafePointer(table), m: n, n: mm, k: l4, into: j0)
        for i in 0..<n { for r in 0..<m { j0[i * mm + r * m + r] += ad[r] } }
      } else {
        // Sparse: sum the tables of each state's active units in increasing unit order.
        dsr_shallow_sparse_jacobians_f64(lists, values, counts, l4, table, ad, n, m, j0)
      }
      start += n
    }
  }

  /// States per chunk of ``jacobians(atStates:count:into:workspace:)`` (its scratch holds
  /// a few chunk × L buffers: pre-activations, gate lists and, for dense chunks, gates).
  public static var jacobianChunk: Int { 128 }
}

