import CLinearAlgebra
import Foundation
#if canImport(Glibc)
  import Glibc
#endif

/// A floating-point scalar that the BLAS, LAPACK and FFTW wrappers know how to handle.
///
/// `Float` maps to the `s`-prefixed routines (`cblas_sgemm`, `LAPACKE_sgesdd`, `fftwf_*`) and
/// `Double` to the `d`-prefixed ones. Everything in ``Tensor`` that needs a library call goes
/// through this protocol, so the tensor code itself is written once.
public protocol BLASScalar: BinaryFloatingPoint, Codable, Sendable, LosslessStringConvertible
where RawSignificand: FixedWidthInteger {
  /// The name of the type as numpy spells it in an NPY descriptor (`"f4"` or `"f8"`).
  static var numpyCode: String { get }

  /// The square root (forwarded to the C library).
  static func sqrt(_ x: Self) -> Self
  /// The natural exponential.
  static func exp(_ x: Self) -> Self
  /// The natural logarithm.
  static func log(_ x: Self) -> Self

  /// `C ← alpha·op(A)·op(B) + beta·C` in row-major storage (`cblas_?gemm`).
  static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Self,
    a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
    beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

  /// Solves `A X = B` in place (`LAPACKE_?gesv`, row major). Returns LAPACK's `info`.
  static func gesv(
    n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, lda: Int, ipiv: UnsafeMutablePointer<Int32>,
    b: UnsafeMutablePointer<Self>, ldb: Int) -> Int32

  /// Thin SVD by divide and conquer (`LAPACKE_?gesdd`, `jobz = 'S'`, row major).
  static func gesdd(
    m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, s: UnsafeMutablePointer<Self>,
    u: UnsafeMutablePointer<Self>, ldu: Int, vt: UnsafeMutablePointer<Self>, ldvt: Int) -> Int32

  /// Singular values only (`LAPACKE_?gesdd`, `jobz = 'N'`, row major).
  static func gesddValues(
    m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, s: UnsafeMutablePointer<Self>) -> Int32

  /// Eigenvalues of a general square matrix (`LAPACKE_?geev`, no eigenvectors, row major).
  static func geev(
    n: Int, a: UnsafeMutablePointer<Self>, lda: Int, wr: UnsafeMutablePointer<Self>,
    wi: UnsafeMutablePointer<Self>) -> Int32

  /// Householder QR factorisation (`LAPACKE_?geqrf`, row major).
  static func geqrf(
    m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, tau: UnsafeMutablePointer<Self>)
    -> Int32

  /// Forms the explicit `Q` of a QR factorisation (`LAPACKE_?orgqr`, row major).
  static func orgqr(
    m: Int, n: Int, k: Int, a: UnsafeMutablePointer<Self>, lda: Int, tau: UnsafePointer<Self>)
    -> Int32

  /// Real-to-complex forward DFT of `n` samples (FFTW `r2c`, unnormalised).
  ///
  /// Writes `n/2 + 1` complex coefficients as interleaved (real, imaginary) pairs.
  static func realFFT(n: Int, input: UnsafePointer<Self>, output: UnsafeMutablePointer<Self>)
}

