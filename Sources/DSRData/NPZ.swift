import CZlib
import Foundation

/// `.npz` archives (numpy's `np.savez` / `np.savez_compressed`): a zip of `.npy` members, stored
/// or deflated.
public enum NPZ {
  /// Every member array, keyed by its name without `.npy`.
  public static func read(_ path: String) throws -> [String: NPYArray] {
    try DataFileError.requireRegularFile(path)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DataFileError(path: path, problem: "cannot be read", remedy: "check the path")
    }
    return try parse([UInt8](data), path: path)
  }

  /// Every member array of an archive held in memory, keyed by its name without `.npy`; `path`
  /// names the archive in error messages.
  public static func parse(_ bytes: [UInt8], path: String) throws -> [String: NPYArray] {
    var out: [String: NPYArray] = [:]
    for (name, array) in try orderedArrays(of: bytes, path: path) { out[name] = array }
    return out
  }

  /// Every member array in archive order (the order `np.savez(f, a, b, …)` or its keyword
  /// arguments gave them: `arr_0`, `arr_1`, …), each with its name without `.npy`.
  ///
  /// - Parameters:
  ///   - requireFinite, allowingMissing: as in ``NPY/read(_:requireFinite:allowingMissing:)``;
  ///     a refused value is named as `archive.npz:member.npy`, row and column.
  /// - Throws: ``DataFileError`` for an unreadable archive or member.
  public static func orderedArrays(
    _ path: String, requireFinite: Bool = false, allowingMissing: Bool = false
  ) throws -> [(name: String, array: NPYArray)] {
    try DataFileError.requireRegularFile(path)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DataFileError(path: path, problem: "cannot be read", remedy: "check the path")
    }
    return try orderedArrays(of: [UInt8](data), path: path, requireFinite: requireFinite, allowingMissing: allowingMissing)
  }

  static func orderedArrays(
    of bytes: [UInt8], path: String, requireFinite: Bool = false, allowingMissing: Bool = false
  ) throws -> [(name: String, array: NPYArray)] {
    try members(of: bytes, path: path).filter { $0.0.hasSuffix(".npy") }.map { name, member in
      (String(name.dropLast(4)),
       try NPY.parse(member, path: "\(path):\(name)", requireFinite: requireFinite, allowingMissing: allowingMissing))
    }
  }

  /// The members of a zip archive, read through its central directory.
  static func members(of bytes: [UInt8], path: String) throws -> [(String, [UInt8])] {
    func bad(_ problem: String) -> DataFileError {
      DataFileError(path: path, problem: "is not a readable .npz (\(problem))", remedy: "save it with numpy.savez or numpy.savez_compressed")
    }
    func u16(_ i: Int) throws -> Int {
      guard i + 2 <= bytes.count else { throw bad("truncated") }
      return Int(bytes[i]) | Int(bytes[i + 1]) << 8
    }
    func u32(_ i: Int) throws -> Int {
      let (low, high) = (try u16(i), try u16(i + 2))
      return low | high << 16
    }
    // The end-of-central-directory record: signature 0x06054b50 within the last 64 KiB + 22 bytes.
    var end = -1
    var i = bytes.count - 22
    while i >= max(0, bytes.count - 65_557) {
      if bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x05 && bytes[i + 3] == 0x06 { end = i; break }
      i -= 1
    }
    guard end >= 0 else { throw bad("no zip end-of-central-directory record") }
    let count = try u16(end + 10)
    var entry = try u32(end + 16)
    if count == 0xFFFF || entry == 0xFFFF_FFFF { throw bad("zip64 archives are not supported") }
    var out: [(String, [UInt8])] = []
    for _ in 0..<count {
      guard try u32(entry) == 0x0201_4b50 else { throw bad("bad central directory entry") }
      let method = try u16(entry + 10)
      let compressed = try u32(entry + 20), size = try u32(entry + 24)
      let nameLength = try u16(entry + 28), extraLength = try u16(entry + 30), commentLength = try u16(entry + 32)
      let local = try u32(entry + 42)
      guard entry + 46 + nameLength <= bytes.count else { throw bad("truncated") }
      let name = String(decoding: bytes[(entry + 46)..<(entry + 46 + nameLength)], as: UTF8.self)
      guard try u32(local) == 0x0403_4b50 else { throw bad("bad local header of \(name)") }
      let (localName, localExtra) = (try u16(local + 26), try u16(local + 28))
      let start = local + 30 + localName + localExtra
      guard start + compressed <= bytes.count else { throw bad("\(name) is truncated") }
      let raw = Array(bytes[start..<(start + compressed)])
      switch method {
      case 0: out.append((name, raw))
      case 8:
        // DEFLATE expands at most 1032:1; a larger recorded size is a damaged (or hostile) header,
        // refused before the output buffer is allocated.
        guard size <= 1032 * compressed + 64 else {
          throw bad("\(name) claims to inflate \(compressed) bytes to \(size), more than DEFLATE can")
        }
        out.append((name, try inflate(raw, size: size, name: name, path: path)))
      default: throw bad("\(name) uses compression method \(method); only stored and deflated members are supported")
      }
      entry += 46 + nameLength + extraLength + commentLength
    }
    return out
  }

  /// Raw DEFLATE (zip method 8) through zlib.
  static func inflate(_ input: [UInt8], size: Int, name: String, path: String) throws -> [UInt8] {
    var output = [UInt8](repeating: 0, count: max(size, 1))
    var stream = z_stream()
    guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw DataFileError(path: path, problem: "zlib could not start inflating \(name)", remedy: "save it again")
    }
    defer { inflateEnd(&stream) }
    var input = input
    let status: Int32 = input.withUnsafeMutableBufferPointer { inp in
      output.withUnsafeMutableBufferPointer { out in
        stream.next_in = inp.baseAddress
        stream.avail_in = UInt32(inp.count)
        stream.next_out = out.baseAddress
        stream.avail_out = UInt32(out.count)
        return CZlib.inflate(&stream, Z_FINISH)
      }
    }
    guard status == Z_STREAM_END, Int(stream.total_out) == size else {
      throw DataFileError(path: path, problem: "member \(name) does not inflate to its recorded size (zlib status \(status))", remedy: "the archive is damaged; save it again")
    }
    return output
  }
}
