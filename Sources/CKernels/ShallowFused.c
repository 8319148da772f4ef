// The shallow PLRNN's Φ with its k = M products fused in (Swift: DSRModels/Fused/ShallowFeatures.swift).
//
// Forward: Φ(z) = max(z·W₂ᵀ + h₂, 0) − clip·max(z·W₂ᵀ, 0) with the pre-activations z·W₂ᵀ held in
// registers (never written out). Backward: the pre-activations again and dΦ = g·W₁, both in
// registers, then the pullback of dsr_shallow_backward_f32. Each product entry is a chain of fused
// multiply-adds over k from zero, the order OpenBLAS's SkylakeX kernels use for these products
// (checked on random operands for M = 1…32, L = 64…1024), and the element-wise part gives what
// ShallowFeatures.c's operations give (see phi_of): bit for bit the unfused path (cblas_sgemm,
// then the element-wise kernels), without the calls, the packing and the buffers in between.
#include "CKernels.h"

#if defined(__x86_64__) && defined(__clang__)
#include "AVX512.h"

// upper − clip·lower with upper = (0 >= shifted ? 0 : shifted), lower = (0 >= pre ? 0 : pre):
// ShallowFeatures.c's expressions. MAXPS(0, x) = (0 > x ? 0 : x) agrees with them for every x
// but −0 (NaN passes through either way), and neither argument is ever −0 here: a chain of fused
// multiply-adds from +0 never yields −0 (x + (+0) and x − x are +0 in round-to-nearest), nor does
// +0 or a non-zero value plus the bias. With clip = 1 (the clipped model) 1·lower is lower.
AVX512 static inline __m512 phi_of(__m512 pre, __m512 shifted, __m512 clip, int clip_is_one) {
  __m512 zero = _mm512_setzero_ps();
  __m512 upper = _mm512_max_ps(zero, shifted), lower = _mm512_max_ps(zero, pre);
  return _mm512_sub_ps(upper, clip_is_one ? lower : _mm512_mul_ps(clip, lower));
}

// ROWS rows of z (row stride m) → ROWS rows of Φ (row stride ld), CHUNKS × 16 columns at a
// time; the columns from l on are not touched.
#define FORWARD_TILE(ROWS, CHUNKS, ONE)                                                                   \
  AVX512 static void forward_tile_##ROWS##_##CHUNKS##_##ONE(                                                 \
    const float *z, size_t m, const float *w2t, size_t l, const float *bias, size_t ld, float clip, float *phi) { \
    __m512 c = _mm512_set1_ps(clip);                                                                 \
    for (size_t col = 0; col < l; col += 16 * CHUNKS) {                                              \
      __mmask16 mask[CHUNKS];                                                                        \
      for (int j = 0; j < CHUNKS; j++) mask[j] = dsr_column_mask(col + 16 * (size_t)j, l);               \
      __m512 acc[ROWS][CHUNKS];                                                                      \
      for (int r = 0; r < ROWS; r++)                                                                 \
        for (int j = 0; j < CHUNKS; j++) acc[r][j] = _mm512_setzero_ps();                            \
      for (size_t k = 0; k < m; k++) {                                                               \
        __m512 w[CHUNKS];                                                                            \
        for (int j = 0; j < CHUNKS; j++) w[j] = _mm512_maskz_loadu_ps(mask[j], w2t + k * l + col + 16 * (size_t)j); \
        for (int r = 0; r < ROWS; r++) {                                                             \
          __m512 x = _mm512_set1_ps(z[r * m + k]);                                                   \
          for (int j = 0; j < CHUNKS; j++) acc[r][j] = _mm512_fmadd_ps(x, w[j], acc[r][j]);          \
        }                                                                                            \
      }                                                                                              \
      for (int j = 0; j < CHUNKS; j++) {                                                             \
        __m512 b = _mm512_maskz_loadu_ps(mask[j], bias + col + 16 * (size_t)j);                      \
        for (int r = 0; r < ROWS; r++)                                                               \
          _mm512_mask_storeu_ps(phi + r * ld + col + 16 * (size_t)j, mask[j],                        \
                                phi_of(acc[r][j], _mm512_add_ps(acc[r][j], b), c, ONE));                  \
      }                                                                                              \
    }                                                                                                \
  }

