import Foundation

/// What Foundation's JSON parser lets through and a configuration must not: a key given twice in
/// one object (the parser silently keeps one of them) and a comma before `}` or `]` (not JSON).
/// Checked before parsing, so the message can name the line.
enum StrictJSON {
  /// A problem at a line of the text.
  struct Problem: Error, Equatable {
    /// What is wrong, e.g. `key "epochs" appears twice in one object`.
    var message: String
    /// The key concerned (empty for a trailing comma).
    var key: String
    /// 1-based line.
    var line: Int
  }

  /// The first duplicate key or trailing comma in `data`, nil when there is none (or when the
  /// text is not JSON at all: the parser then reports that).
  static func firstProblem(in data: Data) -> Problem? {
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
    init(bytes: [UInt8]) { self.bytes = bytes }

    var line: Int { bytes[..<min(i, bytes.count)].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }

    mutating func skipSpace() {
      while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    mutating func value() throws {
      skipSpace()
      guard i < bytes.count else { throw Malformed() }
      switch bytes[i] {
      case UInt8(ascii: "{"): try object()
      case UInt8(ascii: "["): try array()
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
      return String(decoding: bytes[start..<(i - 1)], as: UTF8.self)
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
