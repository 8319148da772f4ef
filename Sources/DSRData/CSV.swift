import DSRTensor
import Foundation

/// Reading numeric tables from delimited text (comma, semicolon, tab or spaces).
///
/// A first line with any non-empty field that is not a number is taken as a header and returned
/// as column names. Empty lines and lines starting with `#` are skipped. An empty field between
/// delimiters (`1,,3`) is read as NaN, as are `nan` and `NaN`: a missing value.
public enum CSV {
  /// A numeric table: the values as a `rows × columns` matrix and the header, if any.
  public struct Table: Sendable {
    /// The values, `rows × columns`.
    public var matrix: Tensor<Double>
    /// The column names from a header line, or nil without one.
    public var header: [String]?
  }

  /// Reads a delimited text file into a matrix.
  ///
  /// - Parameters:
  ///   - requireFinite: reject NaN (and empty fields) and ±∞.
  ///   - allowingMissing: with `requireFinite`, accept NaN and empty fields as missing values
  ///     (±∞ is still rejected).
  /// - Throws: ``DataFileError`` naming the line and column of the first problem (a field that is
  ///   not a number, a row with the wrong number of fields, NaN/Inf with `requireFinite`).
  public static func read(_ path: String, requireFinite: Bool = false, allowingMissing: Bool = false) throws -> Table {
    try DataFileError.requireRegularFile(path)
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      let exists = FileManager.default.fileExists(atPath: path)
      throw DataFileError(
        path: path, problem: exists ? "cannot be read as UTF-8 text" : "no such file",
        remedy: exists ? nil : "check the path; it is relative to the working directory")
    }
    return try parse(text, path: path, requireFinite: requireFinite, allowingMissing: allowingMissing)
  }

  /// Parses delimited text; `path` is used in error messages only. `requireFinite` and
  /// `allowingMissing` as in ``read(_:requireFinite:allowingMissing:)``.
  public static func parse(_ text: String, path: String, requireFinite: Bool = false, allowingMissing: Bool = false) throws -> Table {
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
      .map { (number: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespaces)) }
      .filter { !$0.text.isEmpty && !$0.text.hasPrefix("#") }
    guard let first = lines.first else {
      throw DataFileError(path: path, problem: "holds no data rows")
    }
    let delimiter: Character? = [",", ";", "\t"].first { first.text.contains($0) }
    func fields(_ line: String) -> [String] {
      if let d = delimiter {
        return line.split(separator: d, omittingEmptySubsequences: false).map {
          $0.trimmingCharacters(in: .whitespaces)
        }
      }
      return line.split(whereSeparator: { $0 == " " }).map(String.init)
    }
    var header: [String]? = nil
    var body = lines[...]
    let firstFields = fields(first.text)
    if firstFields.contains(where: { !$0.isEmpty && Double($0) == nil }) {
      header = firstFields.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
      body = lines.dropFirst()
    }
    let columns = header?.count ?? firstFields.count
    var values: [Double] = []
    values.reserveCapacity(body.count * columns)
    for line in body {
      let parts = fields(line.text)
      guard parts.count == columns else {
        throw DataFileError(
          path: path, problem: "line \(line.number) has \(parts.count) fields, expected \(columns)",
          remedy: "every row needs the same number of columns")
      }
      for (j, field) in parts.enumerated() {
        guard let v = field.isEmpty ? Double.nan : Double(field) else {
          throw DataFileError(
            path: path, problem: "line \(line.number), column \(j + 1): '\(field)' is not a number")
        }
        if requireFinite && allowingMissing && v.isInfinite {
          throw DataFileError(
            path: path, problem: "line \(line.number), column \(j + 1) holds an infinite value (\(field))",
            remedy: "dsr reads an empty field or nan as a missing value but cannot use ±∞; leave the field empty or give a finite value")
        }
        if requireFinite && !allowingMissing && !v.isFinite {
          throw DataFileError(
            path: path, problem: "line \(line.number), column \(j + 1) holds a non-finite value (\(field.isEmpty ? "an empty field" : field))",
            remedy: "dsr needs finite data; remove or interpolate missing values first")
        }
        values.append(v)
      }
    }
    guard !values.isEmpty else { throw DataFileError(path: path, problem: "holds a header but no data rows") }
    return Table(matrix: Tensor(shape: [values.count / columns, columns], scalars: values), header: header)
  }
}
