// C += Aᵀ·B with a short inner dimension (the fused step's weight gradients over a block of
// steps: ∂W += Gᵀ·Φ and ∂W₂ += dPreᵀ·z, k = block·S rows), in the order OpenBLAS's SkylakeX
// kernels use up to their k block of 384: per output, a chain of fused multiply-adds over k from
// zero, then C + acc. Bit for bit what cblas_sgemm gives there (checked on random operands for
// the fused step's shapes), without its packing copies of both operands on every call.
#include "CKernels.h"

#if defined(__x86_64__) && defined(__clang__)
#include "AVX512.h"

// ROWS rows of C from `row`, CHUNKS × 16 columns from `col`.
#define TILE(ROWS, CHUNKS)                                                                            \
  AVX512 static void tile_##ROWS##_##CHUNKS(                                                          \
    const float *a, size_t lda, const float *b, size_t ldb, float *c, size_t ldc, size_t n, size_t k, size_t row, \
    size_t col) {                                                                                     \
    __mmask16 mask[CHUNKS];                                                                           \
    for (int j = 0; j < CHUNKS; j++) mask[j] = dsr_column_mask(col + 16 * (size_t)j, n);                        \
    __m512 acc[ROWS][CHUNKS];                                                                         \
    for (int r = 0; r < ROWS; r++)                                                                    \
      for (int j = 0; j < CHUNKS; j++) acc[r][j] = _mm512_setzero_ps();                               \
    for (size_t p = 0; p < k; p++) {                                                                  \
      __m512 v[CHUNKS];                                                                               \
      for (int j = 0; j < CHUNKS; j++) v[j] = _mm512_maskz_loadu_ps(mask[j], b + p * ldb + col + 16 * (size_t)j); \
      const float *ap = a + p * lda + row;                                                            \
      for (int r = 0; r < ROWS; r++) {                                                                \
        __m512 x = _mm512_set1_ps(ap[r]);                                                             \
        for (int j = 0; j < CHUNKS; j++) acc[r][j] = _mm512_fmadd_ps(x, v[j], acc[r][j]);             \
      }                                                                                               \
    }                                                                                                 \
    for (int r = 0; r < ROWS; r++)                                                                    \
      for (int j = 0; j < CHUNKS; j++) {                                                              \
        float *cp = c + (row + (size_t)r) * ldc + col + 16 * (size_t)j;                               \
        _mm512_mask_storeu_ps(cp, mask[j], _mm512_add_ps(_mm512_maskz_loadu_ps(mask[j], cp), acc[r][j])); \
      }                                                                                               \
  }

TILE(8, 2)
TILE(4, 2)
TILE(2, 2)
TILE(1, 2)
TILE(16, 1)
TILE(8, 1)
TILE(4, 1)
TILE(2, 1)
TILE(1, 1)

int dsr_transposed_product_f32(
  const float *a, size_t lda, const float *b, size_t ldb, float *c, size_t ldc, size_t rows, size_t n, size_t k) {
  // Products of fewer than 64 multiply-adds take DSRTensor's plain loop (smallMatmulThreshold).
  if (k == 0 || k > 384 || rows * n * k < 64 || !__builtin_cpu_supports("avx512f")) return 0;
  if (n > 16) {
    // 8 rows × 32 columns per tile (16 accumulators), fewer rows for the remainder.
    for (size_t col = 0; col < n; col += 32) {
      size_t row = 0;
      for (; row + 8 <= rows; row += 8) tile_8_2(a, lda, b, ldb, c, ldc, n, k, row, col);
      if (rows - row >= 4) { tile_4_2(a, lda, b, ldb, c, ldc, n, k, row, col); row += 4; }
      if (rows - row >= 2) { tile_2_2(a, lda, b, ldb, c, ldc, n, k, row, col); row += 2; }
      if (rows - row >= 1) tile_1_2(a, lda, b, ldb, c, ldc, n, k, row, col);
    }
  } else {
    // One (masked) vector of columns: 16 rows per tile.
    size_t row = 0;
    for (; row + 16 <= rows; row += 16) tile_16_1(a, lda, b, ldb, c, ldc, n, k, row, 0);
    if (rows - row >= 8) { tile_8_1(a, lda, b, ldb, c, ldc, n, k, row, 0); row += 8; }
    if (rows - row >= 4) { tile_4_1(a, lda, b, ldb, c, ldc, n, k, row, 0); row += 4; }
    if (rows - row >= 2) { tile_2_1(a, lda, b, ldb, c, ldc, n, k, row, 0); row += 2; }
    if (rows - row >= 1) tile_1_1(a, lda, b, ldb, c, ldc, n, k, row, 0);
  }
  return 1;
}
#else
int dsr_transposed_product_f32(
  const float *a, size_t lda, const float *b, size_t ldb, float *c, size_t ldc, size_t rows, size_t n, size_t k) {
  (void)a; (void)lda; (void)b; (void)ldb; (void)c; (void)ldc; (void)rows; (void)n; (void)k;
  return 0;
}
#endif