// ROWS rows: pre = z·W₂ᵀ and dΦ = g·W₁ in registers, then ∂h₂ (rows in order), dPre and Φ.
// (Tiles measured on EEG's shapes: forward 8 rows × 32 columns beats 16 × 16 by about a tenth;
// backward 8 × 16 and 4 × 32 are within noise.)
#define BACKWARD_TILE(ROWS, CHUNKS, ONE)                                                                  \
  AVX512 static void backward_tile_##ROWS##_##CHUNKS##_##ONE(                                                \
    const float *z, const float *g, size_t m, const float *w2t, const float *w1, size_t l, const float *bias, \
    size_t ld, float clip, float *bias_gradient, float *dpre, float *phi) {                          \
    __m512 c = _mm512_set1_ps(clip), one = _mm512_set1_ps(1.0f);                                     \
    __m512 zero = _mm512_setzero_ps();                                                               \
    for (size_t col = 0; col < l; col += 16 * CHUNKS) {                                              \
      __mmask16 mask[CHUNKS];                                                                        \
      for (int j = 0; j < CHUNKS; j++) mask[j] = dsr_column_mask(col + 16 * (size_t)j, l);               \
      __m512 pre[ROWS][CHUNKS], dphi[ROWS][CHUNKS];                                                  \
      for (int r = 0; r < ROWS; r++)                                                                 \
        for (int j = 0; j < CHUNKS; j++) pre[r][j] = dphi[r][j] = _mm512_setzero_ps();               \
      for (size_t k = 0; k < m; k++) {                                                               \
        __m512 a[CHUNKS], b[CHUNKS];                                                                 \
        for (int j = 0; j < CHUNKS; j++) {                                                           \
          a[j] = _mm512_maskz_loadu_ps(mask[j], w2t + k * l + col + 16 * (size_t)j);                 \
          b[j] = _mm512_maskz_loadu_ps(mask[j], w1 + k * l + col + 16 * (size_t)j);                  \
        }                                                                                            \
        for (int r = 0; r < ROWS; r++) {                                                             \
          __m512 x = _mm512_set1_ps(z[r * m + k]), y = _mm512_set1_ps(g[r * m + k]);                 \
          for (int j = 0; j < CHUNKS; j++) {                                                         \
            pre[r][j] = _mm512_fmadd_ps(x, a[j], pre[r][j]);                                         \
            dphi[r][j] = _mm512_fmadd_ps(y, b[j], dphi[r][j]);                                       \
          }                                                                                          \
        }                                                                                            \
      }                                                                                              \
      for (int j = 0; j < CHUNKS; j++) {                                                             \
        size_t at = col + 16 * (size_t)j;                                                            \
        __m512 h = _mm512_maskz_loadu_ps(mask[j], bias + at);                                        \
        __m512 hg = _mm512_maskz_loadu_ps(mask[j], bias_gradient + at);                              \
        for (int r = 0; r < ROWS; r++) {                                                             \
          __m512 shifted = _mm512_add_ps(pre[r][j], h);                                              \
          __m512 on = _mm512_mask_mov_ps(zero, _mm512_cmp_ps_mask(shifted, zero, _CMP_GT_OQ), one);  \
          __m512 positive = _mm512_mask_mov_ps(zero, _mm512_cmp_ps_mask(pre[r][j], zero, _CMP_GT_OQ), c); \
          hg = _mm512_add_ps(hg, _mm512_mul_ps(dphi[r][j], on));                                     \
          _mm512_mask_storeu_ps(dpre + r * ld + at, mask[j], _mm512_mul_ps(dphi[r][j], _mm512_sub_ps(on, positive))); \
          _mm512_mask_storeu_ps(phi + r * ld + at, mask[j], phi_of(pre[r][j], shifted, c, ONE));          \
        }                                                                                            \
        _mm512_mask_storeu_ps(bias_gradient + at, mask[j], hg);                                      \
      }                                                                                              \
    }                                                                                                \
  }

