/// A dense array of `Float` or `Double` with up to three dimensions, stored row-major and contiguous.
///
/// `Tensor` is a value type: `scalars` is a Swift array, so copies share storage until one of them
/// is written to (copy on write). There are no strided views; slicing copies.
///
/// Conventions used across dsr:
/// - a data set is a `T × N` matrix (time × observed dimension);
/// - a batch of latent states is an `M × S` matrix (latent units × samples), so forcing the first
///   `D` units replaces the first `D` rows, a contiguous block;
/// - a batch of sequences is `T × N × S` (time-major), so ``timeStep(_:)`` is a contiguous `N × S`
///   matrix.
///
/// Shape contracts are programmer errors and trap with a message naming the shapes.
public struct Tensor<Scalar: BLASScalar>: Equatable, Sendable, Codable {
  /// The extent of each dimension; `[]` for a scalar, at most three entries.
  public private(set) var shape: [Int]
  /// The elements in row-major order.
  public var scalars: [Scalar]

  /// Creates a tensor from its shape and row-major elements.
  ///
  /// - Precondition: `scalars.count` equals the product of `shape`, and `shape.count ≤ 3`.
  public init(shape: [Int], scalars: [Scalar]) {
    precondition(shape.count <= 3, "Tensor: rank \(shape.count) > 3 is not supported (shape \(shape))")
    precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
    precondition(
      shape.reduce(1, *) == scalars.count,
      "Tensor: shape \(shape) needs \(shape.reduce(1, *)) elements, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of the given shape with every element equal to `value`.
  public init(repeating value: Scalar, shape: [Int]) {
    self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
  }

  /// A tensor of zeros.
  public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

  /// A tensor of ones.
  public init(ones shape: [Int]) { self.init(repeating: 1, shape: shape) }

  /// A rank-0 tensor holding one value.
  public init(_ scalar: Scalar) { self.init(shape: [], scalars: [scalar]) }

  /// A vector (rank 1).
  public init(_ vector: [Scalar]) { self.init(shape: [vector.count], scalars: vector) }

  /// A matrix (rank 2) from its rows; every row must have the same length.
  public init(_ rows: [[Scalar]]) {
    let columns = rows.first?.count ?? 0
    precondition(rows.allSatisfy { $0.count == columns }, "Tensor: ragged rows")
    self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
  }

  /// A rank-3 tensor from nested arrays `[i][j][k]`.
  public init(_ cube: [[[Scalar]]]) {
    let matrices = cube.map { Tensor($0) }
    let inner = matrices.first?.shape ?? [0, 0]
    precondition(matrices.allSatisfy { $0.shape == inner }, "Tensor: ragged cube")
    self.init(shape: [cube.count] + inner, scalars: matrices.flatMap { $0.scalars })
  }

  /// The `n × n` identity matrix.
  public static func identity(_ n: Int) -> Tensor {
    var t = Tensor(zeros: [n, n])
    for i in 0..<n { t.scalars[i * n + i] = 1 }
    return t
  }

  /// A square matrix with `diagonal` on its diagonal.
  public static func diagonal(_ diagonal: [Scalar]) -> Tensor {
    let n = diagonal.count
    var t = Tensor(zeros: [n, n])
    for i in 0..<n { t.scalars[i * n + i] = diagonal[i] }
    return t
  }

  /// The number of dimensions (0…3).
  @inlinable public var rank: Int { shape.count }
  /// The number of elements.
  @inlinable public var count: Int { scalars.count }
  /// The first extent (rows of a matrix, time steps of a rank-3 tensor).
  public var rowCount: Int {
    precondition(rank >= 1, "rowCount of a scalar")
    return shape[0]
  }
  /// The second extent of a matrix or rank-3 tensor.
  public var columnCount: Int {
    precondition(rank >= 2, "columnCount of a tensor of rank \(rank)")
    return shape[1]
  }

  /// The only element of a tensor with one element.
  public var scalar: Scalar {
    precondition(count == 1, "scalar of a tensor with \(count) elements (shape \(shape))")
    return scalars[0]
  }

  /// Element `i` of a vector.
  public subscript(i: Int) -> Scalar {
    get {
      precondition(rank == 1, "1-index subscript on rank \(rank)")
      return scalars[i]
    }
    set {
      precondition(rank == 1, "1-index subscript on rank \(rank)")
      scalars[i] = newValue
    }
  }

  /// Element `(i, j)` of a matrix.
  public subscript(i: Int, j: Int) -> Scalar {
    get {
      precondition(rank == 2, "2-index subscript on rank \(rank)")
      return scalars[i * shape[1] + j]
    }
    set {
      precondition(rank == 2, "2-index subscript on rank \(rank)")
      scalars[i * shape[1] + j] = newValue
    }
  }

  /// Element `(i, j, k)` of a rank-3 tensor.
  public subscript(i: Int, j: Int, k: Int) -> Scalar {
    get {
      precondition(rank == 3, "3-index subscript on rank \(rank)")
      return scalars[(i * shape[1] + j) * shape[2] + k]
    }
    set {
      precondition(rank == 3, "3-index subscript on rank \(rank)")
      scalars[(i * shape[1] + j) * shape[2] + k] = newValue
    }
  }

  /// The same elements under a new shape with the same element count.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    Tensor(shape: newShape, scalars: scalars)
  }

  /// Row `i` of a matrix as a vector.
  public func row(_ i: Int) -> Tensor {
    precondition(rank == 2, "row(_:) needs a matrix, got shape \(shape)")
    let n = shape[1]
    return Tensor(shape: [n], scalars: Array(scalars[(i * n)..<((i + 1) * n)]))
  }

  /// The matrix as nested arrays (rows), for printing and tests.
  public var rows: [[Scalar]] {
    precondition(rank == 2, "rows needs a matrix, got shape \(shape)")
    return (0..<shape[0]).map { Array(scalars[($0 * shape[1])..<(($0 + 1) * shape[1])]) }
  }

  /// Whether every element is finite (no NaN, no ±∞).
  public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }

  /// Converts every element to another precision.
  public func converted<Other: BLASScalar>(to _: Other.Type = Other.self) -> Tensor<Other> {
    Tensor<Other>(shape: shape, scalars: scalars.map { Other($0) })
  }
}

extension Tensor: CustomStringConvertible {
  /// The scalars (nested by row for a matrix), or the shape and the first 24 scalars above rank 2.
  public var description: String {
    switch rank {
    case 0: return "\(scalars[0])"
    case 1: return "\(scalars)"
    case 2: return "[" + rows.map { "\($0)" }.joined(separator: ",\n ") + "]"
    default:
      return "Tensor(shape: \(shape), scalars: \(scalars.prefix(24))\(count > 24 ? "…" : ""))"
    }
  }
}
