import DSRData
import Foundation

/// What Foundation's JSON parser lets through and no JSON that dsr reads may hold: a key given
/// twice in one object (the parser silently keeps one of them, so `{"A": [0.9], "A": [1]}` would
/// import A = [1]) and a comma before `}` or `]` (not JSON). Checked before parsing, so the
/// message can name the line.
///
/// Every JSON file dsr reads goes through this reader: configurations (with their own error
/// type), model files, the JSON of `dsr import`, checkpoints, `embedding.json`, evaluation
/// records, published numbers and the suite's data records. ``jsonObject(_:path:)`` and
/// ``decode(_:from:path:)`` refuse such text with a ``DSRData/DataFileError`` naming the file, the
/// line and the key; the parser itself then reports what is not JSON at all.
public enum StrictJSON {
  /// A problem at a line of the text.
  public struct Problem: Error, Equatable, Sendable {
    /// What is wrong, e.g. `appears twice in one object (JSON keeps only one of them)`.
    public var message: String
    /// The key concerned (empty for a trailing comma).
    public var key: String
    /// 1-based line.
    public var line: Int
  }

  /// Nesting deeper than this is left to the parser (which refuses it) instead of scanned, so
  /// that hostile input cannot exhaust the stack.
  static let maximumDepth = 512

  /// Throws a ``DSRData/DataFileError`` naming `path`, the line and the key when `data` holds a
  /// duplicate key or a trailing comma.
  public static func check(_ data: Data, path: String) throws {
    guard let problem = firstProblem(in: data) else { return }
    throw DataFileError(
      path: path, problem: "line \(problem.line): " + (problem.key.isEmpty ? "" : "key \"\(problem.key)\" ") + problem.message,
      remedy: problem.key.isEmpty ? "remove the comma" : "keep one of them")
  }

  /// The parsed JSON value of `data` (as `JSONSerialization` gives it) after ``check(_:path:)``;
  /// nil when it is not JSON at all (the caller names what it expected).
  public static func jsonObject(_ data: Data, path: String) throws -> Any? {
    try check(data, path: path)
    return try? JSONSerialization.jsonObject(with: data)
  }

  /// `T` decoded from `data` after ``check(_:path:)``; decoding errors are rethrown as they are
  /// (the caller says what it expected).
  public static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
    try check(data, path: path)
    return try JSONDecoder().decode(type, from: data)
  }

  /// The first duplicate key or trailing comma in `data`, nil when there is none (or when the
  /// text is not JSON at all: the parser then reports that).
  public static func firstProblem(in data: Data) -> Problem? {
    var scanner = Scanner(bytes: [UInt8](data))
    do {
      try scanner.value()
      return nil
    } catch let problem as Problem {
      return problem
    } catch {
      return nil
    }
  }

  private struct Malformed: Error {}

  private struct Scanner {
    let bytes: [UInt8]
    var i = 0
    var depth = 0
    init(bytes: [UInt8]) { self.bytes = bytes }

    var line: Int { bytes[..<min(i, bytes.count)].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }

    mutating func skipSpace() {
      while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    mutating func value() throws {
      skipSpace()
      guard i < bytes.count else { throw Malformed() }
      switch bytes[i] {
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        depth += 1
        defer { depth -= 1 }
        guard depth <= StrictJSON.maximumDepth else { throw Malformed() }
        if bytes[i] == UInt8(ascii: "{") { try object() } else { try array() }
      case UInt8(ascii: "\""): _ = try string()
      default:
        // A number or a literal: everything up to the next delimiter.
        let start = i
        while i < bytes.count, !",]} \t\r\n".utf8.contains(bytes[i]) { i += 1 }
        if i == start { throw Malformed() }
      }
    }

    mutating func string() throws -> String {
      let start = i + 1
      i += 1
      while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
        i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
      }
      guard i < bytes.count else { throw Malformed() }
      i += 1
      let raw = bytes[start..<(i - 1)]
      // A key spelled with escapes (`"\u0041"`) is the same key as its plain spelling.
      guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
      guard let decoded = try? JSONSerialization.jsonObject(with: Data(bytes[(start - 1)..<i]), options: .fragmentsAllowed) as? String else { throw Malformed() }
      return decoded
    }

    mutating func object() throws {
      i += 1
      var keys = Set<String>()
      skipSpace()
      if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return }
      while true {
        skipSpace()
        guard i < bytes.count else { throw Malformed() }
        if bytes[i] == UInt8(ascii: "}") {
          throw Problem(message: "has a comma before '}' (not JSON)", key: "", line: line)
        }
        guard bytes[i] == UInt8(ascii: "\"") else { throw Malformed() }
        let keyLine = line
        let key = try string()
        if !keys.insert(key).inserted {
          throw Problem(message: "appears twice in one object (JSON keeps only one of them)", key: key, line: keyLine)
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Malformed() }
        i += 1
        try value()
        skipSpace()
        guard i < bytes.count else { throw Malformed() }
        if bytes[i] == UInt8(ascii: "}") { i += 1; return }
        guard bytes[i] == UInt8(ascii: ",") else { throw Malformed() }
        i += 1
      }
    }

    mutating func array() throws {
      i += 1
      skipSpace()
      if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return }
      while true {
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
          throw Problem(message: "has a comma before ']' (not JSON)", key: "", line: line)
        }
        try value()
        skipSpace()
        guard i < bytes.count else { throw Malformed() }
        if bytes[i] == UInt8(ascii: "]") { i += 1; return }
        guard bytes[i] == UInt8(ascii: ",") else { throw Malformed() }
        i += 1
      }
    }
  }
}
