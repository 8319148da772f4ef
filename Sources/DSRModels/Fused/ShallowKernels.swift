import CKernels
import DSRTensor

/// The element-wise loops of ``ShallowFeatures`` as C kernels (`CKernels`), compiled for several
/// x86-64 levels and chosen at load time, so they use AVX2 or AVX-512 where the CPU has them
/// (Swift's own vector code is baseline SSE2). Same operations in the same order as the Swift
/// loops they replaced: results are bit-identical on every level.
enum ShallowKernels {
  /// `out = max(pre + bias, 0) − clip·max(pre, 0)` for `rows` rows of `width` units.
  @inline(__always)
  static func forward<S: BLASScalar>(
    pre: UnsafePointer<S>, bias: UnsafePointer<S>, rows: Int, width: Int, clip: S, into out: UnsafeMutablePointer<S>
  ) {
    if S.self == Float.self {
      dsr_shallow_forward_f32(
        cast(pre), cast(bias), rows, width, Float(clip), UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self))
    } else if S.self == Double.self {
      dsr_shallow_forward_f64(
        cast(pre), cast(bias), rows, width, Double(clip), UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self))
    } else {
      preconditionFailure("ShallowKernels: Float or Double, not \(S.self)")
    }
  }

  /// The pullback to the pre-activations: `biasGradient += dPhi·1[pre + bias > 0]` (rows in
  /// order) and `out = dPhi·(1[pre + bias > 0] − clip·1[pre > 0])`; and Φ again into
  /// `features`, bit for bit what ``forward(pre:bias:rows:width:clip:into:)`` gives.
  @inline(__always)
  static func backward<S: BLASScalar>(
    pre: UnsafePointer<S>, bias: UnsafePointer<S>, featureGradient: UnsafePointer<S>, rows: Int, width: Int, clip: S,
    biasGradient: UnsafeMutablePointer<S>, into out: UnsafeMutablePointer<S>, features: UnsafeMutablePointer<S>
  ) {
    if S.self == Float.self {
      dsr_shallow_backward_f32(
        cast(pre), cast(bias), cast(featureGradient), rows, width, Float(clip),
        UnsafeMutableRawPointer(biasGradient).assumingMemoryBound(to: Float.self),
        UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self),
        UnsafeMutableRawPointer(features).assumingMemoryBound(to: Float.self))
    } else if S.self == Double.self {
      dsr_shallow_backward_f64(
        cast(pre), cast(bias), cast(featureGradient), rows, width, Double(clip),
        UnsafeMutableRawPointer(biasGradient).assumingMemoryBound(to: Double.self),
        UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self),
        UnsafeMutableRawPointer(features).assumingMemoryBound(to: Double.self))
    } else {
      preconditionFailure("ShallowKernels: Float or Double, not \(S.self)")
    }
  }

  /// ``forward(pre:bias:rows:width:clip:into:)`` straight from the states: `out = Φ(z·W₂ᵀ)` with the
  /// pre-activations in registers (`dsr_shallow_fused_forward_f32`), bit for bit the GEMM and
  /// the element-wise kernel. False, with nothing written, where the kernel does not run (Double,
  /// no AVX-512, shape not covered); the caller then takes the unfused path.
  @inline(__always)
  static func fusedForward<S: BLASScalar>(
    state z: UnsafePointer<S>, dimension m: Int, w2Transposed: UnsafePointer<S>, hidden l: Int, bias: UnsafePointer<S>,
    rows: Int, width: Int, clip: S, into out: UnsafeMutablePointer<S>
  ) -> Bool {
    guard S.self == Float.self else { return false }
    return dsr_shallow_fused_forward_f32(
      cast(z), m, cast(w2Transposed), l, cast(bias), rows, width, Float(clip),
      UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self)) != 0
  }

  /// ``backward(pre:bias:featureGradient:rows:width:clip:biasGradient:into:features:)`` straight
  /// from the states `z` and the output gradients `g`: the pre-activations `z·W₂ᵀ` and
  /// `dΦ = g·W₁` in registers (`dsr_shallow_fused_backward_f32`), bit for bit the two GEMMs and
  /// the element-wise kernel. False, with nothing written, where the kernel does not run.
  @inline(__always)
  static func fusedBackward<S: BLASScalar>(
    state z: UnsafePointer<S>, outputGradient g: UnsafePointer<S>, dimension m: Int, w2Transposed: UnsafePointer<S>,
    w1: UnsafePointer<S>, hidden l: Int, bias: UnsafePointer<S>, rows: Int, width: Int, clip: S,
    biasGradient: UnsafeMutablePointer<S>, into out: UnsafeMutablePointer<S>, features: UnsafeMutablePointer<S>
  ) -> Bool {
    guard S.self == Float.self else { return false }
    return dsr_shallow_fused_backward_f32(
      cast(z), cast(g), m, cast(w2Transposed), cast(w1), l, cast(bias), rows, width, Float(clip),
      UnsafeMutableRawPointer(biasGradient).assumingMemoryBound(to: Float.self),
      UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self),
      UnsafeMutableRawPointer(features).assumingMemoryBound(to: Float.self)) != 0
  }
}

/// `p` as a pointer to `T` (the caller has checked that the scalar type is `T`).
@inline(__always)
private func cast<S, T>(_ p: UnsafePointer<S>) -> UnsafePointer<T> {
  UnsafeRawPointer(p).assumingMemoryBound(to: T.self)
}
