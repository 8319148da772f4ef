// Transposition, slicing and concatenation. Every result is a fresh contiguous tensor.

extension Tensor {
  /// The transpose of a matrix (a vector or scalar is returned unchanged).
  public func transposed() -> Tensor {
    guard rank == 2 else {
      precondition(rank < 2, "transposed() needs rank ≤ 2; use permuted(_:) for shape \(shape)")
      return self
    }
    let (m, n) = (shape[0], shape[1])
    var out = [Scalar](repeating: 0, count: count)
    scalars.withUnsafeBufferPointer { x in
      out.withUnsafeMutableBufferPointer { o in
        for i in 0..<m { for j in 0..<n { o[j * m + i] = x[i * n + j] } }
      }
    }
    return Tensor(shape: [n, m], scalars: out)
  }

  /// Reorders the axes: result axis `i` is axis `axes[i]` of `self`.
  public func permuted(_ axes: [Int]) -> Tensor {
    precondition(axes.sorted() == Array(0..<rank), "permuted: \(axes) is not a permutation of 0..<\(rank)")
    if rank < 2 { return self }
    if rank == 2 { return axes == [0, 1] ? self : transposed() }
    let newShape = axes.map { shape[$0] }
    let oldStrides = [shape[1] * shape[2], shape[2], 1]
    let s = axes.map { oldStrides[$0] }
    var out = [Scalar]()
    out.reserveCapacity(count)
    scalars.withUnsafeBufferPointer { x in
      for i in 0..<newShape[0] {
        for j in 0..<newShape[1] {
          for k in 0..<newShape[2] { out.append(x[i * s[0] + j * s[1] + k * s[2]]) }
        }
      }
    }
    return Tensor(shape: newShape, scalars: out)
  }

  /// The elements whose index along `axis` lies in `range`.
  public func slice(alongAxis axis: Int, _ range: Range<Int>) -> Tensor {
    let (outer, extent, inner) = axisDecomposition(axis)
    precondition(
      range.lowerBound >= 0 && range.upperBound <= extent,
      "slice: range \(range) out of bounds for axis \(axis) of shape \(shape)")
    var out = [Scalar]()
    out.reserveCapacity(outer * range.count * inner)
    scalars.withUnsafeBufferPointer { x in
      for o in 0..<outer {
        let start = (o * extent + range.lowerBound) * inner
        out.append(contentsOf: x[start..<(start + range.count * inner)])
      }
    }
    var newShape = shape
    newShape[axis] = range.count
    return Tensor(shape: newShape, scalars: out)
  }

  /// Rows `range` of a matrix (or the first-axis slice of any tensor).
  public func rows(_ range: Range<Int>) -> Tensor { slice(alongAxis: 0, range) }

  /// Columns `range` of a matrix.
  public func columns(_ range: Range<Int>) -> Tensor {
    precondition(rank == 2, "columns(_:) needs a matrix, got shape \(shape)")
    return slice(alongAxis: 1, range)
  }

  /// Time steps `range` of a rank-3 `T × N × S` sequence batch (or a `T × N` data matrix).
  public func timeSteps(_ range: Range<Int>) -> Tensor { slice(alongAxis: 0, range) }

  /// Time step `t` of a rank-3 `T × N × S` batch as an `N × S` matrix.
  public func timeStep(_ t: Int) -> Tensor {
    precondition(rank == 3, "timeStep(_:) needs a rank-3 tensor, got shape \(shape)")
    let inner = shape[1] * shape[2]
    return Tensor(shape: [shape[1], shape[2]], scalars: Array(scalars[(t * inner)..<((t + 1) * inner)]))
  }

  /// Joins tensors of equal rank along `axis`; all other extents must agree.
  public static func concatenated(_ parts: [Tensor], alongAxis axis: Int) -> Tensor {
    precondition(!parts.isEmpty, "concatenated: no tensors")
    let first = parts[0]
    for p in parts {
      precondition(
        p.rank == first.rank
          && (0..<first.rank).allSatisfy { $0 == axis || p.shape[$0] == first.shape[$0] },
        "concatenated: shapes \(parts.map(\.shape)) differ off axis \(axis)")
    }
    let outer = first.shape[..<axis].reduce(1, *)
    let inner = first.shape[(axis + 1)...].reduce(1, *)
    var out = [Scalar]()
    out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
    for o in 0..<outer {
      for p in parts {
        let block = p.shape[axis] * inner
        out.append(contentsOf: p.scalars[(o * block)..<((o + 1) * block)])
      }
    }
    var newShape = first.shape
    newShape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
    return Tensor(shape: newShape, scalars: out)
  }

  /// A copy with rows `0..<block.shape[0]` replaced by `block`.
  public func replacingLeadingRows(with block: Tensor) -> Tensor {
    precondition(
      rank == block.rank && block.shape[0] <= shape[0] && Array(block.shape.dropFirst()) == Array(shape.dropFirst()),
      "replacingLeadingRows: block \(block.shape) does not fit into \(shape)")
    var out = self
    out.scalars.replaceSubrange(0..<block.count, with: block.scalars)
    return out
  }

  /// The diagonal of a square or rectangular matrix.
  public var diagonalElements: [Scalar] {
    precondition(rank == 2, "diagonalElements needs a matrix, got \(shape)")
    return (0..<Swift.min(shape[0], shape[1])).map { scalars[$0 * shape[1] + $0] }
  }
}
