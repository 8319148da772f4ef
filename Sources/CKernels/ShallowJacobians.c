// The gate pass and the sparse sum of the batched shallow Jacobians
// (Swift: DSRModels/ShallowPLRNN+BatchedJacobians.swift).
#include <stdint.h>
#include "CKernels.h"
#include "Multiversion.h"

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>

// AVX-512: per 8 units one comparison pair, and the non-zero gates and their units packed by
// two compressions (no branch).
__attribute__((target("avx512f,avx512vl")))
static size_t active_units_avx512(
  const double *pre, const double *threshold, size_t rows, size_t width, int clipped, int32_t *units, double *values,
  int32_t *counts) {
  size_t total = 0;
  const __m512d zero = _mm512_setzero_pd(), one = _mm512_set1_pd(1.0), minus = _mm512_set1_pd(-1.0);
  const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  for (size_t r = 0; r < rows; r++) {
    const double *u = pre + r * width;
    int32_t *list = units + r * width;
    double *d = values + r * width;
    size_t q = 0;
    for (size_t k = 0; k < width; k += 8) {
      __m512d x = _mm512_loadu_pd(u + k);
      __mmask8 above = _mm512_cmp_pd_mask(x, _mm512_loadu_pd(threshold + k), _CMP_GT_OQ);
      __mmask8 positive = clipped ? _mm512_cmp_pd_mask(x, zero, _CMP_GT_OQ) : 0;
      __mmask8 nonzero = above ^ positive;
      // Compressed in registers and stored whole (no branch; q ≤ k, so the 8 slots from q are
      // inside the row, and later stores overwrite what lies past the selected ones).
      __m512d gate = _mm512_maskz_compress_pd(nonzero, _mm512_mask_blend_pd(above, minus, one));
      __m256i index = _mm256_maskz_compress_epi32(nonzero, _mm256_add_epi32(iota, _mm256_set1_epi32((int)k)));
      _mm512_storeu_pd(d + q, gate);
      _mm256_storeu_si256((__m256i *)(list + q), index);
      q += (size_t)__builtin_popcount(nonzero);
    }
    counts[r] = (int32_t)q;
    total += q;
  }
  return total;
}
#endif

// Portable: the same lists, written without a branch per unit.
size_t dsr_shallow_active_units_portable_f64(
  const double *pre, const double *threshold, size_t rows, size_t width, int clipped, int32_t *units, double *values,
  int32_t *counts) {
  size_t total = 0;
  for (size_t r = 0; r < rows; r++) {
    const double *u = pre + r * width;
    int32_t *list = units + r * width;
    double *d = values + r * width;
    size_t q = 0;
    for (size_t k = 0; k < width; k++) {
      int above = u[k] > threshold[k];
      int positive = clipped && u[k] > 0;
      list[q] = (int32_t)k;
      d[q] = above ? 1.0 : -1.0;
      q += above != positive;
    }
    counts[r] = (int32_t)q;
    total += q;
  }
  return total;
}

size_t dsr_shallow_active_units_f64(
  const double *pre, const double *threshold, size_t rows, size_t width, int clipped, int32_t *units, double *values,
  int32_t *counts) {
#if defined(__x86_64__) && defined(__clang__)
  static int avx512 = -1;  // decided once; a race writes the same value
  if (avx512 < 0) avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  if (avx512) return active_units_avx512(pre, threshold, rows, width, clipped, units, values, counts);
#endif
  return dsr_shallow_active_units_portable_f64(pre, threshold, rows, width, clipped, units, values, counts);
}

// One state's Jacobian: diag(a) plus d·K_l over its list of non-zero gates, in list (increasing
// unit) order. J is accumulated in `acc` (a local array when M is a compile-time constant, so it
// stays in registers) and stored once.
#define SPARSE_ROW(M, MM)                                                                   \
  {                                                                                         \
    double acc[MM];                                                                         \
    for (size_t e = 0; e < (MM); e++) acc[e] = 0;                                           \
    for (size_t c = 0; c < (M); c++) acc[c * (M) + c] = a[c];                               \
    for (int32_t i = 0; i < count; i++) {                                                   \
      double d = values[i];                                                                 \
      const double *t = table + (size_t)list[i] * (MM);                                     \
      for (size_t e = 0; e < (MM); e++) acc[e] += d * t[e];                                 \
    }                                                                                       \
    for (size_t e = 0; e < (MM); e++) j[e] = acc[e];                                        \
  }

#define SPARSE_FIXED(NAME, M)                                                               \
  static inline __attribute__((always_inline)) void NAME(                                  \
    const int32_t *list, const double *values, int32_t count, const double *table, const double *a, double *j) \
  SPARSE_ROW(M, (M) * (M))

SPARSE_FIXED(sparse_row_3, 3)
SPARSE_FIXED(sparse_row_4, 4)
SPARSE_FIXED(sparse_row_5, 5)
SPARSE_FIXED(sparse_row_6, 6)
SPARSE_FIXED(sparse_row_7, 7)
SPARSE_FIXED(sparse_row_8, 8)

DSR_MULTIVERSION
void dsr_shallow_sparse_jacobians_f64(
  const int32_t *units, const double *values, const int32_t *counts, size_t width, const double *table, const double *a,
  size_t rows, size_t m, double *out) {
  size_t mm = m * m;
  for (size_t r = 0; r < rows; r++) {
    const int32_t *list = units + r * width;
    const double *d = values + r * width;
    int32_t count = counts[r];
    double *j = out + r * mm;
    switch (m) {
    case 3: sparse_row_3(list, d, count, table, a, j); break;
    case 4: sparse_row_4(list, d, count, table, a, j); break;
    case 5: sparse_row_5(list, d, count, table, a, j); break;
    case 6: sparse_row_6(list, d, count, table, a, j); break;
    case 7: sparse_row_7(list, d, count, table, a, j); break;
    case 8: sparse_row_8(list, d, count, table, a, j); break;
    default:
      for (size_t e = 0; e < mm; e++) j[e] = 0;
      for (size_t c = 0; c < m; c++) j[c * m + c] = a[c];
      for (int32_t i = 0; i < count; i++) {
        const double *t = table + (size_t)list[i] * mm;
        for (size_t e = 0; e < mm; e++) j[e] += d[i] * t[e];
      }
    }
  }
}
