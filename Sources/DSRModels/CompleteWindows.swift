import DSRTensor

/// The start points of n-step windows in data with gaps (rows holding a NaN are missing samples):
/// PE(n) and its baselines use only windows whose n + 1 rows are all observed.
public enum CompleteWindows {
  /// For each start row t of [0, T − n): whether rows t, t + 1, …, t + n of `x` (T × N) hold only
  /// finite values. Empty when T ≤ n.
  public static func starts<Scalar: BLASScalar>(_ x: Tensor<Scalar>, steps n: Int) -> [Bool] {
    precondition(x.rank == 2 && n >= 0, "CompleteWindows: need a T × N tensor and n ≥ 0")
    let (t, width) = (x.shape[0], x.shape[1])
    let complete: [Bool] = x.scalars.withUnsafeBufferPointer { p in
      (0..<t).map { row in (0..<width).allSatisfy { p[row * width + $0].isFinite } }
    }
    guard t > n else { return [] }
    // The number of incomplete rows in the window [s, s + n], updated as the window slides.
    var missing = complete[0...n].filter { !$0 }.count
    var out = [Bool](repeating: false, count: t - n)
    for s in 0..<(t - n) {
      out[s] = missing == 0
      if s + n + 1 < t { missing += (complete[s + n + 1] ? 0 : 1) - (complete[s] ? 0 : 1) }
    }
    return out
  }
}
