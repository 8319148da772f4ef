import DSRTensor

/// True data with gaps: rows holding a NaN (or any non-finite value) are missing samples.
///
/// A recording with missing samples stores them as rows with NaN. The measures use only what was
/// observed: D_stsp the complete rows, D_H the gap-free stretches (``segments(_:minimumLength:)``),
/// PE(n) the start points whose n + 1 rows are complete (`CompleteWindows` of DSRModels), and the
/// data's scale (``columnStandardDeviations(_:)``, ``meanVariance(_:)``) the complete rows.
/// A non-finite value in a *generated* trajectory is never a gap: it means divergence
/// (``FreeRunHealth``).
public enum CompleteRows {
  /// Whether each row of `x` (T × N) holds only finite values.
  public static func completeMask(_ x: Tensor<Double>) -> [Bool] {
    let (t, n) = (x.shape[0], x.shape[1])
    return x.scalars.withUnsafeBufferPointer { p in
      (0..<t).map { row in (0..<n).allSatisfy { p[row * n + $0].isFinite } }
    }
  }

  /// Whether `x` has a row with a non-finite value.
  public static func hasGaps(_ x: Tensor<Double>) -> Bool { !x.scalars.allSatisfy(\.isFinite) }

  /// The complete rows of `x` in their order (`x` itself when none is missing).
  public static func completeRows(_ x: Tensor<Double>) -> Tensor<Double> {
    guard hasGaps(x) else { return x }
    let n = x.shape[1]
    let mask = completeMask(x)
    var out: [Double] = []
    out.reserveCapacity(x.scalars.count)
    for (row, keep) in mask.enumerated() where keep { out += x.scalars[(row * n)..<((row + 1) * n)] }
    return Tensor(shape: [out.count / Swift.max(n, 1), n], scalars: out)
  }

  /// The maximal runs of complete rows with at least `minimumLength` rows, in order.
  public static func segments(_ x: Tensor<Double>, minimumLength: Int) -> [Range<Int>] {
    let mask = completeMask(x)
    var out: [Range<Int>] = []
    var start: Int? = nil
    for row in 0...mask.count {
      let complete = row < mask.count && mask[row]
      if complete, start == nil { start = row }
      if !complete, let s = start {
        if row - s >= minimumLength { out.append(s..<row) }
        start = nil
      }
    }
    return out
  }

  /// The sample standard deviation (divisor m − 1) of each column over the m complete rows; NaN
  /// with fewer than two.
  public static func columnStandardDeviations(_ x: Tensor<Double>) -> [Double] {
    columnMoments(x).map { m in m.count > 1 ? (m.sumOfSquares / Double(m.count - 1)).squareRoot() : .nan }
  }

  /// The mean over columns of each column's variance about its mean (divisor m, the mean squared
  /// error of predicting the column's mean) over the m complete rows: PE(n) divided by it is 1 for
  /// a model no better than the data's mean. NaN without a complete row.
  public static func meanVariance(_ x: Tensor<Double>) -> Double {
    let moments = columnMoments(x)
    guard let m = moments.first?.count, m > 0 else { return .nan }
    return moments.reduce(0) { $0 + $1.sumOfSquares / Double(m) } / Double(moments.count)
  }

  /// Per column: the complete rows' mean, their count and the sum of squared deviations (two passes).
  public static func columnMoments(_ x: Tensor<Double>) -> [(mean: Double, count: Int, sumOfSquares: Double)] {
    let complete = completeRows(x)
    let (t, n) = (complete.shape[0], complete.shape[1])
    return complete.scalars.withUnsafeBufferPointer { p in
      (0..<n).map { d in
        guard t > 0 else { return (Double.nan, 0, Double.nan) }
        var sum = 0.0
        for row in 0..<t { sum += p[row * n + d] }
        let mean = sum / Double(t)
        var squares = 0.0
        for row in 0..<t { squares += (p[row * n + d] - mean) * (p[row * n + d] - mean) }
        return (mean, t, squares)
      }
    }
  }
}
