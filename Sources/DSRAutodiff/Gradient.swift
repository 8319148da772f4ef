import DSRTensor

/// The value of a scalar function and its gradient with respect to each parameter.
///
/// `f` receives one leaf ``Variable`` per parameter, on a fresh tape, and must return a variable
/// with one element (for example a loss). The sweep is ``Tape/gradients(of:seed:withRespectTo:)``.
///
/// ```swift
/// let (loss, grads) = valueAndGradient(at: [w, b]) { p in
///   mean(square(matmul(p[0], x) + p[1] - y))
/// }
/// ```
public func valueAndGradient<Scalar: BLASScalar>(
  at parameters: [Tensor<Scalar>], of f: ([Variable<Scalar>]) -> Variable<Scalar>
) -> (value: Scalar, gradients: [Tensor<Scalar>]) {
  let tape = Tape<Scalar>()
  return valueAndGradient(at: parameters, on: tape, of: f)
}

/// ``valueAndGradient(at:of:)`` on a caller-owned tape, which is reset first (reuses capacity).
public func valueAndGradient<Scalar: BLASScalar>(
  at parameters: [Tensor<Scalar>], on tape: Tape<Scalar>, of f: ([Variable<Scalar>]) -> Variable<Scalar>
) -> (value: Scalar, gradients: [Tensor<Scalar>]) {
  tape.reset()
  let leaves = parameters.map { tape.variable($0) }
  let output = f(leaves)
  precondition(
    output.value.count == 1,
    "valueAndGradient: f must return one element, got shape \(output.value.shape)")
  let grads = tape.gradients(of: output, withRespectTo: leaves)
  return (output.value.scalars[0], grads)
}
