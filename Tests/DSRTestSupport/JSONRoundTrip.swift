import Foundation

/// Encodes a value to JSON and decodes it back.
public enum JSONRoundTrip {
  public static func roundTrip<T: Codable>(_ value: T) throws -> T {
    try JSONDecoder().decode(T.self, from: try JSONEncoder().encode(value))
  }
}
