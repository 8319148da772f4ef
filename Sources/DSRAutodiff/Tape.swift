import DSRTensor

/// A Wengert list: every differentiable operation appends one node, in creation order.
///
/// The reverse sweep is a plain loop from the output back to the first node, so an unrolled
/// recurrent network of any length differentiates without recursion (no stack growth). The tape,
/// not the individual rules, owns the bookkeeping around each rule:
/// - accumulating the cotangents of a value used several times (fan-out);
/// - summing a cotangent back to its input's shape when the forward pass broadcast it;
/// - checking that each pullback returned one cotangent per input.
///
/// A tape is not thread safe; use one per thread. ``reset()`` empties it and keeps its capacity,
/// so a training loop can reuse one tape for every batch.
public final class Tape<Scalar: BLASScalar> {
  /// Maps the cotangent of a node's output to the cotangents of its inputs.
  public typealias Pullback = (Tensor<Scalar>) -> [Tensor<Scalar>]

  struct Node {
    var shape: [Int]
    var inputs: [Int]
    var pullback: Pullback?
  }

  var nodes: [Node] = []

  /// An empty tape.
  public init() {}

  /// The number of recorded nodes (leaves included).
  public var count: Int { nodes.count }

  /// Forgets every node, keeping the allocated capacity.
  public func reset() { nodes.removeAll(keepingCapacity: true) }

  /// A leaf: an input or parameter whose gradient can be asked for.
  public func variable(_ value: Tensor<Scalar>) -> Variable<Scalar> {
    nodes.append(Node(shape: value.shape, inputs: [], pullback: nil))
    return Variable(tape: self, index: nodes.count - 1, value: value)
  }

  /// A leaf holding a scalar value (rank 0).
  public func variable(_ value: Scalar) -> Variable<Scalar> { variable(Tensor(value)) }

  /// Records the result of an operation together with its pullback.
  ///
  /// - Parameters:
  ///   - value: the primal output.
  ///   - inputs: the operands, all on this tape.
  ///   - pullback: returns one cotangent per input, in the inputs' order; a cotangent may have the
  ///     broadcast shape of the output, and the tape sums it back to the input's shape.
  public func record(
    _ value: Tensor<Scalar>, inputs: [Variable<Scalar>], pullback: @escaping Pullback
  ) -> Variable<Scalar> {
    for input in inputs {
      precondition(input.tape === self, "Tape.record: operand from another tape")
    }
    nodes.append(Node(shape: value.shape, inputs: inputs.map(\.index), pullback: pullback))
    return Variable(tape: self, index: nodes.count - 1, value: value)
  }

  /// Vector–Jacobian products: the gradient of `⟨seed, output⟩` with respect to each of `inputs`.
  ///
  /// - Parameters:
  ///   - output: the value being differentiated.
  ///   - seed: the output cotangent; `nil` means ones (the gradient of the sum of `output`).
  ///   - inputs: the variables whose gradients are wanted; an input the output does not depend on
  ///     gets zeros.
  public func gradients(
    of output: Variable<Scalar>, seed: Tensor<Scalar>? = nil, withRespectTo inputs: [Variable<Scalar>]
  ) -> [Tensor<Scalar>] {
    precondition(output.tape === self, "Tape.gradients: output from another tape")
    let seedValue = seed ?? Tensor(ones: output.value.shape)
    precondition(
      seedValue.shape == output.value.shape,
      "Tape.gradients: seed shape \(seedValue.shape) ≠ output shape \(output.value.shape)")
    var cotangents = [Tensor<Scalar>?](repeating: nil, count: output.index + 1)
    cotangents[output.index] = seedValue
    for i in stride(from: output.index, through: 0, by: -1) {
      guard let g = cotangents[i], let pullback = nodes[i].pullback else { continue }
      cotangents[i] = nil  // free memory as the sweep passes
      let node = nodes[i]
      let parts = pullback(g)
      precondition(
        parts.count == node.inputs.count,
        "Tape: pullback returned \(parts.count) cotangents for \(node.inputs.count) inputs")
      for (input, part) in zip(node.inputs, parts) {
        let reduced = unbroadcast(part, to: nodes[input].shape)
        if cotangents[input] == nil {
          cotangents[input] = reduced
        } else {
          cotangents[input]! += reduced
        }
      }
    }
    return inputs.map { v in
      precondition(v.tape === self, "Tape.gradients: input from another tape")
      if v.index > output.index { return Tensor(zeros: v.value.shape) }
      if v.index == output.index { return seedValue }
      return cotangents[v.index] ?? Tensor(zeros: v.value.shape)
    }
  }
}

/// Sums `cotangent` over the dimensions along which a value of `shape` was broadcast.
public func unbroadcast<Scalar: BLASScalar>(_ cotangent: Tensor<Scalar>, to shape: [Int]) -> Tensor<Scalar> {
  if cotangent.shape == shape { return cotangent }
  precondition(
    cotangent.count >= shape.reduce(1, *),
    "unbroadcast: cotangent \(cotangent.shape) is smaller than \(shape)")
  let rank = cotangent.rank
  let padded = Array(repeating: 1, count: rank - shape.count) + shape
  var result = cotangent
  for axis in 0..<rank where padded[axis] == 1 && result.shape[axis] != 1 {
    result = result.sum(alongAxis: axis, keepingDimension: true)
  }
  return result.reshaped(shape)
}
