// Helpers shared by the AVX-512 kernels (compiled for AVX-512 by attribute, called only after a
// run-time CPU check, so the binary still runs on older CPUs).
#ifndef DSR_AVX512_H
#define DSR_AVX512_H

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#include <stddef.h>

#define AVX512 __attribute__((target("avx512f")))

// The lanes of the 16 columns from `column` that lie below `count` (none when column ≥ count).
static inline __mmask16 dsr_column_mask(size_t column, size_t count) {
  if (column >= count) return 0;
  size_t valid = count - column;
  return valid >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << valid) - 1);
}
#endif

#endif
