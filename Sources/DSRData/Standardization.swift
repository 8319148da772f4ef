import DSRTensor
import Foundation

/// A per-column affine map between data units and model units: `z = (x − mean) / std`.
///
/// `dsr train` fits it to the training data (``fit(_:)``: all trajectories together,
/// population standard deviation), trains the model on `z`, and stores it in `model.json`; every
/// command that runs the model against data maps that data with ``apply(to:)`` first, and maps
/// anything it writes back with ``invert(_:)``. External inputs are never standardised.
///
/// Arithmetic is in `Double` whatever the data's precision, with exactly `(x − mean) / std` per
/// element, so mapping a file with the same `mean` and `std` anywhere gives the same bits.
public struct Standardization: Codable, Equatable, Sendable {
  /// The mean of each column, in data units.
  public var mean: [Double]
  /// The (population) standard deviation of each column, in data units; all positive.
  public var std: [Double]

  /// A transform from its per-column means and standard deviations.
  ///
  /// - Precondition: equal lengths; every `std` positive and finite, every `mean` finite.
  public init(mean: [Double], std: [Double]) {
    precondition(mean.count == std.count, "Standardization: \(mean.count) means but \(std.count) standard deviations")
    precondition(mean.allSatisfy(\.isFinite) && std.allSatisfy { $0.isFinite && $0 > 0 }, "Standardization: non-finite mean or non-positive std")
    (self.mean, self.std) = (mean, std)
  }

  /// The transform that changes nothing, for `dimension` columns (mean 0, std 1).
  public static func identity(dimension: Int) -> Standardization {
    Standardization(mean: Array(repeating: 0, count: dimension), std: Array(repeating: 1, count: dimension))
  }

  /// N, the number of columns it maps.
  public var dimension: Int { mean.count }

  /// Whether it is exactly the identity (every mean 0, every std 1).
  public var isIdentity: Bool { mean.allSatisfy { $0 == 0 } && std.allSatisfy { $0 == 1 } }

  /// Per-column mean and population standard deviation of all rows of all `trajectories`
  /// together, accumulated in `Double` (two passes).
  ///
  /// NaN (a missing value) is left out: each column's figures are over its own valid values, as
  /// numpy's `nanmean` and `nanstd` compute them; a column without any valid value gets NaN.
  public static func statistics<S: BLASScalar>(of trajectories: [Tensor<S>]) -> (mean: [Double], std: [Double]) {
    let plain = statistics(of: trajectories, scale: nil)
    if plain.mean.allSatisfy(\.isFinite) && plain.std.allSatisfy(\.isFinite) { return plain }
    // Values near the top of Double's range overflow the sums of squares: compute each column in
    // units of its largest |value| instead (only then, so ordinary data keep their exact figures).
    let n = trajectories[0].shape[1]
    var scale = [Double](repeating: 0, count: n)
    for x in trajectories {
      for (i, v) in x.scalars.enumerated() where Double(v).isFinite { scale[i % n] = Swift.max(scale[i % n], Swift.abs(Double(v))) }
    }
    return statistics(of: trajectories, scale: scale.map { $0 > 0 ? $0 : 1 })
  }

  static func statistics<S: BLASScalar>(of trajectories: [Tensor<S>], scale: [Double]?) -> (mean: [Double], std: [Double]) {
    precondition(!trajectories.isEmpty && trajectories.allSatisfy { $0.rank == 2 }, "statistics: T × N matrices needed")
    let n = trajectories[0].shape[1]
    let unit = scale ?? [Double](repeating: 1, count: n)
    var sum = [Double](repeating: 0, count: n)
    // The valid values per column: every row of every trajectory when nothing is missing.
    var rows = [Int](repeating: 0, count: n)
    for x in trajectories {
      for (i, v) in x.scalars.enumerated() where !v.isNaN {
        sum[i % n] += Double(v) / unit[i % n]
        rows[i % n] += 1
      }
    }
    let mean = zip(sum, rows).map { $0 / Double($1) }
    var squares = [Double](repeating: 0, count: n)
    for x in trajectories {
      for (i, v) in x.scalars.enumerated() where !v.isNaN {
        let d = Double(v) / unit[i % n] - mean[i % n]
        squares[i % n] += d * d
      }
    }
    // Division and multiplication by a unit of 1 are exact: unscaled figures are the plain ones.
    return (zip(mean, unit).map { $0 * $1 }, (0..<n).map { j in (squares[j] / Double(rows[j])).squareRoot() * unit[j] })
  }

  /// Whether a column with this mean and standard deviation counts as constant: `std == 0` or
  /// `std ≤ 1e-8 · max(1, |mean|)` (nothing a model could learn; z-scoring would blow up rounding).
  public static func isConstant(mean: Double, std: Double) -> Bool {
    !(std > 1e-8 * Swift.max(1, Swift.abs(mean)))
  }

