// Cyclic Jacobi on G = J'ᵀJ' for eight small matrices at once, one per vector lane
// (Swift: DSRTraining/SmallSpectralNorm.swift, which documents the method and its stopping tests).
#include <math.h>
#include <math.h>
#include "CKernels.h"
#include "Multiversion.h"

#define LANES 8
#define LANE for (int l = 0; l < LANES; l++)

// The group for a compile-time M (every loop has a constant trip count; the lane loops vectorise).
#define JACOBI_FIXED(NAME, M)                                                                      \
  static inline __attribute__((always_inline)) unsigned NAME(                                     \
    const double *const *matrices, const double *down, const double *up, double tolerance,        \
    int sweep_limit, double *top_out) {                                                           \
    double js[(M) * (M)][LANES], g[(M) * (M)][LANES];                                             \
    for (int e = 0; e < (M) * (M); e++) LANE js[e][l] = matrices[l][e] * down[l];                 \
    for (int p = 0; p < (M); p++)                                                                 \
      for (int q = p; q < (M); q++) {                                                             \
        double acc[LANES] = {0};                                                                  \
        for (int k = 0; k < (M); k++) LANE acc[l] += js[k * (M) + p][l] * js[k * (M) + q][l];     \
        LANE g[p * (M) + q][l] = acc[l];                                                          \
      }                                                                                           \
    double result[LANES] = {0};                                                                   \
    int done[LANES] = {0};                                                                        \
    for (int sweep = 0; sweep < sweep_limit; sweep++) {                                           \
      double top[LANES], second[LANES], rho2[LANES] = {0}, off[LANES] = {0};                      \
      LANE { top[l] = -1; second[l] = -1; }                                                       \
      for (int p = 0; p < (M); p++) {                                                             \
        double row[LANES] = {0};                                                                  \
        for (int k = 0; k < (M); k++) {                                                           \
          if (k == p) continue;                                                                   \
          int i = p < k ? p * (M) + k : k * (M) + p;                                              \
          LANE row[l] += g[i][l] * g[i][l];                                                       \
        }                                                                                         \
        LANE {                                                                                    \
          double d = g[p * (M) + p][l];                                                           \
          int above = d > top[l];                                                                 \
          second[l] = above ? top[l] : (d > second[l] ? d : second[l]);                           \
          top[l] = above ? d : top[l];                                                            \
          rho2[l] = above ? row[l] : rho2[l];                                                     \
        }                                                                                         \
        for (int q = p + 1; q < (M); q++) LANE off[l] += g[p * (M) + q][l] * g[p * (M) + q][l];   \
      }                                                                                           \
      int all = 1;                                                                                \
      LANE {                                                                                      \
        double a = second[l] + __builtin_elementwise_sqrt(2 * off[l]);                                                  \
        int stop = (2 * off[l] <= (tolerance * top[l]) * (tolerance * top[l]))                    \
          || ((top[l] - a > 1e-8 * top[l]) && (rho2[l] <= tolerance * top[l] * (top[l] - a)));    \
        if (stop && !done[l]) result[l] = top[l];                                                 \
        done[l] = done[l] || stop;                                                                \
        all &= done[l];                                                                           \
      }                                                                                           \
      if (all) break;                                                                             \
      for (int p = 0; p < (M) - 1; p++)                                                           \
        for (int q = p + 1; q < (M); q++) {                                                       \
          double *gpq = g[p * (M) + q], *gpp = g[p * (M) + p], *gqq = g[q * (M) + q];             \
          int any = 0, active[LANES];                                                             \
          LANE {                                                                                  \
            double x = gpq[l];                                                                    \
            active[l] = (x < 0 ? -x : x) >= 1e-30;                                                \
            any |= active[l];                                                                     \
          }                                                                                       \
          if (!any) continue;                                                                     \
          double t[LANES], c[LANES], s[LANES], apq[LANES];                                        \
          LANE {                                                                                  \
            apq[l] = gpq[l];                                                                      \
            double d = gqq[l] - gpp[l], b = 2 * apq[l];                                           \
            double h = __builtin_elementwise_sqrt(d * d + b * b), w = (d < 0 ? -d : d) + h;                             \
            double signed_b = d < 0 ? -b : b;                                                     \
            double quotient = signed_b / w, root = __builtin_elementwise_sqrt(w / (2 * h));                             \
            t[l] = active[l] ? quotient : 0;                                                      \
            c[l] = active[l] ? root : 1;                                                          \
            s[l] = t[l] * c[l];                                                                   \
          }                                                                                       \
          for (int r = 0; r < (M); r++) {                                                         \
            if (r == p || r == q) continue;                                                       \
            double *grp = g[r < p ? r * (M) + p : p * (M) + r];                                   \
            double *grq = g[r < q ? r * (M) + q : q * (M) + r];                                   \
            LANE {                                                                                \
              double x = grp[l], y = grq[l];                                                      \
              grp[l] = c[l] * x - s[l] * y;                                                       \
              grq[l] = s[l] * x + c[l] * y;                                                       \
            }                                                                                     \
          }                                                                                       \
          LANE {                                                                                  \
            double app = gpp[l], aqq = gqq[l];                                                    \
            gpp[l] = app - t[l] * apq[l];                                                         \
            gqq[l] = aqq + t[l] * apq[l];                                                         \
            gpq[l] = active[l] ? 0 : apq[l];                                                      \
          }                                                                                       \
        }                                                                                         \
    }                                                                                             \
    unsigned converged = 0;                                                                       \
    LANE {                                                                                        \
      top_out[l] = __builtin_elementwise_sqrt(result[l]) * up[l];                                                       \
      converged |= (unsigned)(done[l] != 0) << l;                                                 \
    }                                                                                             \
    return converged;                                                                             \
  }

