// Small C kernels for the training hot path, compiled for several x86-64 levels (baseline,
// AVX2 + FMA, AVX-512) and selected at load time by the CPU (GCC/Clang `target_clones`), so one
// binary uses the widest vectors the machine has and still runs on older CPUs. Swift's own SIMD
// code is compiled for the baseline (SSE2) only.
//
// Every kernel performs the same IEEE operations in the same order as the Swift code it replaces
// (no contraction into fused multiply-adds, no reassociation), so results are bit-identical
// whatever level is selected.
#ifndef DSR_CKERNELS_H
#define DSR_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Φ of the shallow PLRNNs from pre-activations: for each of `rows` rows of `width` units,
/// `out = max(pre + bias, 0) − clip·max(pre, 0)` with Swift's `max(x, y) = y >= x ? y : x`.
void dsr_shallow_forward_f32(const float *pre, const float *bias, size_t rows, size_t width, float clip, float *out);
/// The Double version of `dsr_shallow_forward_f32`.
void dsr_shallow_forward_f64(const double *pre, const double *bias, size_t rows, size_t width, double clip, double *out);

/// The pullback of Φ to the pre-activations, per unit i of each row: `on = pre + bias > 0`,
/// `positive = clip·(pre > 0)`, `biasGradient[i] += dPhi·on` (rows in order) and
/// `out = dPhi·(on − positive)`; and Φ again into `phi`, bit for bit what
/// `dsr_shallow_forward_f32` gives (one pass over the pre-activations for both).
void dsr_shallow_backward_f32(
  const float *pre, const float *bias, const float *dphi, size_t rows, size_t width, float clip,
  float *bias_gradient, float *out, float *phi);
/// The Double version of `dsr_shallow_backward_f32`.
void dsr_shallow_backward_f64(
  const double *pre, const double *bias, const double *dphi, size_t rows, size_t width, double clip,
  double *bias_gradient, double *out, double *phi);

/// `C += A·B` (row-major; A is 16 × k with row stride `lda`, B is k × n with row stride `ldb`, C
/// is 16 × n with row stride `ldc`) for 9 ≤ n ≤ 16 on CPUs with AVX-512, bit for bit what
/// OpenBLAS's SkylakeX small kernel gives for these shapes; returns 0 without touching C when the
/// shape or the CPU is not covered (the caller then uses cblas_sgemm), 1 when done.
int dsr_long_product_f32(const float *a, size_t lda, const float *b, size_t ldb, float *c, size_t ldc, size_t rows, size_t n, size_t k);

/// Φ of the shallow PLRNNs straight from the states: `phi = max(z·W₂ᵀ + bias, 0) − clip·max(z·W₂ᵀ, 0)`
/// for `rows` states `z` (row stride `m`), with W₂ᵀ (`m × l`, row stride `l`), `bias` and `phi`
/// rows `ld` apart (ld ≥ l, a multiple of 16; the columns from l on are not touched). Bit for bit `cblas_sgemm` (OpenBLAS SkylakeX) followed by `dsr_shallow_forward_f32`.
/// Returns 0 without writing when the CPU lacks AVX-512 or the shape is not covered (m > 384,
/// ld not a multiple of 16, fewer than 64 multiply-adds: DSRTensor's plain loop), 1 when done.
int dsr_shallow_fused_forward_f32(
  const float *z, size_t m, const float *w2t, size_t l, const float *bias, size_t rows, size_t ld, float clip, float *phi);

/// The pullback of Φ straight from the states `z` and the step's output gradients `g` (both
/// `rows × m`): the pre-activations `z·W₂ᵀ` and `dPhi = g·W₁` (W₁: `m × l`, row stride `l`) in
/// registers, then what `dsr_shallow_backward_f32` does with them (∂bias, dPre and Φ, rows `ld`
/// wide). Bit for bit `cblas_sgemm` twice followed by `dsr_shallow_backward_f32`. Returns 0
/// without writing when not covered (as `dsr_shallow_fused_forward_f32`), 1 when done.
int dsr_shallow_fused_backward_f32(
  const float *z, const float *g, size_t m, const float *w2t, const float *w1, size_t l, const float *bias, size_t rows,
  size_t ld, float clip, float *bias_gradient, float *dpre, float *phi);

