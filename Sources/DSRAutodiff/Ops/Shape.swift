import DSRTensor

// Shape operations: reshape, transpose, slicing, row replacement and concatenation (forcing), and
// explicit broadcasting.

// MARK: - reshape

/// The same elements under a new shape. Pullback: `g` reshaped back.
public func reshape<S>(_ x: Variable<S>, to shape: [Int]) -> Variable<S> {
  let old = x.value.shape
  return x.tape.record(x.value.reshaped(shape), inputs: [x]) { g in [g.reshaped(old)] }
}

// MARK: - transpose

/// The transpose of a matrix. Pullback: `gᵀ`.
public func transpose<S>(_ x: Variable<S>) -> Variable<S> {
  x.tape.record(x.value.transposed(), inputs: [x]) { g in [g.transposed()] }
}

// MARK: - slice

/// The elements with index in `range` along `axis`. Pullback: `g` scattered into zeros.
public func slice<S>(_ x: Variable<S>, alongAxis axis: Int, _ range: Range<Int>) -> Variable<S> {
  let shape = x.value.shape
  return x.tape.record(x.value.slice(alongAxis: axis, range), inputs: [x]) { g in
    var parts: [Tensor<S>] = []
    if range.lowerBound > 0 {
      var s = shape
      s[axis] = range.lowerBound
      parts.append(Tensor(zeros: s))
    }
    parts.append(g)
    if range.upperBound < shape[axis] {
      var s = shape
      s[axis] = shape[axis] - range.upperBound
      parts.append(Tensor(zeros: s))
    }
    return [Tensor.concatenated(parts, alongAxis: axis)]
  }
}

/// Rows `range` (first-axis slice).
public func rows<S>(_ x: Variable<S>, _ range: Range<Int>) -> Variable<S> {
  slice(x, alongAxis: 0, range)
}

// MARK: - row replacement (forcing)

/// `z` with its first `D = block.shape[0]` rows replaced by `block` (sparse teacher forcing).
///
/// Pullback: to `z`, `g` with rows `0..<D` zeroed; to `block`, `g[0..<D]`
/// (gtf-shplrnn.md §2.3).
public func replacingLeadingRows<S>(_ z: Variable<S>, with block: Variable<S>) -> Variable<S> {
  let d = block.value.shape[0]
  let value = z.value.replacingLeadingRows(with: block.value)
  return z.tape.record(value, inputs: [z, block]) { g in
    let zeroed = g.replacingLeadingRows(with: Tensor(zeros: block.value.shape))
    return [zeroed, g.rows(0..<d)]
  }
}

// MARK: - row concatenation

/// `[a; b]`: the rows of `a` followed by the rows of `b`. Pullback: `g` split at row `a.rows`.
public func concatenatingRows<S>(_ a: Variable<S>, _ b: Variable<S>) -> Variable<S> {
  let split = a.value.shape[0]
  let total = split + b.value.shape[0]
  let value = Tensor.concatenated([a.value, b.value], alongAxis: 0)
  return a.tape.record(value, inputs: [a, b]) { g in [g.rows(0..<split), g.rows(split..<total)] }
}

// MARK: - broadcast

/// `x` broadcast to `shape` (numpy rules, e.g. a column `M × 1` over an `M × S` batch).
///
/// Pullback: `g` summed over the broadcast dimensions (done by the tape).
public func broadcast<S>(_ x: Variable<S>, to shape: [Int]) -> Variable<S> {
  let value = x.value + Tensor<S>(zeros: shape)
  precondition(value.shape == shape, "broadcast: \(x.value.shape) does not broadcast to \(shape)")
  return x.tape.record(value, inputs: [x]) { g in [g] }
}

/// A vector of length M as an `M × S` matrix whose columns are all the vector (bias over a batch).
public func broadcastColumn<S>(_ vector: Variable<S>, columns: Int) -> Variable<S> {
  precondition(vector.value.rank == 1, "broadcastColumn needs a vector, got \(vector.value.shape)")
  let m = vector.value.shape[0]
  return broadcast(reshape(vector, to: [m, 1]), to: [m, columns])
}
