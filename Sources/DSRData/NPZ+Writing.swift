import CZlib
import Foundation

/// Writing `.npz` archives, and reading the members of one that are not arrays.
extension NPZ {
  /// A stored (uncompressed) zip archive of `members`, in the given order: what `numpy.savez`
  /// writes, readable by `numpy.load` and by ``parse(_:path:)``.
  ///
  /// - Precondition: fewer than 65 535 members and under 4 GiB in all (no zip64).
  public static func archive(_ members: [(name: String, bytes: [UInt8])]) -> [UInt8] {
    precondition(members.count < 0xFFFF, "NPZ.archive: \(members.count) members need zip64")
    var out: [UInt8] = [], central: [UInt8] = []
    func u16(_ v: Int, _ into: inout [UInt8]) { into += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    func u32(_ v: Int, _ into: inout [UInt8]) { u16(v & 0xFFFF, &into); u16(v >> 16 & 0xFFFF, &into) }
    for (name, bytes) in members {
      let nameBytes = Array(name.utf8)
      let crc = bytes.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
      let offset = out.count
      precondition(offset + bytes.count < 0xFFFF_FFFF, "NPZ.archive: over 4 GiB needs zip64")
      // Version 2.0, no flags, stored, 1980-01-01 00:00, CRC, sizes, name, no extra field.
      var header: [UInt8] = []
      u16(20, &header); u16(0, &header); u16(0, &header); u16(0, &header); u16(0x21, &header)
      u32(crc, &header); u32(bytes.count, &header); u32(bytes.count, &header); u16(nameBytes.count, &header); u16(0, &header)
      out += [0x50, 0x4B, 0x03, 0x04] + header + nameBytes + bytes
      central += [0x50, 0x4B, 0x01, 0x02]
      u16(20, &central)
      central += header
      u16(0, &central); u16(0, &central); u16(0, &central); u32(0, &central); u32(offset, &central)
      central += nameBytes
    }
    let directoryOffset = out.count
    out += central
    out += [0x50, 0x4B, 0x05, 0x06]
    u16(0, &out); u16(0, &out); u16(members.count, &out); u16(members.count, &out)
    u32(central.count, &out); u32(directoryOffset, &out); u16(0, &out)
    return out
  }

  /// Writes float64 arrays (name without `.npy`, shape, row-major values) and any other members
  /// (e.g. a JSON record) as an `.npz` archive, atomically.
  public static func write(
    _ arrays: [(name: String, shape: [Int], values: [Double])], otherMembers: [(name: String, bytes: [UInt8])] = [], to path: String
  ) throws {
    let members = arrays.map { (name: $0.name + ".npy", bytes: NPY.encode($0.values, shape: $0.shape)) } + otherMembers
    try AtomicFile.write(Data(archive(members)), to: path)
  }

  /// The members of an archive held in memory that are not `.npy` arrays, by their full name
  /// (`numpy.load(f)[name]` returns them as bytes).
  public static func otherMembers(of bytes: [UInt8], path: String) throws -> [String: [UInt8]] {
    var out: [String: [UInt8]] = [:]
    for (name, member) in try members(of: bytes, path: path) where !name.hasSuffix(".npy") { out[name] = member }
    return out
  }
}
