// C += A·B for 16 rows and 9–16 columns with a long inner dimension (the k = L products of the
// fused step: out += Φ·Wᵀ and dz += dPre·W₂), in the order OpenBLAS's SkylakeX small kernel uses
// for these shapes: per output, a chain of fused multiply-adds over k from zero, then C + acc.
// Bit for bit what cblas_sgemm gives there (checked on random operands for n = 9…16; for n ≤ 8
// OpenBLAS takes other paths, and this kernel declines), with sixteen accumulators in registers.
#include "CKernels.h"

#if defined(__x86_64__) && defined(__clang__)
#include "AVX512.h"

AVX512 static void long_product_avx512(const float *a, size_t lda, const float *b, size_t ldb, float *c, size_t ldc, size_t n, size_t k) {
  __mmask16 mask = dsr_column_mask(0, n);
  __m512 acc[16];
  for (int i = 0; i < 16; i++) acc[i] = _mm512_setzero_ps();
  for (size_t p = 0; p < k; p++) {
    __m512 row = _mm512_maskz_loadu_ps(mask, b + p * ldb);
    for (int i = 0; i < 16; i++) acc[i] = _mm512_fmadd_ps(_mm512_set1_ps(a[i * lda + p]), row, acc[i]);
  }
  for (int i = 0; i < 16; i++) {
    __m512 old = _mm512_maskz_loadu_ps(mask, c + i * ldc);
    _mm512_mask_storeu_ps(c + i * ldc, mask, _mm512_add_ps(old, acc[i]));
  }
}

int dsr_long_product_f32(const float *a, size_t lda, const float *b, size_t ldb, float *c, size_t ldc, size_t rows, size_t n, size_t k) {
  if (rows != 16 || n < 9 || n > 16 || !__builtin_cpu_supports("avx512f")) return 0;
  long_product_avx512(a, lda, b, ldb, c, ldc, n, k);
  return 1;
}
#else
int dsr_long_product_f32(const float *a, size_t lda, const float *b, size_t ldb, float *c, size_t ldc, size_t rows, size_t n, size_t k) {
  (void)a; (void)lda; (void)b; (void)ldb; (void)c; (void)ldc; (void)rows; (void)n; (void)k;
  return 0;
}
#endif
