import DSRTensor

/// The spectral norm ‖J‖₂ (largest singular value) of a small square Double matrix without a
/// LAPACK call per matrix, for α estimation over thousands of M × M Jacobians.
///
/// - M = 1: |J|; M = 2: the closed form `σ₁ = (√((a+d)² + (b−c)²) + √((a−d)² + (b+c)²)) / 2`;
/// - a diagonal J: `max |J_ii|`;
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
  public static let maximumDimension = 32
  /// The certified relative accuracy of the largest eigenvalue of JᵀJ (σ₁ is twice as accurate).
  public static let tolerance = 1e-13
  /// Power steps (each with G⁸) before falling back to LAPACK.
  public static let iterationLimit = 60

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
    var diagonal = true, finite = true
    for r in 0..<m {
      for c in 0..<m {
        let x = j[r * m + c]
        if !x.isFinite { finite = false }
        if r != c && x != 0 { diagonal = false }
      }
    }
    if !finite { return nonFiniteNorm(j, m) }
    if diagonal {
      var top = 0.0
      for r in 0..<m { top = Swift.max(top, Swift.abs(j[r * m + r])) }
      return top
    }
    if m <= maximumDimension {
      let certified = withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * m * m + 3 * m) {
        powerIteration(j, m, scratch: $0.baseAddress!)
      }
      if let certified { return certified }
    }
    return lapack(j, m)
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