private func lapackInt(_ x: Int) -> Int32 { Int32(truncatingIfNeeded: x) }
private func cblasTranspose(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

/// FFTW's planner is not thread safe; every plan is made and destroyed under this lock.
let fftwPlannerLock = PlannerLock()

/// A lock around a critical section.
final class PlannerLock: @unchecked Sendable {
  private let lock = NSLock()
  func withLock<T>(_ body: () throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }
}

extension Float: BLASScalar {
  /// `"f4"`.
  public static var numpyCode: String { "f4" }
  /// The square root (`squareRoot()`).
  @inlinable public static func sqrt(_ x: Float) -> Float { x.squareRoot() }
  /// The natural exponential (`expf`).
  public static func exp(_ x: Float) -> Float { Glibc.expf(x) }
  /// The natural logarithm (`logf`).
  public static func log(_ x: Float) -> Float { Glibc.logf(x) }

  /// `C ← alpha·op(A)·op(B) + beta·C` in row-major storage (`cblas_sgemm`).
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, cblasTranspose(transA), cblasTranspose(transB), lapackInt(m), lapackInt(n),
      lapackInt(k), alpha, a, lapackInt(lda), b, lapackInt(ldb), beta, c, lapackInt(ldc))
  }

  /// Solves `A X = B` in place (`LAPACKE_sgesv`, row major); returns LAPACK's `info`.
  public static func gesv(
    n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, lda: Int,
    ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Float>, ldb: Int
  ) -> Int32 {
    LAPACKE_sgesv(
      LAPACK_ROW_MAJOR, lapackInt(n), lapackInt(nrhs), a, lapackInt(lda), ipiv, b, lapackInt(ldb))
  }

  /// Thin SVD by divide and conquer (`LAPACKE_sgesdd`, `jobz = 'S'`, row major); returns `info`.
  public static func gesdd(
    m: Int, n: Int, a: UnsafeMutablePointer<Float>, lda: Int, s: UnsafeMutablePointer<Float>,
    u: UnsafeMutablePointer<Float>, ldu: Int, vt: UnsafeMutablePointer<Float>, ldvt: Int
  ) -> Int32 {
    LAPACKE_sgesdd(
      LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "S")), lapackInt(m), lapackInt(n), a, lapackInt(lda), s,
      u, lapackInt(ldu), vt, lapackInt(ldvt))
  }

  /// Singular values only (`LAPACKE_sgesdd`, `jobz = 'N'`, row major); returns `info`.
  public static func gesddValues(
    m: Int, n: Int, a: UnsafeMutablePointer<Float>, lda: Int, s: UnsafeMutablePointer<Float>
  ) -> Int32 {
    var dummy: Float = 0
    var dummy2: Float = 0
    return LAPACKE_sgesdd(
      LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), lapackInt(m), lapackInt(n), a, lapackInt(lda), s,
      &dummy, Int32(Swift.max(1, m)), &dummy2, Int32(Swift.max(1, n)))
  }

  /// Eigenvalues of a general square matrix (`LAPACKE_sgeev`, no eigenvectors); returns `info`.
  public static func geev(
    n: Int, a: UnsafeMutablePointer<Float>, lda: Int, wr: UnsafeMutablePointer<Float>,
    wi: UnsafeMutablePointer<Float>
  ) -> Int32 {
    var dummy: Float = 0
    var dummy2: Float = 0
    let no = Int8(UInt8(ascii: "N"))
    return LAPACKE_sgeev(
      LAPACK_ROW_MAJOR, no, no, lapackInt(n), a, lapackInt(lda), wr, wi, &dummy, 1, &dummy2, 1)
  }

  /// Householder QR factorisation (`LAPACKE_sgeqrf`, row major); returns `info`.
  public static func geqrf(
    m: Int, n: Int, a: UnsafeMutablePointer<Float>, lda: Int, tau: UnsafeMutablePointer<Float>
  ) -> Int32 {
    LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, lapackInt(m), lapackInt(n), a, lapackInt(lda), tau)
  }

  /// Forms the explicit `Q` of a QR factorisation (`LAPACKE_sorgqr`, row major); returns `info`.
  public static func orgqr(
    m: Int, n: Int, k: Int, a: UnsafeMutablePointer<Float>, lda: Int, tau: UnsafePointer<Float>
  ) -> Int32 {
    LAPACKE_sorgqr(LAPACK_ROW_MAJOR, lapackInt(m), lapackInt(n), lapackInt(k), a, lapackInt(lda), tau)
  }

  /// Real-to-complex forward DFT of `n` samples (`fftwf_plan_dft_r2c_1d`, unnormalised), planned under a lock.
  public static func realFFT(n: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
    // FFTW_ESTIMATE does not touch the arrays while planning; the input is only read.
    let inPtr = UnsafeMutablePointer(mutating: input)
    let outPtr = OpaquePointer(output)
    let plan = fftwPlannerLock.withLock {
      fftwf_plan_dft_r2c_1d(Int32(n), inPtr, outPtr, UInt32(FFTW_ESTIMATE))
    }
    fftwf_execute(plan)
    fftwPlannerLock.withLock { fftwf_destroy_plan(plan) }
  }
}

extension Double: BLASScalar {
  /// `"f8"`.
  public static var numpyCode: String { "f8" }
  /// The square root (`squareRoot()`).
  @inlinable public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
  /// The natural exponential (`exp`).
  public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
  /// The natural logarithm (`log`).
  public static func log(_ x: Double) -> Double { Glibc.log(x) }

