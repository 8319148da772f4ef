import DSRData
import DSRTensor
import Foundation

/// `dsr data info` and its alias `dsr inspect`: what is in a data file (shape, dtype, memory
/// order, per-column statistics, non-finite values), its units (z-scored or not) and warnings
/// about constant columns and sampling (``SamplingCheck``).
///
/// The two commands print the same facts in their own long-standing layouts: `data info`
/// counts non-finite values (sample std over the finite values) and can print JSON; `inspect`
/// refuses ±∞, reads NaN as missing values (statistics over the valid values, and a line on the
/// gaps, ``MissingRows``) and adds each column's dominant period (population std).
public enum DataSummary {
  /// What one file gave: the text for standard output and the warnings for standard error.
  public struct Report: Sendable, Equatable {
    /// Lines for standard output (without the final newline).
    public var text: String
    /// Warnings, each printed as `Warning: …` on standard error.
    public var warnings: [String]
  }

  /// `dsr data info FILE [--json]`: shape, dtype, memory order and per-column statistics over
  /// the finite values, with non-finite counts.
  public static func info(_ file: String, json: Bool) throws -> Report {
    var dtype = "text", order = "—"
    var values: [Double]
    var shape: [Int]
    if file.lowercased().hasSuffix(".npy") {
      let a = try NPY.read(file)
      dtype = a.dtype.rawValue
      order = a.fortranOrder ? "Fortran" : "C"
      values = a.values
      shape = a.shape.count == 1 ? [a.shape[0], 1] : a.shape
    } else {
      let t: Tensor<Double> = try MatrixFile.read(file)
      values = t.scalars
      shape = t.shape
    }
    guard shape.count == 2 else { throw DataFileError(path: file, problem: "has rank \(shape.count)", remedy: "dsr reads T × N matrices") }
    let (t, n) = (shape[0], shape[1])
    var columns: [[String: Double]] = []
    var nonFinite = 0
    for d in 0..<n {
      let column = (0..<t).map { values[$0 * n + d] }
      let finite = column.filter(\.isFinite)
      nonFinite += t - finite.count
      let mean = finite.reduce(0, +) / Double(Swift.max(finite.count, 1))
      let variance = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(Swift.max(finite.count - 1, 1))
      columns.append(["mean": mean, "std": variance.squareRoot(), "min": finite.min() ?? .nan, "max": finite.max() ?? .nan,
                      "nonfinite": Double(t - finite.count)])
    }
    if json {
      let object: [String: Any] = ["file": file, "rows": t, "columns": n, "dtype": dtype, "order": order, "nonfinite": nonFinite,
                                   "per_column": columns.map { $0.mapValues { $0.isFinite ? $0 as Any : NSNull() } }]
      return Report(text: String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self),
                    warnings: [])
    }
    var lines = ["\(file): \(t) × \(n) (time × dimension), dtype \(dtype), \(order) order, \(nonFinite) non-finite value\(nonFinite == 1 ? "" : "s")"]
    lines.append("  column        mean         std         min         max  non-finite")
    for (d, c) in columns.enumerated().prefix(16) {
      lines.append(String(format: "  %6d  %10.4f  %10.4f  %10.4f  %10.4f  %10d", d, c["mean"] ?? .nan, c["std"] ?? .nan, c["min"] ?? .nan,
                          c["max"] ?? .nan, Int(c["nonfinite"] ?? 0)))
    }
    if n > 16 { lines.append("  … \(n - 16) more columns") }
    var warnings: [String] = []
    if nonFinite == 0 {
      let data = Tensor(shape: shape, scalars: values)
      lines.append(units(data))
      warnings = self.warnings(data, file: file, sampling: SamplingCheck(data))
    }
    return Report(text: lines.joined(separator: "\n"), warnings: warnings)
  }

  /// `dsr inspect FILE`: shape, dtype and per-column statistics with the dominant period of
  /// each column's power spectrum (in samples); ±∞ is refused, NaN is a missing value (the
  /// statistics are over the valid values and a `gaps:` line reports them).
  public static func inspect(_ file: String, maxColumns: Int) throws -> Report {
    var dtype = "text"
    if file.lowercased().hasSuffix(".npy") {
      dtype = try NPY.read(file).dtype.rawValue
    }
    let data: Tensor<Double> = try MatrixFile.read(file, allowingMissing: true)
    let (t, n) = (data.shape[0], data.shape[1])
    var lines = ["\(file): \(t) × \(n) (time × dimension), dtype \(dtype)"]
    let missing = MissingRows(data)
    let mean: [Double], std: [Double], minimum: [Double], maximum: [Double]
    if missing.isEmpty {
      (mean, std) = (data.mean(alongAxis: 0).scalars, data.standardDeviation(alongAxis: 0).scalars)
      (minimum, maximum) = (data.min(alongAxis: 0).scalars, data.max(alongAxis: 0).scalars)
    } else {
      (mean, std) = Standardization.statistics(of: [data])
      let valid = (0..<n).map { j in (0..<t).map { data.scalars[$0 * n + j] }.filter { !$0.isNaN } }
      (minimum, maximum) = (valid.map { $0.min() ?? .nan }, valid.map { $0.max() ?? .nan })
      lines.append(gapsLine(missing))
    }
    lines.append("  column        mean         std         min         max   dominant period")
    let sampling = SamplingCheck(data)
    for j in 0..<min(n, maxColumns) {
      let period = sampling.periods[j].map { String(format: "%.1f samples", $0) } ?? "—"
      lines.append(String(format: "  %6d  %10.4f  %10.4f  %10.4f  %10.4f   ", j, mean[j], std[j], minimum[j], maximum[j]) + period)
    }
    if n > maxColumns { lines.append("  … \(n - maxColumns) more columns") }
    lines.append(units(data))
    return Report(text: lines.joined(separator: "\n"), warnings: warnings(data, file: file, sampling: sampling))
  }

  /// The gaps line of `dsr inspect`: how many gaps, how many rows they miss, the longest gap
  /// and the longest complete stretch (the longest gap-free window `dsr train` can draw).
  static func gapsLine(_ missing: MissingRows) -> String {
    func rows(_ r: Range<Int>) -> String { r.count == 1 ? "row \(r.lowerBound)" : "rows \(r.lowerBound)–\(r.upperBound - 1)" }
    let longestGap = missing.gaps.first { $0.count == missing.longestGap }!
    let stretch = missing.longestStretch.map { "\($0.count) rows (\(rows($0))); dsr train draws windows (sequence_length + 1 rows) that start on a complete row and bridge gaps of at most sequence_length/10 rows" }
      ?? "none: every row is missing"
    return "  gaps: \(missing.gaps.count) gap\(missing.gaps.count == 1 ? "" : "s") of missing values (NaN), \(missing.count) of \(missing.length) rows missing "
      + "(a row counts as missing when any column is NaN); longest gap \(longestGap.count) row\(longestGap.count == 1 ? "" : "s") (\(rows(longestGap))); "
      + "longest complete stretch \(stretch)"
  }

  /// The units line: z-scored or not, and what `dsr train` will do about it.
  static func units(_ data: Tensor<Double>) -> String {
    let (mean, std) = Standardization.statistics(of: [data])
    if zip(mean, std).allSatisfy({ Swift.abs($0) < 0.05 && Swift.abs($1 - 1) < 0.05 }) {
      return "  units: z-scored (every column has mean ≈ 0 and std ≈ 1)"
    }
    let means = mean.map { Swift.abs($0) }.max() ?? 0, low = std.min() ?? 0, high = std.max() ?? 0
    return String(format: "  units: not z-scored (|mean| up to %.4g, std %.4g–%.4g); dsr train z-scores each column (standardize = true)", means, low, high)
  }

  /// Constant columns (which `dsr train` refuses) and the sampling warnings.
  static func warnings(_ data: Tensor<Double>, file: String, sampling: SamplingCheck) -> [String] {
    let (mean, std) = Standardization.statistics(of: [data])
    let constant = mean.indices.filter { Standardization.isConstant(mean: mean[$0], std: std[$0]) }
    return constant.map { "\(file): column \($0) (0-based) is constant or nearly so (std \(String(format: "%.3g", std[$0]))); dsr train refuses it (drop the column)" }
      + Standardization.spikedColumns(of: [data]).map { $0.warning(for: file) }
      + sampling.warnings(for: file)
  }
}
