import DSRDynamics
import DSRTensor

/// Scratch memory for ``LatentModel/jacobians(atStates:count:into:workspace:)``.
///
/// A workspace holds a few Double buffers (parameters converted to Double, per-state
/// intermediates such as pre-activations and gates) that grow to the largest batch seen and are
/// then reused, so repeated batched-Jacobian calls allocate nothing. A workspace is not
/// thread-safe; use one per thread.
public final class JacobianWorkspace {
  var buffers: [Buffer<Double>] = []
  var int32s: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)
  var int32Capacity = 1

  /// An empty workspace; its buffers grow on first use.
  public init() {}

  deinit { int32s.deallocate() }

  /// Room for at least `count` 32-bit indices (contents are unspecified).
  func int32Buffer(count: Int) -> UnsafeMutablePointer<Int32> {
    if count > int32Capacity {
      int32s.deallocate()
      int32s = .allocate(capacity: count)
      int32Capacity = count
    }
    return int32s
  }

  /// Slot `index` with room for at least `count` Doubles (contents are unspecified).
  func buffer(_ index: Int, count: Int) -> UnsafeMutablePointer<Double> {
    while buffers.count <= index { buffers.append(Buffer<Double>()) }
    buffers[index].reserve(count)
    return buffers[index].pointer
  }

  /// Slot `index` filled with `tensor`'s scalars converted to Double.
  func load<S: BLASScalar>(_ index: Int, _ tensor: Tensor<S>) -> UnsafeMutablePointer<Double> {
    let p = buffer(index, count: tensor.count)
    tensor.scalars.withUnsafeBufferPointer { for i in 0..<$0.count { p[i] = Double($0[i]) } }
    return p
  }

  /// Slot `index` filled with `count` scalars from `source` converted to Double.
  func load<S: BLASScalar>(_ index: Int, _ source: UnsafePointer<S>, count: Int) -> UnsafeMutablePointer<Double> {
    let p = buffer(index, count: count)
    for i in 0..<count { p[i] = Double(source[i]) }
    return p
  }
}

extension LatentModel {
  /// The default batched Jacobian: ``jacobiansByPerStateEvaluation(atStates:count:into:)``, ignoring `workspace`.
  public func jacobians(
    atStates states: UnsafePointer<Scalar>, count: Int, into out: UnsafeMutablePointer<Double>, workspace: JacobianWorkspace
  ) {
    jacobiansByPerStateEvaluation(atStates: states, count: count, into: out)
  }

  /// The generic batched Jacobian: ``DiscreteMap/jacobian(at:)`` per state, converted to Double
  /// (one tensor per state; the reference for the models' fast kernels).
  public func jacobiansByPerStateEvaluation(atStates states: UnsafePointer<Scalar>, count: Int, into out: UnsafeMutablePointer<Double>) {
    let m = dimension
    for i in 0..<count {
      let j = jacobian(at: Tensor(Array(UnsafeBufferPointer(start: states + i * m, count: m))))
      j.scalars.withUnsafeBufferPointer { for e in 0..<(m * m) { out[i * m * m + e] = Double($0[e]) } }
    }
  }
}

/// `J = diag(a) + W·diag(gate)` for one state, written into `out` (M × M row-major, Double).
@inline(__always)
func writeDiagonalPlusScaledColumns(
  a: UnsafePointer<Double>, w: UnsafePointer<Double>, gate: UnsafePointer<Double>, m: Int, into out: UnsafeMutablePointer<Double>
) {
  for r in 0..<m {
    let row = out + r * m, wr = w + r * m
    for c in 0..<m { row[c] = wr[c] * gate[c] }
    row[r] += a[r]
  }
}
