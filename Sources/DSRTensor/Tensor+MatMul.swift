// Matrix products through `cblas_?gemm`, with a plain loop for tiny products.

/// Products with fewer multiply-adds (`m·n·k`) than this use a plain loop instead of BLAS.
///
/// `dsr bench --core` measures the two equal at 4×4×4 (about 16 ns each with OpenBLAS's SkylakeX
/// kernels); below that the call overhead of `cblas_?gemm` dominates.
public let smallMatmulThreshold = 64

extension Tensor {
  /// The matrix product `op(self) · op(other)`, where `op` transposes when its flag is set.
  ///
  /// Both operands must be matrices. The transposes are passed to BLAS as flags; no transposed
  /// copy is made.
  public func matmul(
    _ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false
  ) -> Tensor {
    precondition(
      rank == 2 && other.rank == 2, "matmul needs matrices, got \(shape) and \(other.shape)")
    let m = transposeSelf ? shape[1] : shape[0]
    let k = transposeSelf ? shape[0] : shape[1]
    let k2 = transposeOther ? other.shape[1] : other.shape[0]
    let n = transposeOther ? other.shape[0] : other.shape[1]
    precondition(
      k == k2,
      "matmul: \(shape)\(transposeSelf ? "ᵀ" : "") × \(other.shape)\(transposeOther ? "ᵀ" : "") do not conform")
    var out = [Scalar](repeating: 0, count: m * n)
    out.withUnsafeMutableBufferPointer { c in
      Tensor.gemm(
        self, transposeSelf, other, transposeOther, m: m, n: n, k: k, alpha: 1, beta: 0,
        into: c.baseAddress!)
    }
    return Tensor(shape: [m, n], scalars: out)
  }

  /// `C ← alpha·op(A)·op(B) + beta·C` into a caller-owned `m × n` row-major buffer.
  ///
  /// This is the allocation-free entry point used by fused kernels.
  public static func gemm(
    _ a: Tensor, _ transA: Bool, _ b: Tensor, _ transB: Bool, m: Int, n: Int, k: Int,
    alpha: Scalar, beta: Scalar, into c: UnsafeMutablePointer<Scalar>
  ) {
    if m == 0 || n == 0 { return }
    a.scalars.withUnsafeBufferPointer { ap in
      b.scalars.withUnsafeBufferPointer { bp in
        gemm(
          transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: ap.baseAddress!,
          lda: a.shape[1], b: bp.baseAddress!, ldb: b.shape[1], beta: beta, c: c, ldc: n)
      }
    }
  }

  /// Raw-pointer GEMM that picks a plain loop for tiny products and BLAS otherwise.
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Scalar,
    a: UnsafePointer<Scalar>, lda: Int, b: UnsafePointer<Scalar>, ldb: Int,
    beta: Scalar, c: UnsafeMutablePointer<Scalar>, ldc: Int
  ) {
    if m == 0 || n == 0 { return }
    if k == 0 || m * n * k < smallMatmulThreshold {
      for i in 0..<m {
        for j in 0..<n {
          var acc: Scalar = 0
          for p in 0..<k {
            let av = transA ? a[p * lda + i] : a[i * lda + p]
            let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
            acc += av * bv
          }
          c[i * ldc + j] = alpha * acc + (beta == 0 ? 0 : beta * c[i * ldc + j])
        }
      }
      return
    }
    Scalar.gemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
      ldb: ldb, beta: beta, c: c, ldc: ldc)
  }
}

/// `C ← α·op(A)·op(B) + β·C` on row-major buffers (a tiny plain loop or `cblas_?gemm`):
/// `op(A)` is `m × k`, `op(B)` is `k × n`, C is `m × n`. The leading dimensions (row strides of
/// A, B and C as stored) default to packed rows; a padded buffer passes its own.
@inlinable
public func gemm<S: BLASScalar>(
  _ a: UnsafePointer<S>, transposeA: Bool = false, lda: Int? = nil, _ b: UnsafePointer<S>, transposeB: Bool = false,
  ldb: Int? = nil, m: Int, n: Int, k: Int, alpha: S = 1, beta: S = 0, into c: UnsafeMutablePointer<S>, ldc: Int? = nil
) {
  Tensor<S>.gemm(
    transA: transposeA, transB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a,
    lda: lda ?? (transposeA ? m : k), b: b, ldb: ldb ?? (transposeB ? k : n), beta: beta, c: c, ldc: ldc ?? n)
}
