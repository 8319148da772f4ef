import DSRTensor

// MARK: - sum

/// The sum of all elements, as a rank-0 variable. Pullback: `g` broadcast to the input's shape.
public func sum<S>(_ x: Variable<S>) -> Variable<S> {
  let shape = x.value.shape
  return x.tape.record(Tensor(x.value.sum()), inputs: [x]) { g in
    [Tensor(repeating: g.scalar, shape: shape)]
  }
}

/// The sum along `axis` (kept with extent 1 if `keepingDimension`). Pullback: `g` broadcast back.
public func sum<S>(_ x: Variable<S>, alongAxis axis: Int, keepingDimension: Bool = false) -> Variable<S> {
  let shape = x.value.shape
  let value = x.value.sum(alongAxis: axis, keepingDimension: keepingDimension)
  return x.tape.record(value, inputs: [x]) { g in
    var kept = shape
    kept[axis] = 1
    return [g.reshaped(kept) + Tensor(zeros: shape)]
  }
}

// MARK: - mean

/// The arithmetic mean of all elements (rank 0). Pullback: `g / n` broadcast to the input's shape.
public func mean<S>(_ x: Variable<S>) -> Variable<S> {
  let shape = x.value.shape
  let n = S(x.value.count)
  return x.tape.record(Tensor(x.value.sum() / n), inputs: [x]) { g in
    [Tensor(repeating: g.scalar / n, shape: shape)]
  }
}

/// The mean along `axis`. Pullback: `g / n` broadcast back along `axis`.
public func mean<S>(_ x: Variable<S>, alongAxis axis: Int, keepingDimension: Bool = false) -> Variable<S> {
  sum(x, alongAxis: axis, keepingDimension: keepingDimension) / S(x.value.shape[axis])
}
