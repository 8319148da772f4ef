// Reductions over all elements or along one axis.

extension Tensor {
  /// Splits the shape around `axis` into (outer, axis extent, inner) element counts.
  @usableFromInline
  func axisDecomposition(_ axis: Int) -> (outer: Int, extent: Int, inner: Int) {
    precondition(axis >= 0 && axis < rank, "axis \(axis) out of range for shape \(shape)")
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    return (outer, shape[axis], inner)
  }

  /// Reduces along `axis` with `combine`, starting from `initial` for each output element.
  func reduce(
    alongAxis axis: Int, keepingDimension: Bool, initial: Scalar,
    _ combine: (Scalar, Scalar) -> Scalar
  ) -> Tensor {
    let (outer, extent, inner) = axisDecomposition(axis)
    var out = [Scalar](repeating: initial, count: outer * inner)
    scalars.withUnsafeBufferPointer { x in
      for o in 0..<outer {
        for a in 0..<extent {
          let base = (o * extent + a) * inner
          for i in 0..<inner { out[o * inner + i] = combine(out[o * inner + i], x[base + i]) }
        }
      }
    }
    var newShape = shape
    if keepingDimension { newShape[axis] = 1 } else { newShape.remove(at: axis) }
    return Tensor(shape: newShape, scalars: out)
  }

  /// The sum of all elements.
  public func sum() -> Scalar { scalars.reduce(0, +) }

  /// The arithmetic mean of all elements.
  public func mean() -> Scalar { sum() / Scalar(count) }

  /// The largest element.
  public func max() -> Scalar {
    precondition(count > 0, "max of an empty tensor")
    return scalars.max()!
  }

  /// The smallest element.
  public func min() -> Scalar {
    precondition(count > 0, "min of an empty tensor")
    return scalars.min()!
  }

  /// Sums along `axis`, removing it (or keeping it with extent 1).
  public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
    reduce(alongAxis: axis, keepingDimension: keepingDimension, initial: 0, +)
  }

  /// The mean along `axis`.
  public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
    sum(alongAxis: axis, keepingDimension: keepingDimension) / Scalar(shape[axis])
  }

  /// The maximum along `axis`.
  public func max(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
    precondition(shape[axis] > 0, "max along an empty axis")
    return reduce(alongAxis: axis, keepingDimension: keepingDimension, initial: -.infinity) {
      Swift.max($0, $1)
    }
  }

  /// The minimum along `axis`.
  public func min(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
    precondition(shape[axis] > 0, "min along an empty axis")
    return reduce(alongAxis: axis, keepingDimension: keepingDimension, initial: .infinity) {
      Swift.min($0, $1)
    }
  }

  /// The population variance (divisor n) along `axis`.
  public func variance(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
    let centred = self - mean(alongAxis: axis, keepingDimension: true)
    return centred.squared().mean(alongAxis: axis, keepingDimension: keepingDimension)
  }

  /// The population standard deviation (divisor n) along `axis`.
  public func standardDeviation(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
    variance(alongAxis: axis, keepingDimension: keepingDimension).sqrt()
  }

  /// The Frobenius (element-wise Euclidean) norm.
  public func frobeniusNorm() -> Scalar {
    Scalar.sqrt(scalars.reduce(0) { $0 + $1 * $1 })
  }
}
