import DSRTensor

// MARK: - GTF interpolation

/// The generalized-teacher-forcing interpolation `(1 − α)·z + α·ẑ`.
///
/// `alpha` is a one-element variable (so its gradient is available to anyone who asks, although
/// training treats α as a constant). `zHat` may have fewer rows than `z` only through
/// ``replacingLeadingRows(_:with:)``; here the shapes are equal.
///
/// Pullback (gtf-shplrnn.md §2.3): `∂z = (1−α)·g`, `∂ẑ = α·g`, `∂α = Σ (ẑ − z) ⊙ g`.
public func interpolate<S>(_ z: Variable<S>, _ zHat: Variable<S>, alpha: Variable<S>) -> Variable<S> {
  precondition(z.value.shape == zHat.value.shape, "interpolate: \(z.value.shape) vs \(zHat.value.shape)")
  precondition(alpha.value.count == 1, "interpolate: α must have one element")
  let a = alpha.value.scalars[0]
  let (zv, hv) = (z.value, zHat.value)
  let value = zv * (1 - a) + hv * a
  let alphaShape = alpha.value.shape
  return z.tape.record(value, inputs: [z, zHat, alpha]) { g in
    let dAlpha = ((hv - zv) * g).sum()
    return [g * (1 - a), g * a, Tensor(repeating: dAlpha, shape: alphaShape)]
  }
}
