import DSRTensor

/// A heap buffer of scalars with a stable address, reused across training batches.
///
/// Fused kernels and the trainer keep their caches in these so that a training step allocates
/// nothing: ``reserve(_:)`` grows the buffer only when a larger size is first requested.
public final class Buffer<Scalar: BLASScalar> {
  /// The first element; valid for ``capacity`` elements.
  public private(set) var pointer: UnsafeMutablePointer<Scalar>
  /// The number of elements allocated.
  public private(set) var capacity: Int

  /// A zero-filled buffer of `count` elements.
  public init(count: Int = 0) {
    capacity = Swift.max(count, 1)
    pointer = .allocate(capacity: capacity)
    pointer.initialize(repeating: 0, count: capacity)
  }

  deinit { pointer.deallocate() }

  /// Makes room for at least `count` elements (contents are not preserved when it grows).
  public func reserve(_ count: Int) {
    guard count > capacity else { return }
    pointer.deallocate()
    capacity = count
    pointer = .allocate(capacity: count)
    pointer.initialize(repeating: 0, count: count)
  }

  /// Sets the first `count` elements to zero.
  public func zero(_ count: Int) { pointer.update(repeating: 0, count: count) }

  /// Copies a tensor's scalars to the start of the buffer (growing it if needed).
  public func load(_ tensor: Tensor<Scalar>) {
    reserve(tensor.count)
    tensor.scalars.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: tensor.count) }
  }

  /// The first `count` elements as a tensor of the given shape.
  public func tensor(_ shape: [Int]) -> Tensor<Scalar> {
    let n = shape.reduce(1, *)
    return Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: pointer, count: n)))
  }

  /// Element `i`.
  @inlinable public subscript(i: Int) -> Scalar {
    get { pointer[i] }
    set { pointer[i] = newValue }
  }
}

