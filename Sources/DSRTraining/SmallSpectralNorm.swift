import CKernels
import DSRTensor

/// The spectral norm ‖J‖₂ (largest singular value) of a small square Double matrix without a
/// LAPACK call per matrix, for α estimation over thousands of M × M Jacobians.
///
/// - M = 1: |J|; M = 2: the closed form `σ₁ = (√((a+d)² + (b−c)²) + √((a−d)² + (b+c)²)) / 2`;
/// - a diagonal J: `max |J_ii|`;
/// - 3 ≤ M ≤ ``jacobiDimension``: cyclic Jacobi rotations on `G = J'ᵀJ'` (J' = J scaled by a power
///   of two so that its largest entry is in [1, 2)), in a C kernel specialised for each M,
///   until the off-diagonal part E of the rotated G has `‖E‖_F ≤ ``tolerance``·θ`, θ = max_i G_ii
///   (then `λ₁ ∈ [θ, θ + ‖E‖_F]`, Weyl), or the Kato–Temple bound at e_i certifies θ as for the
///   power iteration, with `λ₂ ≤ d₂ + ‖E‖_F` (d₂ the second largest diagonal entry); θ is then λ₁
///   to ``tolerance`` relative accuracy plus rounding. Its cost does not depend on the gap λ₁ − λ₂, which is small for Jacobians near
///   diag(A) with similar |A_i| (the power iteration below needs ~100 steps of G there);
/// - otherwise (M ≤ ``maximumDimension``) power iteration on `G = JᵀJ / s` (s its largest diagonal
///   entry), accelerated with `G⁸`, from a fixed start vector. The iteration stops when the
///   Kato–Temple bound certifies the Rayleigh quotient θ: with residual ρ = ‖Gx − θx‖ (‖x‖ = 1)
///   and an upper bound `a < θ` on the second eigenvalue of G, `λ₁ − θ ≤ ρ²/(θ − a)`;
///   a = `min_p (tr Gᵖ − θᵖ)^{1/p}`, p ∈ {1, 2, 4, 8, 16}. The result is accepted when that bound is
///   ≤ ``tolerance``·θ. Matrices whose top singular value is (nearly) repeated cannot be
///   certified this way; after ``iterationLimit`` steps, and for M > ``maximumDimension``, the
///   norm comes from LAPACK (`Tensor.spectralNorm()`).
///
/// A matrix with a NaN gives NaN; one with an infinite entry (and no NaN) gives +∞.
public enum SmallSpectralNorm {
  /// The largest M handled without LAPACK.
  public static var maximumDimension: Int { 32 }
  /// The certified relative accuracy of the largest eigenvalue of JᵀJ (σ₁ is twice as accurate).
  public static var tolerance: Double { 1e-13 }
  /// Power steps (each with G⁸) before falling back to LAPACK.
  public static var iterationLimit: Int { 60 }
  /// The largest M handled by Jacobi rotations (specialised code for each M = 3…8).
  public static var jacobiDimension: Int { 8 }
  /// Jacobi sweeps before falling back to LAPACK (a sweep rotates every pair once; 5×5 Jacobians
  /// need 2–4).
  public static var sweepLimit: Int { 30 }

