import CKernels
import DSRTensor
import DSRTestSupport
import Testing

/// `dsr_long_product_f32` (the fused step's k = L products) against cblas_sgemm: the same bits
/// as OpenBLAS's SkylakeX kernels (which dsr selects on AVX-512 CPUs, the command-line tour's "OpenBLAS settings"),
/// within rounding of any other kernel the test process got, and no touch where it declines.
@Suite struct LongProductTests {
  @Test("16 rows, 9–16 columns, long k: bit for bit cblas_sgemm's C += A·B; other shapes declined", arguments: [9, 12, 16, 8, 5])
  func matchesBLAS(columns n: Int) {
    var rng = RandomGenerator(seed: UInt64(n))
    for (k, lda) in [(512, 512), (250, 256), (100, 128)] {
      let a = Tensor<Float>.normal(shape: [16, lda], using: &rng).scalars
      let b = Tensor<Float>.normal(shape: [k, n], using: &rng).scalars.map { $0 * 0.1 }
      let c0 = Tensor<Float>.normal(shape: [16, n], using: &rng).scalars
      var blas = c0, kernel = c0
      a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in
          blas.withUnsafeMutableBufferPointer { cp in
            Tensor<Float>.gemm(transA: false, transB: false, m: 16, n: n, k: k, alpha: 1, a: ap.baseAddress!, lda: lda,
                               b: bp.baseAddress!, ldb: n, beta: 1, c: cp.baseAddress!, ldc: n)
          }
          let done = kernel.withUnsafeMutableBufferPointer { cp in
            dsr_long_product_f32(ap.baseAddress!, lda, bp.baseAddress!, n, cp.baseAddress!, n, 16, n, k)
          }
          if n < 9 {
            #expect(done == 0 && kernel == c0, "declined for n = \(n), C untouched")
          } else if done != 0 {
            if BLASThreads.coreName == "SkylakeX" {
              #expect(kernel == blas, "n = \(n), k = \(k): the same bits as cblas_sgemm")
            } else {
              expectClose(Tensor(shape: [16, n], scalars: kernel), Tensor(shape: [16, n], scalars: blas), atol: 1e-4, rtol: 1e-5)
            }
          }
        }
      }
    }
  }
}
