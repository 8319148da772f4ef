import CKernels
import DSRTensor

/// `c += a·b` for `rows` × `n` outputs over the inner dimension `k` (a: rows × k with row stride
/// `lda`; b: k × n packed; c: rows × n packed), the fused step's products with k = F
/// (out += Φ·Wᵀ, dz += dPre·W₂): by `dsr_long_product_f32` where it covers the shape (Float,
/// 16 rows, 9–16 columns, AVX-512; the same bits as OpenBLAS's SkylakeX kernel there), else by
/// `gemm`.
@inline(__always)
func addLongProduct<S: BLASScalar>(
  _ a: UnsafePointer<S>, lda: Int, _ b: UnsafePointer<S>, rows: Int, n: Int, k: Int, into c: UnsafeMutablePointer<S>
) {
  if S.self == Float.self,
    dsr_long_product_f32(
      UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda, UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), n,
      UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), n, rows, n, k) != 0
  {
    return
  }
  gemm(a, lda: lda, b, m: rows, n: n, k: k, beta: 1, into: c)
}