  /// Refuses data with a constant or near-constant column (``isConstant(mean:std:)``),
  /// computed over all trajectories together and over the valid (non-NaN) values only, and data
  /// with a column that has no valid value at all.
  ///
  /// - Throws: ``DataFileError`` naming the file(s), the 0-based column and the fix.
  public static func checkColumns<S: BLASScalar>(of data: Dataset<S>) throws {
    let (mean, std) = statistics(of: data.trajectories)
    for j in 0..<mean.count where mean[j].isNaN {
      throw DataFileError(
        path: data.sourceList, problem: "column \(j) (0-based) has no values: it is NaN (missing) in every row",
        remedy: "drop the column from the data (e.g. numpy: np.delete(x, \(j), axis=1)) and train on the others")
    }
    for j in 0..<mean.count where isConstant(mean: mean[j], std: std[j]) {
      let value = String(format: "%.6g", mean[j])
      let what = std[j] == 0 ? "is constant (every value \(value))" : "is nearly constant (mean \(value), std \(String(format: "%.3g", std[j])))"
      throw DataFileError(
        path: data.sourceList, problem: "column \(j) (0-based) \(what): it carries no dynamics to learn",
        remedy: "drop the column from the data (e.g. numpy: np.delete(x, \(j), axis=1)) and train on the others")
    }
  }

  /// At most this fraction of a column's valid values may differ from its median for the column
  /// to count as "constant but for a few spikes" (``spikedColumns(of:)``).
  public static let spikeFraction = 0.01

  /// A column that holds one value in all but a few rows: a flat signal with a spike or a glitch.
  /// It passes ``checkColumns(of:)`` (its standard deviation is not small), but z-scored the few
  /// rows become outliers of many standard deviations and the rest carries nothing to learn.
  public struct SpikedColumn: Sendable, Equatable {
    /// 0-based column.
    public var column: Int
    /// The value of all other rows (the column's median).
    public var value: Double
    /// How many valid values differ from it, and of how many.
    public var differing: Int, valid: Int
    /// The largest |value − median|, in the column's standard deviations.
    public var largestDeviation: Double

    /// `<path>: column j (0-based) is <v> in all but k of T rows …`, with the fix.
    public func warning(for path: String) -> String {
      "\(path): column \(column) (0-based) is \(String(format: "%.6g", value)) in all but \(differing) of \(valid) rows "
        + "(the largest departure is \(String(format: "%.3g", largestDeviation)) standard deviations): a flat signal with a spike "
        + "carries almost no dynamics to learn; drop the column (e.g. numpy: np.delete(x, \(column), axis=1)) or check the recording"
    }
  }

  /// The columns of `trajectories` (all together, missing values left out) that hold one value
  /// in all but at most ``spikeFraction`` of their valid rows (and at least one row differs).
  public static func spikedColumns<S: BLASScalar>(of trajectories: [Tensor<S>]) -> [SpikedColumn] {
    guard let n = trajectories.first?.shape.last else { return [] }
    let (_, std) = statistics(of: trajectories)
    return (0..<n).compactMap { j -> SpikedColumn? in
      var column: [Double] = []
      for x in trajectories { for i in stride(from: j, to: x.scalars.count, by: n) where !x.scalars[i].isNaN { column.append(Double(x.scalars[i])) } }
      guard column.count >= 2, std[j] > 0 else { return nil }
      let sorted = column.sorted(), median = sorted[sorted.count / 2]
      let differing = column.reduce(0) { $1 == median ? $0 : $0 + 1 }
      guard differing >= 1, Double(differing) <= spikeFraction * Double(column.count) else { return nil }
      let largest = column.reduce(0.0) { Swift.max($0, Swift.abs($1 - median)) }
      return SpikedColumn(column: j, value: median, differing: differing, valid: column.count, largestDeviation: largest / std[j])
    }
  }

  /// The transform that z-scores `data` (``statistics(of:)`` over all trajectories, missing
  /// values left out; inputs are not looked at). Missing values stay NaN under ``apply(_:)``.
  ///
  /// - Throws: ``DataFileError`` for a constant column (``checkColumns(of:)``).
  public static func fit<S: BLASScalar>(_ data: Dataset<S>) throws -> Standardization {
    try checkColumns(of: data)
    let (mean, std) = statistics(of: data.trajectories)
    return Standardization(mean: mean, std: std)
  }

  /// `(x − mean) / std` for every row of a `T × N` matrix.
  ///
  /// - Precondition: `x` has ``dimension`` columns.
  public func apply<S: BLASScalar>(_ x: Tensor<S>) -> Tensor<S> {
    map(x) { v, j in (v - mean[j]) / std[j] }
  }

  /// `z · std + mean` for every row of a `T × N` matrix: model units back to data units.
  ///
  /// - Precondition: `z` has ``dimension`` columns.
  public func invert<S: BLASScalar>(_ z: Tensor<S>) -> Tensor<S> {
    map(z) { v, j in v * std[j] + mean[j] }
  }

  /// The data set in model units: every trajectory mapped, the external inputs unchanged.
  ///
  /// - Throws: ``DataFileError`` naming the file when its column count is not ``dimension``.
  public func apply<S: BLASScalar>(to data: Dataset<S>) throws -> Dataset<S> {
    for (x, source) in zip(data.trajectories, data.sources) where x.shape[1] != dimension {
      throw DataFileError(
        path: source, problem: "has \(x.shape[1]) columns but the standardisation maps N = \(dimension)",
        remedy: "give data of the data set the model was trained on")
    }
    if isIdentity { return data }
    return try Dataset(trajectories: data.trajectories.map(apply), inputs: data.inputs, sources: data.sources)
  }

  private func map<S: BLASScalar>(_ x: Tensor<S>, _ f: (Double, Int) -> Double) -> Tensor<S> {
    precondition(x.rank == 2 && x.shape[1] == dimension, "Standardization: shape \(x.shape) does not have \(dimension) columns")
    if isIdentity { return x }
    let n = dimension
    var out = x
    out.scalars = x.scalars.enumerated().map { i, v in S(f(Double(v), i % n)) }
    return out
  }
}
