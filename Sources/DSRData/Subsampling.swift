import DSRTensor
import Foundation

/// Keeping every k-th row of a time series (`dsr data subsample`), for data sampled far more
/// finely than training needs.
public enum Subsampling {
  /// What a subsampling did: `rows × columns` in, `kept × columns` out.
  public struct Result: Sendable, Equatable {
    /// Rows of the input.
    public var rows: Int
    /// Columns of the input (and of the output).
    public var columns: Int
    /// Rows written to the output.
    public var kept: Int
  }

  /// Writes rows `offset`, `offset + every`, … of `file` to `out`: `.npy` in the input's dtype
  /// (float64 for text input), or comma-, tab- or space-separated text (`.csv`, `.tsv`, `.txt`)
  /// keeping the input's header line. Written atomically; an existing `out` is replaced only
  /// with `replace`.
  ///
  /// - Throws: `DataFileError` for an unreadable input, an existing output, or an offset past
  ///   the last row, before anything is written.
  public static func subsample(_ file: String, every: Int, offset: Int, to out: String, replace: Bool) throws -> Result {
    precondition(every >= 1 && offset >= 0, "subsample: every ≥ 1 and offset ≥ 0")
    if !replace && FileManager.default.fileExists(atPath: out) {
      throw DataFileError(path: out, problem: "already exists", remedy: "choose another --out, or add --force to replace it")
    }
    var dtype = NPYDType.float64LittleEndian
    var header: [String]? = nil
    let x: Tensor<Double> = try MatrixFile.read(file)
    if file.lowercased().hasSuffix(".npy") {
      dtype = try NPY.read(file).dtype
    } else {
      header = try? CSV.read(file).header
    }
    let (t, n) = (x.shape[0], x.shape[1])
    guard offset < t else {
      throw DataFileError(path: file, problem: "has \(t) rows, so --offset \(offset) leaves none", remedy: "use an offset below \(t)")
    }
    let rows = Array(stride(from: offset, to: t, by: every))
    let kept = Tensor(shape: [rows.count, n], scalars: rows.flatMap { r in x.scalars[(r * n)..<(r * n + n)] })
    let lower = out.lowercased()
    if lower.hasSuffix(".npy") {
      try NPY.write(kept, to: out, dtype: dtype)
    } else {
      let separator = lower.hasSuffix(".csv") ? "," : lower.hasSuffix(".tsv") ? "\t" : " "
      let single = dtype == .float32LittleEndian || dtype == .float32BigEndian
      var text = header.map { $0.joined(separator: separator) + "\n" } ?? ""
      for r in 0..<rows.count {
        text += (0..<n).map { j -> String in
          let v = kept.scalars[r * n + j]
          return single ? "\(Float(v))" : "\(v)"
        }.joined(separator: separator) + "\n"
      }
      try AtomicFile.write(Data(text.utf8), to: out)
    }
    return Result(rows: t, columns: n, kept: rows.count)
  }
}
