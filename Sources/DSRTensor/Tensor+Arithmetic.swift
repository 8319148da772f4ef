// Element-wise arithmetic with numpy broadcasting, scalar arithmetic, unary maps and masks.

/// The shape numpy broadcasting gives two shapes: right-aligned, each pair of extents equal or 1.
///
/// - Precondition: the shapes are compatible.
public func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
  let rank = max(a.count, b.count)
  let pa = Array(repeating: 1, count: rank - a.count) + a
  let pb = Array(repeating: 1, count: rank - b.count) + b
  return (0..<rank).map { i in
    precondition(
      pa[i] == pb[i] || pa[i] == 1 || pb[i] == 1, "broadcast: shapes \(a) and \(b) are incompatible")
    return pa[i] == 1 ? pb[i] : pa[i]
  }
}

/// Strides (in elements) of `shape` seen inside a rank-3 output, with 0 on broadcast dimensions.
@usableFromInline
func broadcastStrides(_ shape: [Int], outRank3 out: [Int]) -> [Int] {
  let padded = Array(repeating: 1, count: 3 - shape.count) + shape
  var strides = [0, 0, 0]
  var step = 1
  for i in [2, 1, 0] {
    strides[i] = padded[i] == 1 && out[i] != 1 ? 0 : step
    step *= padded[i]
  }
  return strides
}

extension Tensor {
  /// Combines two tensors element by element after broadcasting them to a common shape.
  @inlinable
  public func zipWith(_ other: Tensor, _ op: (Scalar, Scalar) -> Scalar) -> Tensor {
    if shape == other.shape {
      var out = scalars
      out.withUnsafeMutableBufferPointer { o in
        other.scalars.withUnsafeBufferPointer { b in
          for i in 0..<o.count { o[i] = op(o[i], b[i]) }
        }
      }
      return Tensor(shape: shape, scalars: out)
    }
    if other.count == 1 {
      let s = other.scalars[0]
      return Tensor(shape: broadcastShape(shape, other.shape), scalars: scalars.map { op($0, s) })
    }
    let outShape = broadcastShape(shape, other.shape)
    let out3 = Array(repeating: 1, count: 3 - outShape.count) + outShape
    let sa = broadcastStrides(shape, outRank3: out3)
    let sb = broadcastStrides(other.shape, outRank3: out3)
    var out = [Scalar]()
    out.reserveCapacity(out3[0] * out3[1] * out3[2])
    scalars.withUnsafeBufferPointer { a in
      other.scalars.withUnsafeBufferPointer { b in
        for i in 0..<out3[0] {
          for j in 0..<out3[1] {
            let baseA = i * sa[0] + j * sa[1]
            let baseB = i * sb[0] + j * sb[1]
            for k in 0..<out3[2] { out.append(op(a[baseA + k * sa[2]], b[baseB + k * sb[2]])) }
          }
        }
      }
    }
    return Tensor(shape: outShape, scalars: out)
  }

  /// Applies `transform` to every element.
  @inlinable
  public func map(_ transform: (Scalar) -> Scalar) -> Tensor {
    Tensor(shape: shape, scalars: scalars.map(transform))
  }

  /// `a + b`, after broadcasting to a common shape.
  public static func + (a: Tensor, b: Tensor) -> Tensor { a.zipWith(b, +) }
  /// `a − b`, after broadcasting to a common shape.
  public static func - (a: Tensor, b: Tensor) -> Tensor { a.zipWith(b, -) }
  /// `a ⊙ b (element-wise product)`, after broadcasting to a common shape.
  public static func * (a: Tensor, b: Tensor) -> Tensor { a.zipWith(b, *) }
  /// `a ÷ b element-wise`, after broadcasting to a common shape.
  public static func / (a: Tensor, b: Tensor) -> Tensor { a.zipWith(b, /) }