/// `C += Aᵀ·B` (row-major; A is k × rows with row stride `lda`, B is k × n with row stride `ldb`,
/// C is rows × n with row stride `ldc`) for k ≤ 384 on CPUs with AVX-512, bit for bit what
/// OpenBLAS's SkylakeX kernels give (a chain of fused multiply-adds over k per entry, then C +
/// it); returns 0 without touching C when the shape (k > 384, fewer than 64 multiply-adds) or the
/// CPU is not covered, 1 when done.
int dsr_transposed_product_f32(
  const float *a, size_t lda, const float *b, size_t ldb, float *c, size_t ldc, size_t rows, size_t n, size_t k);

/// The non-zero gates of the shallow Jacobian for `rows` rows of `width` pre-activations u:
/// `d = 1[u > threshold] − clipped·1[u > 0]`; per row r its non-zero gates (±1) and their units,
/// in increasing unit order, at `values + r·width` and `units + r·width`, and their number
/// `counts[r]`. `width` is a multiple of 8. Returns the total number of non-zero gates. Uses
/// AVX-512 compressions where the CPU has them (chosen at run time).
size_t dsr_shallow_active_units_f64(
  const double *pre, const double *threshold, size_t rows, size_t width, int clipped, int32_t *units, double *values,
  int32_t *counts);

/// `dsr_shallow_active_units_f64` without vector instructions (what runs on CPUs without
/// AVX-512; the tests compare the two).
size_t dsr_shallow_active_units_portable_f64(
  const double *pre, const double *threshold, size_t rows, size_t width, int clipped, int32_t *units, double *values,
  int32_t *counts);

/// Sparse shallow Jacobians from the lists of `dsr_shallow_active_units_f64`: for each row r,
/// `J_r = diag(a) + Σ_i values[i]·K_{units[i]}` over its `counts[r]` entries in list order, with
/// the M × M tables `K_l` at `table + l·M²`; J_r (row-major) at `out + r·M²`.
void dsr_shallow_sparse_jacobians_f64(
  const int32_t *units, const double *values, const int32_t *counts, size_t width, const double *table, const double *a,
  size_t rows, size_t m, double *out);

/// The number of matrices `dsr_jacobi_group_f64` handles at once.
#define DSR_JACOBI_LANES 8

/// Cyclic Jacobi on `G = J'ᵀJ'` (J' = `down[l]`·J, `down[l]` a power of two) for eight M × M
/// row-major matrices `matrices[l]` at once, 3 ≤ M ≤ 8 (one per vector lane; lanes are independent):
/// `top[l]` = ‖J_l‖₂ (`√λ₁(G)·up[l]`, `up[l] = 1/down[l]`) at the first sweep where lane l's
/// stopping test holds (Swift: `SmallSpectralNorm`). Returns a bit mask of the lanes that
/// converged within `sweep_limit` sweeps (0 for M outside 3…8).
unsigned dsr_jacobi_group_f64(
  const double *const *matrices, const double *down, const double *up, size_t m, double tolerance, int sweep_limit,
  double *top);

/// ‖J_i‖₂ of `count` row-major M × M matrices at `j + i·M²` into `out[i]`, 3 ≤ M ≤ 8, by
/// `dsr_jacobi_group_f64` eight at a time, each bit for bit what the group gives for that matrix
/// alone. A matrix with a non-finite entry, a diagonal one, one whose largest entry is below
/// 2⁻¹⁰⁰⁰ and one that does not converge is left to the caller: `deferred[i] = 1` (else 0) and
/// `out[i]` untouched. Returns the number deferred.
size_t dsr_jacobi_norms_f64(
  const double *j, size_t count, size_t m, double tolerance, int sweep_limit, double *out, unsigned char *deferred);

#ifdef __cplusplus
}
#endif

#endif
