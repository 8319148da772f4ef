// LAPACKE-backed linear algebra: solve, inverse, SVD, pseudo-inverse, eigenvalues, QR, norms.

/// A complex number, as returned by eigenvalue and FFT routines.
public struct Complex<Scalar: BLASScalar>: Equatable, Sendable, Codable {
  /// The real part.
  public var real: Scalar
  /// The imaginary part.
  public var imaginary: Scalar
  /// `real + imaginary·i`.
  public init(_ real: Scalar, _ imaginary: Scalar = 0) {
    self.real = real
    self.imaginary = imaginary
  }
  /// The modulus `√(re² + im²)`.
  public var magnitude: Scalar { Scalar.sqrt(real * real + imaginary * imaginary) }
}

/// A failure of a LAPACK routine on the given input.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
  /// The matrix is exactly singular (LAPACK reported a zero pivot at the given 1-based index).
  case singular(routine: String, pivot: Int)
  /// The iterative algorithm did not converge.
  case noConvergence(routine: String, info: Int)
  /// The input contains NaN or infinity.
  case nonFinite(routine: String)

  /// The routine and what went wrong, with a remedy where there is one.
  public var description: String {
    switch self {
    case .singular(let routine, let pivot):
      return "\(routine): matrix is singular (zero pivot at \(pivot)); use pseudoInverse() instead"
    case .noConvergence(let routine, let info):
      return "\(routine): did not converge (info = \(info))"
    case .nonFinite(let routine):
      return "\(routine): input contains NaN or infinity"
    }
  }
}

extension Tensor {
  private func requireMatrix(_ routine: String) {
    precondition(rank == 2, "\(routine) needs a matrix, got shape \(shape)")
  }

  private func requireFinite(_ routine: String) throws {
    guard isFinite else { throw LinearAlgebraError.nonFinite(routine: routine) }
  }

  /// Solves `self · X = rhs` for square `self` by LU with partial pivoting (`?gesv`).
  ///
  /// - Parameter rhs: a vector of length n or an `n × k` matrix.
  /// - Throws: ``LinearAlgebraError/singular(routine:pivot:)`` for a singular matrix.
  public func solve(_ rhs: Tensor) throws -> Tensor {
    requireMatrix("solve")
    precondition(shape[0] == shape[1], "solve needs a square matrix, got \(shape)")
    precondition(rhs.shape[0] == shape[0], "solve: rhs \(rhs.shape) does not match \(shape)")
    try requireFinite("gesv")
    let n = shape[0]
    let nrhs = rhs.rank == 1 ? 1 : rhs.shape[1]
    var a = scalars
    var b = rhs.scalars
    var ipiv = [Int32](repeating: 0, count: n)
    let info = Scalar.gesv(n: n, nrhs: nrhs, a: &a, lda: n, ipiv: &ipiv, b: &b, ldb: nrhs)
    if info > 0 { throw LinearAlgebraError.singular(routine: "gesv", pivot: Int(info)) }
    precondition(info == 0, "gesv: illegal argument \(-info)")
    return Tensor(shape: rhs.shape, scalars: b)
  }

  /// The inverse of a square matrix.
  public func inverse() throws -> Tensor {
    requireMatrix("inverse")
    return try solve(Tensor.identity(shape[0]))
  }

  /// The thin singular value decomposition `self = U · diag(S) · Vᵀ` (`?gesdd`).
  ///
  /// For an `m × n` matrix with `k = min(m, n)`: `U` is `m × k`, `S` has length `k` in descending
  /// order, `Vᵀ` is `k × n`.
  public func svd() throws -> (u: Tensor, s: Tensor, vt: Tensor) {
    requireMatrix("svd")
    try requireFinite("gesdd")
    let (m, n) = (shape[0], shape[1])
    let k = Swift.min(m, n)
    if k == 0 {
      return (Tensor(zeros: [m, 0]), Tensor(zeros: [0]), Tensor(zeros: [0, n]))
    }
    var a = scalars
    var s = [Scalar](repeating: 0, count: k)
    var u = [Scalar](repeating: 0, count: m * k)
    var vt = [Scalar](repeating: 0, count: k * n)
    let info = Scalar.gesdd(m: m, n: n, a: &a, lda: n, s: &s, u: &u, ldu: k, vt: &vt, ldvt: n)
    if info > 0 { throw LinearAlgebraError.noConvergence(routine: "gesdd", info: Int(info)) }
    precondition(info == 0, "gesdd: illegal argument \(-info)")
    return (Tensor(shape: [m, k], scalars: u), Tensor(s), Tensor(shape: [k, n], scalars: vt))
  }

