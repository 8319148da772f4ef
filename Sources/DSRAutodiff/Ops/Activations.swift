import DSRTensor

// One ReLU convention everywhere in dsr: relu'(0) = 0, a unit whose pre-activation is exactly 0
// is "off". The pullbacks below, the models' analytic Jacobians and the symbolic region code all
// use the strict test `x > 0`.

// MARK: - relu

/// `max(x, 0)` element-wise. Pullback: `g ⊙ 1[x > 0]` (derivative 0 at the kink).
public func relu<S>(_ x: Variable<S>) -> Variable<S> {
  let xv = x.value
  return x.tape.record(xv.relu(), inputs: [x]) { g in [g * (xv .> 0)] }
}

// MARK: - clipped relu

/// The clipped ReLU `relu(x + h) − relu(x)` of the clipped shallow and dendritic PLRNNs.
///
/// `h` broadcasts against `x` (e.g. a column `L × 1` of thresholds against an `L × S` batch).
/// The result is bounded by `|h|`. Pullback: `∂x = g ⊙ (1[x+h > 0] − 1[x > 0])`,
/// `∂h = g ⊙ 1[x+h > 0]` (summed over the broadcast dimensions by the tape).
public func clippedRelu<S>(_ x: Variable<S>, _ h: Variable<S>) -> Variable<S> {
  let shifted = x.value + h.value
  let xv = x.value
  let value = shifted.relu() - xv.relu()
  return x.tape.record(value, inputs: [x, h]) { g in
    let onShifted = shifted .> 0
    return [g * (onShifted - (xv .> 0)), g * onShifted]
  }
}
