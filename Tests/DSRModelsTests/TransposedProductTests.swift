import CKernels
import DSRTensor
import DSRTestSupport
import Testing

/// `dsr_transposed_product_f32` (the fused step's weight gradients over a block of steps) against
/// cblas_sgemm: the same bits as OpenBLAS's SkylakeX kernels (which dsr selects on AVX-512 CPUs),
/// within rounding of any other kernel the test process got, and no touch where it declines.
@Suite struct TransposedProductTests {
  /// (rows, n, k, lda, ldb): ∂W and ∂W₂ of EEG, ECG and Lorenz-63 blocks, a short last block, the
  /// largest covered k, remainders of every tile size.
  @Test(
    "C += Aᵀ·B bit for bit cblas_sgemm's; k > 384 and tiny products declined",
    arguments: [
      (16, 512, 128, 16, 512), (512, 16, 128, 512, 16), (5, 250, 128, 5, 256), (250, 5, 128, 256, 5), (3, 100, 32, 3, 128),
      (100, 3, 32, 128, 3), (16, 512, 384, 16, 512), (15, 47, 9, 15, 47), (31, 16, 20, 31, 16), (16, 512, 385, 16, 512),
      (1, 4, 8, 1, 4),
    ])
  func matchesBLAS(rows: Int, n: Int, k: Int, lda: Int, ldb: Int) {
    var rng = RandomGenerator(seed: UInt64(rows * 1000 + n + k))
    let a = Tensor<Float>.normal(shape: [k, lda], using: &rng).scalars
    let b = Tensor<Float>.normal(shape: [k, ldb], using: &rng).scalars
    let c0 = Tensor<Float>.normal(shape: [rows, n], using: &rng).scalars
    var blas = c0, kernel = c0
    Tensor<Float>.gemm(
      transA: true, transB: false, m: rows, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb, beta: 1, c: &blas, ldc: n)
    let done = dsr_transposed_product_f32(a, lda, b, ldb, &kernel, n, rows, n, k)
    if k > 384 || rows * n * k < 64 {
      #expect(done == 0 && kernel == c0, "declined for k = \(k), \(rows * n * k) multiply-adds: C untouched")
    } else if done != 0 {
      if BLASThreads.coreName == "SkylakeX" {
        #expect(kernel == blas, "rows \(rows), n \(n), k \(k): the same bits as cblas_sgemm")
      } else {
        expectClose(Tensor(shape: [rows, n], scalars: kernel), Tensor(shape: [rows, n], scalars: blas), atol: 1e-4, rtol: 1e-5)
      }
    }
  }
}
