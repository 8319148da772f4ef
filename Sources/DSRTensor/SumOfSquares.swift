/// Σ xᵢ² over `count` values in eight interleaved partial sums (element i goes to sum i mod 8),
/// added in a fixed order at the end, so the loop vectorises instead of being one chain of
/// dependent additions. The order is fixed: the same values give the same bits. Used for the
/// trainer's loss value (3 % of an EEG batch as one chain) and the squared-L2 regulariser.
@inlinable
public func sumOfSquares<S: BLASScalar>(_ x: UnsafePointer<S>, count: Int) -> S {
  var p0: S = 0, p1: S = 0, p2: S = 0, p3: S = 0, p4: S = 0, p5: S = 0, p6: S = 0, p7: S = 0
  var i = 0
  while i &+ 8 <= count {
    p0 += x[i] * x[i]
    p1 += x[i &+ 1] * x[i &+ 1]
    p2 += x[i &+ 2] * x[i &+ 2]
    p3 += x[i &+ 3] * x[i &+ 3]
    p4 += x[i &+ 4] * x[i &+ 4]
    p5 += x[i &+ 5] * x[i &+ 5]
    p6 += x[i &+ 6] * x[i &+ 6]
    p7 += x[i &+ 7] * x[i &+ 7]
    i &+= 8
  }
  while i < count {
    p0 += x[i] * x[i]
    i &+= 1
  }
  return ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7))
}
