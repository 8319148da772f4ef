/// A configuration value: the JSON types a dsr configuration uses.
public enum ConfigValue: Equatable, Sendable, Codable, CustomStringConvertible {
  /// A JSON boolean.
  case bool(Bool)
  /// A JSON number that decodes as an `Int`.
  case int(Int)
  /// A JSON number that does not decode as an `Int`.
  case double(Double)
  /// A JSON string.
  case string(String)
  /// A JSON array of strings.
  case strings([String])
  /// A JSON array of integers (also the empty array).
  case ints([Int])

  /// Decodes a boolean, an integer, a number, a string, a list of integers or a list of strings, tried in that order.
  /// - Throws: `DecodingError.dataCorrupted` when the value is none of these.
  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let b = try? c.decode(Bool.self) { self = .bool(b); return }
    if let i = try? c.decode(Int.self) { self = .int(i); return }
    if let d = try? c.decode(Double.self) { self = .double(d); return }
    if let s = try? c.decode(String.self) { self = .string(s); return }
    if let a = try? c.decode([Int].self) { self = .ints(a); return }
    if let a = try? c.decode([String].self) { self = .strings(a); return }
    throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a boolean, number, string or list of integers or strings")
  }

  /// Encodes the value as the JSON value it came from.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .bool(let b): try c.encode(b)
    case .int(let i): try c.encode(i)
    case .double(let d): try c.encode(d)
    case .string(let s): try c.encode(s)
    case .strings(let a): try c.encode(a)
    case .ints(let a): try c.encode(a)
    }
  }

  /// The JSON type name, for messages.
  public var typeName: String {
    switch self {
    case .bool: return "a boolean"
    case .int: return "an integer"
    case .double: return "a number"
    case .string: return "a string"
    case .strings: return "a list of strings"
    case .ints: return "a list of integers"
    }
  }

  /// The value as JSON text (strings quoted).
  public var description: String {
    switch self {
    case .bool(let b): return String(b)
    case .int(let i): return String(i)
    case .double(let d): return String(d)
    case .string(let s): return "\"\(s)\""
    case .strings(let a): return "[" + a.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    case .ints(let a): return "[" + a.map(String.init).joined(separator: ", ") + "]"
    }
  }
}
