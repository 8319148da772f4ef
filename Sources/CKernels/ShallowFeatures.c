// Φ of the shallow PLRNNs and its pullback (Swift: DSRModels/Fused/ShallowFeatures.swift).
#include "CKernels.h"
#include "Multiversion.h"

#define SHALLOW_FORWARD(NAME, T)                                                             \
  DSR_MULTIVERSION                                                                          \
  void NAME(const T *restrict pre, const T *restrict bias, size_t rows, size_t width, T clip, T *restrict out) {        \
    for (size_t r = 0; r < rows; r++) {                                                     \
      const T *p = pre + r * width;                                                         \
      T *o = out + r * width;                                                               \
      for (size_t i = 0; i < width; i++) {                                                  \
        T x = p[i], shifted = x + bias[i];                                                  \
        T upper = (T)0 >= shifted ? (T)0 : shifted;                                         \
        T lower = (T)0 >= x ? (T)0 : x;                                                     \
        o[i] = upper - clip * lower;                                                        \
      }                                                                                     \
    }                                                                                       \
  }

#define SHALLOW_BACKWARD(NAME, T)                                                            \
  DSR_MULTIVERSION                                                                          \
  void NAME(const T *restrict pre, const T *restrict bias, const T *restrict dphi, size_t rows, size_t width, T clip, \
            T *restrict bias_gradient, T *restrict out, T *restrict phi) {                  \
    for (size_t r = 0; r < rows; r++) {                                                     \
      const T *p = pre + r * width, *d = dphi + r * width;                                  \
      T *o = out + r * width, *f = phi + r * width;                                         \
      for (size_t i = 0; i < width; i++) {                                                  \
        T x = p[i], shifted = x + bias[i];                                                  \
        T on = shifted > (T)0 ? (T)1 : (T)0;                                                \
        T positive = x > (T)0 ? clip : (T)0;                                                \
        bias_gradient[i] += d[i] * on;                                                      \
        o[i] = d[i] * (on - positive);                                                      \
        T upper = (T)0 >= shifted ? (T)0 : shifted;                                         \
        T lower = (T)0 >= x ? (T)0 : x;                                                     \
        f[i] = upper - clip * lower;                                                        \
      }                                                                                     \
    }                                                                                       \
  }

SHALLOW_FORWARD(dsr_shallow_forward_f32, float)
SHALLOW_FORWARD(dsr_shallow_forward_f64, double)
SHALLOW_BACKWARD(dsr_shallow_backward_f32, float)
SHALLOW_BACKWARD(dsr_shallow_backward_f64, double)
