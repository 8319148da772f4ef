import Foundation

/// The safetensors format (Hugging Face), written and read without the safetensors package: an
/// 8-byte little-endian header length n, n bytes of a JSON object, then the raw little-endian
/// tensor bytes.
///
/// The header maps each tensor's name to `{"dtype": "F64", "shape": [3, 4], "data_offsets": [begin,
/// end]}` (offsets into the bytes after the header) and may hold `"__metadata__"`, a dictionary of
/// strings. Any JSON library reads it:
///
/// ```python
/// n = int.from_bytes(f.read(8), "little"); header = json.loads(f.read(n))
/// ```
///
/// dsr writes float64 tensors; it reads float64 and float32 ones.
public enum SafeTensors {
  /// One tensor: its shape and its row-major values.
  public typealias Entry = (shape: [Int], values: [Double])

  /// The file's bytes for float64 `tensors` (in the given order, packed without gaps) and string
  /// `metadata` (omitted when empty). The header is padded with spaces to a multiple of 8 bytes,
  /// as the reference writer does.
  public static func encode(_ tensors: [(name: String, shape: [Int], values: [Double])], metadata: [String: String] = [:]) -> [UInt8] {
    var header: [String: Any] = [:]
    if !metadata.isEmpty { header["__metadata__"] = metadata }
    var offset = 0
    for t in tensors {
      precondition(t.shape.reduce(1, *) == t.values.count && t.name != "__metadata__", "SafeTensors.encode: \(t.name) shape \(t.shape)")
      header[t.name] = ["dtype": "F64", "shape": t.shape, "data_offsets": [offset, offset + 8 * t.values.count]] as [String: Any]
      offset += 8 * t.values.count
    }
    // Cannot fail: strings, integers and arrays of integers only.
    var json = Array((try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data("{}".utf8))
    json += [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8)
    var out: [UInt8] = []
    out.reserveCapacity(8 + json.count + offset)
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { out += $0 }
    out += json
    for t in tensors { for v in t.values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } } }
    return out
  }

  /// Writes ``encode(_:metadata:)`` atomically to `path`.
  public static func write(_ tensors: [(name: String, shape: [Int], values: [Double])], metadata: [String: String] = [:], to path: String) throws {
    try AtomicFile.write(Data(encode(tensors, metadata: metadata)), to: path)
  }

  /// Reads a safetensors file.
  public static func read(_ path: String) throws -> (tensors: [String: Entry], metadata: [String: String]) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DataFileError(path: path, problem: "cannot be read", remedy: "check the path")
    }
    return try parse([UInt8](data), path: path)
  }

  /// The tensors (as Double) and metadata of a safetensors file held in memory; `path` names it
  /// in error messages.
  ///
  /// - Throws: ``DataFileError`` for a truncated file, a header that is not the format's JSON, an
  ///   unsupported dtype or offsets that do not fit the shape and the file.
  public static func parse(_ bytes: [UInt8], path: String) throws -> (tensors: [String: Entry], metadata: [String: String]) {
    func bad(_ problem: String, _ remedy: String = "save it again with safetensors (or dsr export --format safetensors)") -> DataFileError {
      DataFileError(path: path, problem: "is not a readable safetensors file (\(problem))", remedy: remedy)
    }
    guard bytes.count >= 8 else { throw bad("shorter than its 8-byte header length") }
    let n = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    guard n <= UInt64(bytes.count - 8) else { throw bad("its header claims \(n) bytes but the file has \(bytes.count - 8) after the length") }
    let start = 8 + Int(n)
    guard let header = (try? JSONSerialization.jsonObject(with: Data(bytes[8..<start]))) as? [String: Any] else {
      throw bad("the header is not a JSON object")
    }
    var metadata: [String: String] = [:]
    if let m = header["__metadata__"] {
      guard let strings = m as? [String: String] else { throw bad("__metadata__ is not a dictionary of strings") }
      metadata = strings
    }
    let buffer = bytes.count - start
    var tensors: [String: Entry] = [:]
    for (name, value) in header where name != "__metadata__" {
      guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String, let shape = entry["shape"] as? [Int],
            let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
        throw bad("tensor '\(name)' lacks dtype, shape or data_offsets")
      }
      let size: Int
      switch dtype {
      case "F64": size = 8
      case "F32": size = 4
      default: throw bad("tensor '\(name)' has dtype \(dtype)", "convert the tensors to float32 or float64 first, e.g. tensor.float()")
      }
      guard shape.allSatisfy({ $0 >= 0 }), let count = shape.checkedProduct(), count <= Int.max / 8 else {
        throw bad("tensor '\(name)' has shape \(shape)")
      }
      guard offsets[0] >= 0, offsets[0] <= buffer, count * size <= buffer - offsets[0], offsets[1] == offsets[0] + count * size else {
        throw bad("tensor '\(name)' has data_offsets \(offsets) for \(count) values of \(size) bytes in a buffer of \(buffer)")
      }
      let base = start + offsets[0]
      let values: [Double] = (0..<count).map { i in
        let p = base + i * size
        let bits = (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[p + $1]) << (8 * UInt64($1)) }
        return size == 8 ? Double(bitPattern: bits) : Double(Float(bitPattern: UInt32(bits)))
      }
      tensors[name] = (shape, values)
    }
    return (tensors, metadata)
  }
}
