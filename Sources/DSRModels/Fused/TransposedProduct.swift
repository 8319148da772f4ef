import CKernels
import DSRTensor

/// `c += aᵀ·b` for `rows` × `n` outputs over the inner dimension `k` (a: k × rows with row stride
/// `lda`; b: k × n with row stride `ldb`; c: rows × n with row stride `ldc`), the fused step's
/// weight gradients over a block of steps (∂W += Gᵀ·Φ, ∂W₂ += dPreᵀ·z): by
/// `dsr_transposed_product_f32` where it covers the shape (Float, k ≤ 384, AVX-512; the same bits
/// as OpenBLAS's SkylakeX kernels there, without their packing copies), else by `gemm`.
@inline(__always)
func addTransposedProduct<S: BLASScalar>(
  _ a: UnsafePointer<S>, lda: Int, _ b: UnsafePointer<S>, ldb: Int, rows: Int, n: Int, k: Int,
  into c: UnsafeMutablePointer<S>, ldc: Int
) {
  if S.self == Float.self,
    dsr_transposed_product_f32(
      UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda, UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb,
      UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc, rows, n, k) != 0
  {
    return
  }
  gemm(a, transposeA: true, lda: lda, b, ldb: ldb, m: rows, n: n, k: k, beta: 1, into: c, ldc: ldc)
}
