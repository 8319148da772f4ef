import DSRData

/// Data-file workflows of `dsr data` that DSRData does and the command reports.
public enum DataFiles {
  /// `dsr data subsample`: keeps rows `offset`, `offset + every`, … of `file` in `out`
  /// (``Subsampling``); returns the line the command prints.
  ///
  /// - Throws: `DataFileError` for unreadable input, too few rows, or an `out` that
  ///   ``OutputFile`` refuses (the input itself, a run's file, read-only, or existing without
  ///   `replace`).
  public static func subsample(_ file: String, every: Int, offset: Int, to out: String, replace: Bool) throws -> String {
    try OutputFile.check(out, reading: [file], force: replace)
    let r = try Subsampling.subsample(file, every: every, offset: offset, to: out, replace: true)
    return "\(file): \(r.rows) × \(r.columns) → \(r.kept) × \(r.columns) (rows \(offset), \(offset + every), …: every \(every) from row \(offset)) written to \(out)"
  }
}
