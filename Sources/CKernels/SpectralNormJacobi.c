// Cyclic Jacobi on G = J'ᵀJ' for eight small matrices at once, one per vector lane
// (Swift: DSRTraining/SmallSpectralNorm.swift, which documents the method and its stopping tests).
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