JACOBI_FIXED(jacobi_3, 3)
JACOBI_FIXED(jacobi_4, 4)
JACOBI_FIXED(jacobi_5, 5)
JACOBI_FIXED(jacobi_6, 6)
JACOBI_FIXED(jacobi_7, 7)
JACOBI_FIXED(jacobi_8, 8)

// ‖J_i‖₂ of `count` matrices: the checks of the Jacobi path per matrix (every entry finite, an
// off-diagonal entry non-zero, the largest |entry| of normal scale), then Jacobi eight at a time
// (a partial last group padded with copies of its first matrix). Matrices that fail a check or
// do not converge are left to the caller (`deferred[i] = 1`).
#define BATCH_FIXED(NAME, GROUP, M)                                                                \
  static inline __attribute__((always_inline)) size_t NAME(                                       \
    const double *j, size_t count, double tolerance, int sweep_limit, double *out, unsigned char *deferred) { \
    const double *matrices[LANES];                                                                \
    double down[LANES], up[LANES], top[LANES];                                                    \
    size_t pending[LANES], left = 0;                                                              \
    int queued = 0;                                                                               \
    for (size_t i = 0; i <= count; i++) {                                                         \
      if (i < count) {                                                                            \
        const double *a = j + i * (M) * (M);                                                      \
        int finite = 1, diagonal = 1;                                                             \
        double largest = 0;                                                                       \
        for (int r = 0; r < (M); r++)                                                             \
          for (int c = 0; c < (M); c++) {                                                         \
            double x = a[r * (M) + c], magnitude = fabs(x);                                       \
            finite &= isfinite(x) != 0;                                                           \
            diagonal &= r == c || x == 0;                                                         \
            largest = magnitude >= largest ? magnitude : largest;                                 \
          }                                                                                       \
        deferred[i] = 0;                                                                          \
        if (!finite || diagonal || ilogb(largest) < -1000) {                                      \
          deferred[i] = 1;                                                                        \
          left++;                                                                                 \
          continue;                                                                               \
        }                                                                                         \
        int e = ilogb(largest);                                                                   \
        matrices[queued] = a;                                                                     \
        down[queued] = ldexp(1.0, -e);                                                            \
        up[queued] = ldexp(1.0, e);                                                               \
        pending[queued++] = i;                                                                    \
        if (queued < LANES) continue;                                                             \
      } else if (queued == 0) {                                                                   \
        break;                                                                                    \
      }                                                                                           \
      for (int l = queued; l < LANES; l++) {                                                      \
        matrices[l] = matrices[0];                                                                \
        down[l] = down[0];                                                                        \
        up[l] = up[0];                                                                            \
      }                                                                                           \
      unsigned converged = GROUP(matrices, down, up, tolerance, sweep_limit, top);                \
      for (int l = 0; l < queued; l++) {                                                          \
        if (converged & (1u << l)) {                                                              \
          out[pending[l]] = top[l];                                                               \
        } else {                                                                                  \
          deferred[pending[l]] = 1;                                                               \
          left++;                                                                                 \
        }                                                                                         \
      }                                                                                           \
      queued = 0;                                                                                 \
    }                                                                                             \
    return left;                                                                                  \
  }

BATCH_FIXED(batch_3, jacobi_3, 3)
BATCH_FIXED(batch_4, jacobi_4, 4)
BATCH_FIXED(batch_5, jacobi_5, 5)
BATCH_FIXED(batch_6, jacobi_6, 6)
BATCH_FIXED(batch_7, jacobi_7, 7)
BATCH_FIXED(batch_8, jacobi_8, 8)

DSR_MULTIVERSION
size_t dsr_jacobi_norms_f64(
  const double *j, size_t count, size_t m, double tolerance, int sweep_limit, double *out, unsigned char *deferred) {
  switch (m) {
  case 3: return batch_3(j, count, tolerance, sweep_limit, out, deferred);
  case 4: return batch_4(j, count, tolerance, sweep_limit, out, deferred);
  case 5: return batch_5(j, count, tolerance, sweep_limit, out, deferred);
  case 6: return batch_6(j, count, tolerance, sweep_limit, out, deferred);
  case 7: return batch_7(j, count, tolerance, sweep_limit, out, deferred);
  case 8: return batch_8(j, count, tolerance, sweep_limit, out, deferred);
  default:
    for (size_t i = 0; i < count; i++) deferred[i] = 1;
    return count;
  }
}

DSR_MULTIVERSION
unsigned dsr_jacobi_group_f64(
  const double *const *matrices, const double *down, const double *up, size_t m, double tolerance, int sweep_limit,
  double *top) {
  switch (m) {
  case 3: return jacobi_3(matrices, down, up, tolerance, sweep_limit, top);
  case 4: return jacobi_4(matrices, down, up, tolerance, sweep_limit, top);
  case 5: return jacobi_5(matrices, down, up, tolerance, sweep_limit, top);
  case 6: return jacobi_6(matrices, down, up, tolerance, sweep_limit, top);
  case 7: return jacobi_7(matrices, down, up, tolerance, sweep_limit, top);
  case 8: return jacobi_8(matrices, down, up, tolerance, sweep_limit, top);
  default: return 0;
  }
}
