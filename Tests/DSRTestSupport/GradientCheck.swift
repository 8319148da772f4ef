import DSRAutodiff
import DSRTensor
import Testing

/// Checks the tape's vector–Jacobian product of `f` against central finite differences (Double).
///
/// For a random cotangent `c` (fixed seed), the tape gives `∇ₓ⟨c, f(x)⟩` for every input; the
/// check recomputes each entry as `(⟨c, f(x + εeᵢ)⟩ − ⟨c, f(x − εeᵢ)⟩) / 2ε` with plain forward
/// evaluations and compares with `atol + rtol·|fd|`.
///
/// - Parameters:
///   - inputs: the point; each tensor becomes one leaf.
///   - epsilon: the finite-difference step (1e-6 suits smooth functions of O(1) values).
///   - f: the function under test, built from tape operations.
public func checkGradient(
  at inputs: [Tensor<Double>], epsilon: Double = 1e-6, atol: Double = 1e-7, rtol: Double = 1e-6,
  seed: UInt64 = 42, sourceLocation: SourceLocation = #_sourceLocation,
  _ f: ([Variable<Double>]) -> Variable<Double>
) {
  let (analytic, numeric) = gradientPair(at: inputs, epsilon: epsilon, seed: seed, f)
  for k in inputs.indices {
    expectClose(
      analytic[k], numeric[k], atol: atol, rtol: rtol, "gradient of input \(k), shape \(inputs[k].shape)",
      sourceLocation: sourceLocation)
  }
}

/// The tape's gradients of `⟨c, f(x)⟩` for a random cotangent `c`, and the same gradients by
/// central finite differences: `(analytic, numeric)`, one tensor per input.
public func gradientPair(
  at inputs: [Tensor<Double>], epsilon: Double = 1e-6, seed: UInt64 = 42,
  _ f: ([Variable<Double>]) -> Variable<Double>
) -> (analytic: [Tensor<Double>], numeric: [Tensor<Double>]) {
  let tape = Tape<Double>()
  let leaves = inputs.map { tape.variable($0) }
  let output = f(leaves)
  var rng = RandomGenerator(seed: seed)
  let cotangent = Tensor<Double>.normal(shape: output.value.shape, using: &rng)
  let analytic = tape.gradients(of: output, seed: cotangent, withRespectTo: leaves)

  func objective(_ point: [Tensor<Double>]) -> Double {
    let t = Tape<Double>()
    let out = f(point.map { t.variable($0) })
    return (out.value * cotangent).sum()
  }
  var numericAll: [Tensor<Double>] = []
  for (k, input) in inputs.enumerated() {
    var numeric = Tensor<Double>(zeros: input.shape)
    for i in 0..<input.count {
      var plus = inputs
      var minus = inputs
      plus[k].scalars[i] += epsilon
      minus[k].scalars[i] -= epsilon
      numeric.scalars[i] = (objective(plus) - objective(minus)) / (2 * epsilon)
    }
    numericAll.append(numeric)
  }
  return (analytic, numericAll)
}

/// A random tensor with entries in [−1, 1) kept at least `margin` away from 0 (so ReLU kinks are
/// not crossed by finite differences).
public func randomTensor(
  _ shape: [Int], using rng: inout RandomGenerator, margin: Double = 0.05
) -> Tensor<Double> {
  Tensor(
    shape: shape,
    scalars: (0..<shape.reduce(1, *)).map { _ in
      var v: Double = rng.uniform(-1, 1)
      while Swift.abs(v) < margin { v = rng.uniform(-1, 1) }
      return v
    })
}