  /// The singular values in descending order.
  public func singularValues() throws -> Tensor {
    requireMatrix("singularValues")
    try requireFinite("gesdd")
    let (m, n) = (shape[0], shape[1])
    let k = Swift.min(m, n)
    if k == 0 { return Tensor(zeros: [0]) }
    var a = scalars
    var s = [Scalar](repeating: 0, count: k)
    let info = Scalar.gesddValues(m: m, n: n, a: &a, lda: n, s: &s)
    if info > 0 { throw LinearAlgebraError.noConvergence(routine: "gesdd", info: Int(info)) }
    precondition(info == 0, "gesdd: illegal argument \(-info)")
    return Tensor(s)
  }

  /// The spectral norm ‖A‖₂, the largest singular value.
  public func spectralNorm() throws -> Scalar {
    let s = try singularValues()
    return s.count == 0 ? 0 : s.scalars[0]
  }

  /// The default relative tolerance of ``pseudoInverse(relativeTolerance:)``: `ε·min(m, n)`.
  ///
  /// This is Julia's `pinv` default used by the reference (gtf-shplrnn.md §1.8): singular values
  /// below `ε·min(m,n)·σ_max` count as zero, with ε the machine epsilon of `Scalar`.
  public var defaultPseudoInverseTolerance: Scalar {
    Scalar.ulpOfOne * Scalar(Swift.min(shape[0], shape[1]))
  }

  /// The Moore–Penrose pseudo-inverse `A⁺ = V · diag(1/σᵢ) · Uᵀ` via SVD.
  ///
  /// - Parameter relativeTolerance: singular values `σᵢ ≤ relativeTolerance · σ_max` are treated
  ///   as zero; `nil` uses ``defaultPseudoInverseTolerance``.
  public func pseudoInverse(relativeTolerance: Scalar? = nil) throws -> Tensor {
    requireMatrix("pseudoInverse")
    let (m, n) = (shape[0], shape[1])
    let (u, s, vt) = try svd()
    let k = s.count
    guard k > 0 else { return Tensor(zeros: [n, m]) }
    let cutoff = (relativeTolerance ?? defaultPseudoInverseTolerance) * s.scalars[0]
    // A⁺ = Vᵀᵀ · diag(1/σ) · Uᵀ; scale the rows of Vᵀ by 1/σ and multiply with Uᵀ.
    var scaledVt = vt
    for i in 0..<k {
      let inv: Scalar = s.scalars[i] > cutoff ? 1 / s.scalars[i] : 0
      for j in 0..<n { scaledVt.scalars[i * n + j] *= inv }
    }
    return scaledVt.matmul(u, transposeSelf: true, transposeOther: true)
  }

  /// The eigenvalues of a square matrix (`?geev`), complex in general, in LAPACK's order.
  public func eigenvalues() throws -> [Complex<Scalar>] {
    requireMatrix("eigenvalues")
    precondition(shape[0] == shape[1], "eigenvalues needs a square matrix, got \(shape)")
    try requireFinite("geev")
    let n = shape[0]
    if n == 0 { return [] }
    var a = scalars
    var wr = [Scalar](repeating: 0, count: n)
    var wi = [Scalar](repeating: 0, count: n)
    let info = Scalar.geev(n: n, a: &a, lda: n, wr: &wr, wi: &wi)
    if info > 0 { throw LinearAlgebraError.noConvergence(routine: "geev", info: Int(info)) }
    precondition(info == 0, "geev: illegal argument \(-info)")
    return (0..<n).map { Complex(wr[$0], wi[$0]) }
  }

  /// The thin QR factorisation `self = Q · R` of an `m × n` matrix (`?geqrf` + `?orgqr`).
  ///
  /// With `k = min(m, n)`: `Q` is `m × k` with orthonormal columns and `R` is `k × n` upper
  /// triangular. The diagonal of `R` may be negative (LAPACK's sign convention).
  public func qr() throws -> (q: Tensor, r: Tensor) {
    requireMatrix("qr")
    try requireFinite("geqrf")
    let (m, n) = (shape[0], shape[1])
    let k = Swift.min(m, n)
    if k == 0 { return (Tensor(zeros: [m, 0]), Tensor(zeros: [0, n])) }
    var a = scalars
    var tau = [Scalar](repeating: 0, count: k)
    var info = Scalar.geqrf(m: m, n: n, a: &a, lda: n, tau: &tau)
    precondition(info == 0, "geqrf: illegal argument \(-info)")
    var r = [Scalar](repeating: 0, count: k * n)
    for i in 0..<k { for j in i..<n { r[i * n + j] = a[i * n + j] } }
    // Q: the first k columns of the m × n reflector storage, as an m × k matrix.
    var q = [Scalar](repeating: 0, count: m * k)
    for i in 0..<m { for j in 0..<k { q[i * k + j] = a[i * n + j] } }
    info = Scalar.orgqr(m: m, n: k, k: k, a: &q, lda: k, tau: tau)
    precondition(info == 0, "orgqr: illegal argument \(-info)")
    return (Tensor(shape: [m, k], scalars: q), Tensor(shape: [k, n], scalars: r))
  }
}