  /// `C ← alpha·op(A)·op(B) + beta·C` in row-major storage (`cblas_dgemm`).
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    cblas_dgemm(
      CblasRowMajor, cblasTranspose(transA), cblasTranspose(transB), lapackInt(m), lapackInt(n),
      lapackInt(k), alpha, a, lapackInt(lda), b, lapackInt(ldb), beta, c, lapackInt(ldc))
  }

  /// Solves `A X = B` in place (`LAPACKE_dgesv`, row major); returns LAPACK's `info`.
  public static func gesv(
    n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, lda: Int,
    ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Double>, ldb: Int
  ) -> Int32 {
    LAPACKE_dgesv(
      LAPACK_ROW_MAJOR, lapackInt(n), lapackInt(nrhs), a, lapackInt(lda), ipiv, b, lapackInt(ldb))
  }

  /// Thin SVD by divide and conquer (`LAPACKE_dgesdd`, `jobz = 'S'`, row major); returns `info`.
  public static func gesdd(
    m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, s: UnsafeMutablePointer<Double>,
    u: UnsafeMutablePointer<Double>, ldu: Int, vt: UnsafeMutablePointer<Double>, ldvt: Int
  ) -> Int32 {
    LAPACKE_dgesdd(
      LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "S")), lapackInt(m), lapackInt(n), a, lapackInt(lda), s,
      u, lapackInt(ldu), vt, lapackInt(ldvt))
  }

  /// Singular values only (`LAPACKE_dgesdd`, `jobz = 'N'`, row major); returns `info`.
  public static func gesddValues(
    m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, s: UnsafeMutablePointer<Double>
  ) -> Int32 {
    var dummy: Double = 0
    var dummy2: Double = 0
    return LAPACKE_dgesdd(
      LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), lapackInt(m), lapackInt(n), a, lapackInt(lda), s,
      &dummy, Int32(Swift.max(1, m)), &dummy2, Int32(Swift.max(1, n)))
  }

  /// Eigenvalues of a general square matrix (`LAPACKE_dgeev`, no eigenvectors); returns `info`.
  public static func geev(
    n: Int, a: UnsafeMutablePointer<Double>, lda: Int, wr: UnsafeMutablePointer<Double>,
    wi: UnsafeMutablePointer<Double>
  ) -> Int32 {
    var dummy: Double = 0
    var dummy2: Double = 0
    let no = Int8(UInt8(ascii: "N"))
    return LAPACKE_dgeev(
      LAPACK_ROW_MAJOR, no, no, lapackInt(n), a, lapackInt(lda), wr, wi, &dummy, 1, &dummy2, 1)
  }

  /// Householder QR factorisation (`LAPACKE_dgeqrf`, row major); returns `info`.
  public static func geqrf(
    m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, tau: UnsafeMutablePointer<Double>
  ) -> Int32 {
    LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, lapackInt(m), lapackInt(n), a, lapackInt(lda), tau)
  }

  /// Forms the explicit `Q` of a QR factorisation (`LAPACKE_dorgqr`, row major); returns `info`.
  public static func orgqr(
    m: Int, n: Int, k: Int, a: UnsafeMutablePointer<Double>, lda: Int, tau: UnsafePointer<Double>
  ) -> Int32 {
    LAPACKE_dorgqr(LAPACK_ROW_MAJOR, lapackInt(m), lapackInt(n), lapackInt(k), a, lapackInt(lda), tau)
  }

  /// Real-to-complex forward DFT of `n` samples (`fftw_plan_dft_r2c_1d`, unnormalised), planned under a lock.
  public static func realFFT(
    n: Int, input: UnsafePointer<Double>, output: UnsafeMutablePointer<Double>
  ) {
    let inPtr = UnsafeMutablePointer(mutating: input)
    let outPtr = OpaquePointer(output)
    let plan = fftwPlannerLock.withLock {
      fftw_plan_dft_r2c_1d(Int32(n), inPtr, outPtr, UInt32(FFTW_ESTIMATE))
    }
    fftw_execute(plan)
    fftwPlannerLock.withLock { fftw_destroy_plan(plan) }
  }
}

/// Cosine from the C library.
@usableFromInline func _cos(_ x: Double) -> Double { Glibc.cos(x) }