  /// ‖J‖₂ of the M × M row-major matrix at `j`.
  public static func spectralNorm(_ j: UnsafePointer<Double>, dimension m: Int) -> Double {
    switch m {
    case 0: return 0
    case 1: return Swift.abs(j[0])
    case 2:
      let (a, b, c, d) = (j[0], j[1], j[2], j[3])
      if !(a.isFinite && b.isFinite && c.isFinite && d.isFinite) { return nonFiniteNorm(j, m) }
      let value = (hypot(a + d, b - c) + hypot(a - d, b + c)) / 2
      return value.isFinite ? value : lapack(j, m)
    default:
      break
    }
    if (3...jacobiDimension).contains(m) {
      var norm = 0.0, deferred: UInt8 = 0
      if dsr_jacobi_norms_f64(j, 1, m, tolerance, Int32(sweepLimit), &norm, &deferred) == 0 { return norm }
      return jacobiFallback(j, m)
    }
    if let decided = decidedWithoutIteration(j, m) { return decided }
    if m <= maximumDimension {
      let certified = withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * m * m + 3 * m) {
        powerIteration(j, m, scratch: $0.baseAddress!)
      }
      if let certified { return certified }
    }
    return lapack(j, m)
  }

  /// The number of matrices that ``spectralNorms(_:count:dimension:into:)`` rotates together,
  /// one per SIMD lane.
  public static var jacobiLanes: Int { Int(DSR_JACOBI_LANES) }

  /// ‖J_i‖₂ of `count` row-major M × M matrices at `j + i·M²` into `out[i]`.
  ///
  /// Each result equals ``spectralNorm(_:dimension:)`` of that matrix alone, bit for bit: for
  /// 3 ≤ M ≤ ``jacobiDimension`` the matrices that need Jacobi are rotated ``jacobiLanes`` at a
  /// time, one per SIMD lane (independent chains of square roots and divisions, which a single
  /// matrix leaves latency-bound), and every lane's arithmetic, rotation skips and stopping sweep
  /// depend on its own matrix only.
  public static func spectralNorms(_ j: UnsafePointer<Double>, count: Int, dimension m: Int, into out: UnsafeMutablePointer<Double>) {
    if (3...jacobiDimension).contains(m) {
      smallJacobiBatch(j, count: count, into: out, dimension: m)
    } else {
      for i in 0..<count { out[i] = spectralNorm(j + i * m * m, dimension: m) }
    }
  }

  /// The norm of a non-finite (NaN if any entry is NaN, else +∞) or diagonal (max |J_ii|)
  /// matrix; nil for any other.
  static func decidedWithoutIteration(_ j: UnsafePointer<Double>, _ m: Int) -> Double? {
    var diagonal = true, finite = true
    for r in 0..<m {
      for c in 0..<m {
        let x = j[r * m + c]
        if !x.isFinite { finite = false }
        if r != c && x != 0 { diagonal = false }
      }
    }
    if !finite { return nonFiniteNorm(j, m) }
    guard diagonal else { return nil }
    var top = 0.0
    for r in 0..<m { top = Swift.max(top, Swift.abs(j[r * m + r])) }
    return top
  }

  /// The norm of a matrix the Jacobi kernel leaves (non-finite, diagonal, of subnormal scale, or
  /// not converged within ``sweepLimit`` sweeps): decided without iteration, or LAPACK.
  static func jacobiFallback(_ j: UnsafePointer<Double>, _ m: Int) -> Double {
    decidedWithoutIteration(j, m) ?? lapack(j, m)
  }

  /// ``spectralNorms(_:count:dimension:into:)`` for 3 ≤ M ≤ ``jacobiDimension``: the checks and
  /// Jacobi in a C kernel (`dsr_jacobi_norms_f64`: the matrices with finite entries, a non-zero
  /// off-diagonal entry and a largest entry of normal scale, rotated eight at a time, a partial
  /// last group padded with copies of its first matrix); the few it leaves by
  /// ``jacobiFallback(_:_:)``.
  static func smallJacobiBatch(_ j: UnsafePointer<Double>, count: Int, into out: UnsafeMutablePointer<Double>, dimension m: Int) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { deferred in
      let left = dsr_jacobi_norms_f64(j, count, m, tolerance, Int32(sweepLimit), out, deferred.baseAddress!)
      guard left > 0 else { return }
      for i in 0..<count where deferred[i] != 0 { out[i] = jacobiFallback(j + i * m * m, m) }
    }
  }

  /// ‖J‖₂ by cyclic Jacobi on the scaled JᵀJ (the matrix in every lane of ``jacobiGroup``) for
  /// M in 3…``jacobiDimension``, or nil when it does not converge within ``sweepLimit`` sweeps.
  /// `largest` is max |J_rc| > 0 (finite, normal). For tests.
  static func jacobiTop(_ j: UnsafePointer<Double>, _ m: Int, largest: Double) -> Double? {
    precondition((3...jacobiDimension).contains(m), "Jacobi path for M = 3…\(jacobiDimension), got \(m)")
    let (top, converged) = jacobiGroup({ _ in j }, largest: InlineArray(repeating: largest), m)
    return converged[0] ? top[0] : nil
  }

  /// Cyclic Jacobi on `G = J'ᵀJ'` for one matrix per lane (`matrix(lane)`, with `largest[lane]` =
  /// max |J_rc| > 0, finite and normal): ‖J‖₂ per lane and whether the lane converged within
  /// ``sweepLimit`` sweeps.
  ///
  /// The sweeps run in a C kernel (`dsr_jacobi_group_f64`, eight lanes, compiled for AVX-512,
  /// AVX2 and the baseline and chosen by the CPU). J' = 2^{-e}·J with e the exponent of the
  /// largest entry (exact), so that G has entries of magnitude < 4M and λ₁ ≥ 1: no overflow or
  /// harmful underflow. Per sweep and lane: θ = G_ii the largest diagonal entry (the first of
  /// equal ones), d₂ the second largest, off = Σ_{p<q} G_pq², ρ² = Σ_{k≠i} G_ik² (the residual of
  /// the Rayleigh quotient at e_i); the lane stops when `2·off ≤ (tol·θ)²` (Weyl:
  /// |λ₁ − θ| ≤ ‖E‖_F = √(2·off)) or, with λ₂ ≤ a = d₂ + ‖E‖_F < θ, when Kato–Temple certifies θ:
  /// `ρ²/(θ − a) ≤ tol·θ` (and θ − a > 1e-8·θ). A rotation of (p, q) uses t = tan φ, the smaller
  /// root of t² + 2θt − 1 = 0 (θ = d/b, d = G_qq − G_pp, b = 2G_pq): `t = sgn(d)·b/(|d| + h)`,
  /// h = √(d² + b²), and `cos²φ = (|d| + h)/(2h)`; entries below 1e-30 (λ₁ ≥ 1) are not rotated.
  /// Lanes are independent: a lane's rotations are skipped by its own entries, its result is
  /// taken at the first sweep where its own test holds, and the group only stops early when
  /// every lane has stopped.
  @inline(__always)
  static func jacobiGroup(
    _ matrix: (Int) -> UnsafePointer<Double>, largest: InlineArray<8, Double>, _ m: Int
  ) -> (InlineArray<8, Double>, InlineArray<8, Bool>) {
    var top = InlineArray<8, Double>(repeating: 0)
    let mask = withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * 8) { scalars in
      withUnsafeTemporaryAllocation(of: UnsafePointer<Double>?.self, capacity: 8) { matrices in
        let down = scalars.baseAddress!, up = down + 8, result = down + 16
        for lane in 0..<jacobiLanes {
          let e = largest[lane].exponent
          down[lane] = Double(sign: .plus, exponent: -e, significand: 1)
          up[lane] = Double(sign: .plus, exponent: e, significand: 1)
          matrices[lane] = matrix(lane)
        }
        let mask = dsr_jacobi_group_f64(matrices.baseAddress!, down, up, m, tolerance, Int32(sweepLimit), result)
        for lane in 0..<jacobiLanes { top[lane] = result[lane] }
        return mask
      }
    }
    var converged = InlineArray<8, Bool>(repeating: false)
    for lane in 0..<jacobiLanes { converged[lane] = mask & (1 << lane) != 0 }
    return (top, converged)
  }

  /// `√(x² + y²)` without overflow or underflow.
  @inline(__always)
  static func hypot(_ x: Double, _ y: Double) -> Double {
    let (u, w) = (Swift.abs(x), Swift.abs(y))
    let big = Swift.max(u, w), small = Swift.min(u, w)
    if big == 0 { return 0 }
    let q = small / big
    return big * (1 + q * q).squareRoot()
  }

  /// NaN if any entry is NaN, else +∞.
  static func nonFiniteNorm(_ j: UnsafePointer<Double>, _ m: Int) -> Double {
    for i in 0..<(m * m) where j[i].isNaN { return .nan }
    return .infinity
  }

  /// The LAPACK singular value (the reference path; NaN if LAPACK fails).
  public static func lapack(_ j: UnsafePointer<Double>, _ m: Int) -> Double {
    (try? Tensor<Double>(shape: [m, m], scalars: Array(UnsafeBufferPointer(start: j, count: m * m))).spectralNorm()) ?? .nan
  }

  /// `Y ← A·B` for symmetric M × M A and B whose product is symmetric (powers of one matrix).
  @inline(__always)
  static func symmetricProduct(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ m: Int, into y: UnsafeMutablePointer<Double>) {
    for r in 0..<m {
      for c in r..<m {
        var acc = 0.0
        for k in 0..<m { acc += a[r * m + k] * b[k * m + c] }
        y[r * m + c] = acc
        y[c * m + r] = acc
      }
    }
  }

  /// `y ← A·x` for an M × M matrix.
  @inline(__always)
  static func apply(_ a: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ m: Int, into y: UnsafeMutablePointer<Double>) {
    for r in 0..<m {
      var acc = 0.0
      for k in 0..<m { acc += a[r * m + k] * x[k] }
      y[r] = acc
    }
  }

  /// The number of squarings k: the iteration runs with `G^{2^k}` = G⁸ (three squarings cost
  /// less than the extra power steps that G⁴ needs on Jacobians near diag(A)).
  static func squarings(_ m: Int) -> Int { 3 }

  /// The certified power iteration, or nil when it does not certify within the limit.
  static func powerIteration(_ j: UnsafePointer<Double>, _ m: Int, scratch: UnsafeMutablePointer<Double>) -> Double? {
    let mm = m * m
    let g = scratch
    func power(_ i: Int) -> UnsafeMutablePointer<Double> { scratch + i * mm }
    let x = scratch + 4 * mm, y = x + m, v = y + m
    // G = JᵀJ, scaled so that its largest diagonal entry is 1 (then 1 ≤ λ₁ ≤ M).
    for r in 0..<m {
      for c in r..<m {
        var acc = 0.0
        for k in 0..<m { acc += j[k * m + r] * j[k * m + c] }
        g[r * m + c] = acc
        g[c * m + r] = acc
      }
    }
    var scale = 0.0
    for r in 0..<m { scale = Swift.max(scale, g[r * m + r]) }
    if scale == 0 { return 0 }
    if !scale.isFinite { return nil }
    let inverse = 1 / scale
    for e in 0..<mm { g[e] *= inverse }
    // G^{2^i}, i = 1…k, by repeated squaring, and the traces tr G^{2^i}, i = 0…k+1
    // (tr G^{2p} = ‖G^p‖_F² for symmetric G).
    let k = squarings(m)
    var traces = (0.0, 0.0, 0.0, 0.0, 0.0)
    for r in 0..<m { traces.0 += g[r * m + r] }
    for i in 1...k { symmetricProduct(power(i - 1), power(i - 1), m, into: power(i)) }
    for i in 0...k {
      var f2 = 0.0
      let q = power(i)
      for e in 0..<mm { f2 += q[e] * q[e] }
      switch i {
      case 0: traces.1 = f2
      case 1: traces.2 = f2
      case 2: traces.3 = f2
      default: traces.4 = f2
      }
    }
    let top = power(k)
    // A fixed start vector with no special structure, advanced once by G^{2^k}.
    for i in 0..<m { v[i] = 1 + 0.5 * Double((i * 7 + 3) % 11) / 11 }
    apply(top, v, m, into: x)
    for _ in 0..<iterationLimit {
      var norm2 = 0.0
      for i in 0..<m { norm2 += x[i] * x[i] }
      if !(norm2 > 0) || !norm2.isFinite { return nil }
      let inverseNorm = 1 / norm2.squareRoot()
      for i in 0..<m { x[i] *= inverseNorm }
      apply(g, x, m, into: y)
      var theta = 0.0
      for i in 0..<m { theta += x[i] * y[i] }
      var rho2 = 0.0
      for i in 0..<m {
        let r = y[i] - theta * x[i]
        rho2 += r * r
      }
      // An upper bound on λ₂: λ₂ᵖ ≤ tr Gᵖ − λ₁ᵖ ≤ tr Gᵖ − θᵖ, p = 1, 2, 4, 8 (, 16).
      var thetaPower = theta, root = 1.0
      var second = Swift.max(traces.0 - theta, 0)
      for i in 1...(k + 1) {
        thetaPower *= thetaPower
        root *= 2
        let t = i == 1 ? traces.1 : i == 2 ? traces.2 : i == 3 ? traces.3 : traces.4
        var bound = Swift.max(t - thetaPower, 0)
        for _ in 0..<i { bound = bound.squareRoot() }
        second = Swift.min(second, bound)
      }
      // The gap θ − a must exceed rounding by far, or a repeated λ₁ could pass by accident.
      if theta - second > 1e-8 * theta && rho2 <= tolerance * theta * (theta - second) {
        return (scale * theta).squareRoot()
      }
      apply(top, x, m, into: v)
      for i in 0..<m { x[i] = v[i] }
    }
    return nil
  }
}