  /// Every element of `a` + the scalar `s`.
  public static func + (a: Tensor, s: Scalar) -> Tensor { a.map { $0 + s } }
  /// Every element of `a` − the scalar `s`.
  public static func - (a: Tensor, s: Scalar) -> Tensor { a.map { $0 - s } }
  /// Every element of `a` · the scalar `s`.
  public static func * (a: Tensor, s: Scalar) -> Tensor { a.map { $0 * s } }
  /// Every element of `a` ÷ the scalar `s`.
  public static func / (a: Tensor, s: Scalar) -> Tensor { a.map { $0 / s } }
  /// The scalar `s` + every element of `a`.
  public static func + (s: Scalar, a: Tensor) -> Tensor { a.map { s + $0 } }
  /// The scalar `s` − every element of `a`.
  public static func - (s: Scalar, a: Tensor) -> Tensor { a.map { s - $0 } }
  /// The scalar `s` · every element of `a`.
  public static func * (s: Scalar, a: Tensor) -> Tensor { a.map { s * $0 } }
  /// The scalar `s` ÷ every element of `a`.
  public static func / (s: Scalar, a: Tensor) -> Tensor { a.map { s / $0 } }
  /// Every element negated.
  public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

  /// Adds `b` in place (broadcasting when the shapes differ).
  public static func += (a: inout Tensor, b: Tensor) {
    if a.shape == b.shape {
      a.scalars.withUnsafeMutableBufferPointer { o in
        b.scalars.withUnsafeBufferPointer { p in for i in 0..<o.count { o[i] += p[i] } }
      }
    } else {
      a = a + b
    }
  }
  /// Subtracts `b` (broadcasting when the shapes differ).
  public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
  /// Multiplies every element by `s` in place.
  public static func *= (a: inout Tensor, s: Scalar) {
    a.scalars.withUnsafeMutableBufferPointer { o in for i in 0..<o.count { o[i] *= s } }
  }

  /// `max(x, 0)` element-wise.
  public func relu() -> Tensor { map { $0 > 0 ? $0 : 0 } }
  /// Every element squared.
  public func squared() -> Tensor { map { $0 * $0 } }
  /// Element-wise absolute value.
  public func abs() -> Tensor { map { Swift.abs($0) } }
  /// Element-wise square root.
  public func sqrt() -> Tensor { map { Scalar.sqrt($0) } }
  /// Element-wise natural exponential.
  public func exp() -> Tensor { map { Scalar.exp($0) } }
  /// Element-wise natural logarithm.
  public func log() -> Tensor { map { Scalar.log($0) } }
}

// MARK: - Masks

infix operator .> : ComparisonPrecedence
infix operator .< : ComparisonPrecedence
infix operator .>= : ComparisonPrecedence
infix operator .<= : ComparisonPrecedence
infix operator .== : ComparisonPrecedence

extension Tensor {
  /// 1 where `a > b`, else 0 (broadcasting). A mask, never an overloaded `==`.
  public static func .> (a: Tensor, b: Tensor) -> Tensor { a.zipWith(b) { $0 > $1 ? 1 : 0 } }
  /// 1 where `a < b`, else 0.
  public static func .< (a: Tensor, b: Tensor) -> Tensor { a.zipWith(b) { $0 < $1 ? 1 : 0 } }
  /// 1 where `a ≥ b`, else 0.
  public static func .>= (a: Tensor, b: Tensor) -> Tensor { a.zipWith(b) { $0 >= $1 ? 1 : 0 } }
  /// 1 where `a ≤ b`, else 0.
  public static func .<= (a: Tensor, b: Tensor) -> Tensor { a.zipWith(b) { $0 <= $1 ? 1 : 0 } }
  /// 1 where `a == b`, else 0.
  public static func .== (a: Tensor, b: Tensor) -> Tensor { a.zipWith(b) { $0 == $1 ? 1 : 0 } }
  /// 1 where `a > s`, else 0.
  public static func .> (a: Tensor, s: Scalar) -> Tensor { a.map { $0 > s ? 1 : 0 } }
  /// 1 where `a < s`, else 0.
  public static func .< (a: Tensor, s: Scalar) -> Tensor { a.map { $0 < s ? 1 : 0 } }
  /// 1 where `a ≥ s`, else 0.
  public static func .>= (a: Tensor, s: Scalar) -> Tensor { a.map { $0 >= s ? 1 : 0 } }
  /// 1 where `a ≤ s`, else 0.
  public static func .<= (a: Tensor, s: Scalar) -> Tensor { a.map { $0 <= s ? 1 : 0 } }
  /// 1 where `a == s`, else 0.
  public static func .== (a: Tensor, s: Scalar) -> Tensor { a.map { $0 == s ? 1 : 0 } }
}