FORWARD_TILE(8, 2, 1)
FORWARD_TILE(1, 2, 1)
FORWARD_TILE(8, 2, 0)
FORWARD_TILE(1, 2, 0)
BACKWARD_TILE(8, 1, 1)
BACKWARD_TILE(1, 1, 1)
BACKWARD_TILE(8, 1, 0)
BACKWARD_TILE(1, 1, 0)

// OpenBLAS keeps one chain over k only up to its k block (384 on SkylakeX); products of fewer
// than 64 multiply-adds take DSRTensor's plain loop instead of OpenBLAS (smallMatmulThreshold).
static int covered(size_t rows, size_t m, size_t l, size_t ld) {
  return m >= 1 && m <= 384 && l >= 1 && ld >= l && ld % 16 == 0 && rows * m * l >= 64 && __builtin_cpu_supports("avx512f");
}

int dsr_shallow_fused_forward_f32(
  const float *z, size_t m, const float *w2t, size_t l, const float *bias, size_t rows, size_t ld, float clip, float *phi) {
  if (!covered(rows, m, l, ld)) return 0;
  size_t r = 0;
  if (clip == 1.0f) {
    for (; r + 8 <= rows; r += 8) forward_tile_8_2_1(z + r * m, m, w2t, l, bias, ld, clip, phi + r * ld);
    for (; r < rows; r++) forward_tile_1_2_1(z + r * m, m, w2t, l, bias, ld, clip, phi + r * ld);
  } else {
    for (; r + 8 <= rows; r += 8) forward_tile_8_2_0(z + r * m, m, w2t, l, bias, ld, clip, phi + r * ld);
    for (; r < rows; r++) forward_tile_1_2_0(z + r * m, m, w2t, l, bias, ld, clip, phi + r * ld);
  }
  return 1;
}

int dsr_shallow_fused_backward_f32(
  const float *z, const float *g, size_t m, const float *w2t, const float *w1, size_t l, const float *bias, size_t rows,
  size_t ld, float clip, float *bias_gradient, float *dpre, float *phi) {
  if (!covered(rows, m, l, ld)) return 0;
  size_t r = 0;
#define BACKWARD_ROWS(ONE)                                                                                            \
  for (; r + 8 <= rows; r += 8)                                                                                     \
    backward_tile_8_1_##ONE(z + r * m, g + r * m, m, w2t, w1, l, bias, ld, clip, bias_gradient, dpre + r * ld, phi + r * ld); \
  for (; r < rows; r++)                                                                                             \
    backward_tile_1_1_##ONE(z + r * m, g + r * m, m, w2t, w1, l, bias, ld, clip, bias_gradient, dpre + r * ld, phi + r * ld);
  if (clip == 1.0f) {
    BACKWARD_ROWS(1)
  } else {
    BACKWARD_ROWS(0)
  }
#undef BACKWARD_ROWS
  return 1;
}
#else
int dsr_shallow_fused_forward_f32(
  const float *z, size_t m, const float *w2t, size_t l, const float *bias, size_t rows, size_t ld, float clip, float *phi) {
  (void)z; (void)m; (void)w2t; (void)l; (void)bias; (void)rows; (void)ld; (void)clip; (void)phi;
  return 0;
}

int dsr_shallow_fused_backward_f32(
  const float *z, const float *g, size_t m, const float *w2t, const float *w1, size_t l, const float *bias, size_t rows,
  size_t ld, float clip, float *bias_gradient, float *dpre, float *phi) {
  (void)z; (void)g; (void)m; (void)w2t; (void)w1; (void)l; (void)bias; (void)rows; (void)ld; (void)clip;
  (void)bias_gradient; (void)dpre; (void)phi;
  return 0;
}
#endif
