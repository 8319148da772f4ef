import DSRTensor
import Foundation

/// The element types dsr reads from and writes to `.npy` files.
public enum NPYDType: String, CaseIterable, Sendable {
  /// 32-bit IEEE float, little-endian (`<f4`).
  case float32LittleEndian = "<f4"
  /// 64-bit IEEE float, little-endian (`<f8`).
  case float64LittleEndian = "<f8"
  /// 32-bit IEEE float, big-endian (`>f4`).
  case float32BigEndian = ">f4"
  /// 64-bit IEEE float, big-endian (`>f8`).
  case float64BigEndian = ">f8"
  /// 32-bit signed integer, little-endian (`<i4`).
  case int32LittleEndian = "<i4"
  /// 64-bit signed integer, little-endian (`<i8`).
  case int64LittleEndian = "<i8"

  /// Bytes per element.
  public var size: Int {
    switch self {
    case .float32LittleEndian, .float32BigEndian, .int32LittleEndian: return 4
    case .float64LittleEndian, .float64BigEndian, .int64LittleEndian: return 8
    }
  }

  /// Whether the type is an integer type.
  public var isInteger: Bool { self == .int32LittleEndian || self == .int64LittleEndian }

  /// The descriptor as it appears in a header, accepting numpy's aliases (`'|f4'` is not valid
  /// for multi-byte types; `'=f8'` means native order, little endian here).
  init?(descriptor: String) {
    var d = descriptor
    if d.hasPrefix("=") { d = "<" + d.dropFirst() }
    self.init(rawValue: d)
  }
}

/// An array read from an `.npy` file, elements in C (row-major) order whatever the file's order.
public struct NPYArray: Equatable, Sendable {
  /// The shape from the header (rank 0…3).
  public var shape: [Int]
  /// The element type in the file.
  public var dtype: NPYDType
  /// The elements converted to `Double`, row-major (exact for every supported type except
  /// 64-bit integers beyond 2⁵³).
  public var values: [Double]
  /// The exact elements when `dtype` is an integer type, row-major; `nil` for floating types.
  public var integers: [Int64]?
  /// Whether the file stored the elements in Fortran (column-major) order (`fortran_order`).
  public var fortranOrder = false

  /// The array as a tensor of the requested precision. A rank-0 array gives a rank-0 tensor.
  public func tensor<Scalar: BLASScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
    Tensor(shape: shape, scalars: values.map { Scalar($0) })
  }
}

/// Reading and writing numpy's `.npy` format, versions 1.0, 2.0 and 3.0.
///
/// Format: the magic `\x93NUMPY`, two version bytes, a little-endian header length (2 bytes in
/// version 1, 4 bytes in versions 2 and 3), a Python-literal header dictionary with `descr`,
/// `fortran_order` and `shape` (ASCII in 1.0/2.0, UTF-8 in 3.0), then the raw elements.
///
/// Supported: dtypes `<f4 <f8 >f4 >f8 <i4 <i8`, C and Fortran order, rank 0–3. Every other file is
/// rejected with a ``DataFileError`` naming the file and the problem, never a crash or a partial
/// result.
public enum NPY {
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

  // MARK: - reading

  /// Reads an `.npy` file.
  ///
  /// - Parameters:
  ///   - path: the file.
  ///   - requireFinite: reject NaN and ±∞ (the position of the first one is named).
  ///   - allowingMissing: with `requireFinite`, accept NaN as a missing value (±∞ is still
  ///     rejected).
  /// - Throws: ``DataFileError`` for a missing, unreadable, malformed or unsupported file.
  public static func read(_ path: String, requireFinite: Bool = false, allowingMissing: Bool = false) throws -> NPYArray {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw DataFileError(path: path, problem: "is a directory, not a data file", remedy: "give the .npy file inside it")
    }
    try DataFileError.requireRegularFile(path)
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
    } catch {
      let exists = FileManager.default.fileExists(atPath: path)
      throw DataFileError(
        path: path, problem: exists ? "cannot be read (\(error.localizedDescription))" : "no such file",
        remedy: exists ? "check its permissions" : "check the path; it is relative to the working directory")
    }
    return try parse([UInt8](data), path: path, requireFinite: requireFinite, allowingMissing: allowingMissing)
  }

  /// Parses the bytes of an `.npy` file; `path` is used in error messages only. `requireFinite`
  /// and `allowingMissing` as in ``read(_:requireFinite:allowingMissing:)``.
  public static func parse(_ bytes: [UInt8], path: String, requireFinite: Bool = false, allowingMissing: Bool = false) throws -> NPYArray {
    func fail(_ problem: String, _ remedy: String? = nil) -> DataFileError {
      DataFileError(path: path, problem: problem, remedy: remedy)
    }
    guard bytes.count >= 10 else {
      throw fail("truncated: \(bytes.count) bytes is too short for an NPY header")
    }
    guard Array(bytes[0..<6]) == magic else {
      throw fail(
        "not an NPY file (bad magic bytes; expected \\x93NUMPY)",
        "save the array with numpy.save, or use a .csv file")
    }
    let major = bytes[6]
    let minor = bytes[7]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else { throw fail("truncated: the version \(major).\(minor) header length is cut off") }
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
      headerStart = 12
    default:
      throw fail("unsupported NPY format version \(major).\(minor)", "supported versions are 1.0, 2.0 and 3.0")
    }
    guard headerStart + headerLength <= bytes.count else {
      throw fail("truncated: the header says it is \(headerLength) bytes, but the file ends first")
    }
    guard let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: major == 3 ? .utf8 : .ascii)
    else { throw fail("the header is not valid \(major == 3 ? "UTF-8" : "ASCII") text") }

    let (descriptor, fortranOrder, shape) = try parseHeader(header, fail: fail)
    if descriptor.contains("O") {
      throw fail("holds Python objects (dtype '\(descriptor)'), not numbers", "convert it with numpy: a.astype(np.float64)")
    }
    guard let dtype = NPYDType(descriptor: descriptor) else {
      throw fail(
        "unsupported dtype '\(descriptor)'",
        "supported dtypes are \(NPYDType.allCases.map(\.rawValue).joined(separator: " ")); convert with a.astype(np.float64)")
    }
    guard shape.count <= 3 else {
      throw fail("has \(shape.count) dimensions (shape \(shape)); dsr reads arrays of up to 3 dimensions")
    }
    // A lying header can promise more elements than Int holds; the file's size bounds what is real.
    let dataStart = headerStart + headerLength
    let available = bytes.count - dataStart
    guard let count = shape.checkedProduct(), case let (needed, false) = count.multipliedReportingOverflow(by: dtype.size)
    else {
      throw fail(
        "the header's shape \(shapeText(shape)) of \(descriptor) is larger than any file (the element count overflows), the file holds \(available) bytes of data",
        "the header is damaged; save the array again with numpy.save")
    }
    if available < needed {
      throw fail(
        "truncated data: the header promises shape \(shapeText(shape)) of \(descriptor) (\(needed) bytes), the file holds \(available)",
        "the file was cut off; copy or save it again")
    }
    if available > needed {
      throw fail(
        "the header does not match the data: shape \(shapeText(shape)) of \(descriptor) needs \(needed) bytes, the file holds \(available)",
        "the header lies about the size; save the array again with numpy.save")
    }

    var values = [Double](repeating: 0, count: count)
    var integers: [Int64]? = dtype.isInteger ? [Int64](repeating: 0, count: count) : nil
    bytes.withUnsafeBytes { raw in
      let base = raw.baseAddress!.advanced(by: dataStart)
      for i in 0..<count {
        let p = base.advanced(by: i * dtype.size)
        switch dtype {
        case .float32LittleEndian:
          values[i] = Double(Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))))
        case .float32BigEndian:
          values[i] = Double(Float(bitPattern: UInt32(bigEndian: p.loadUnaligned(as: UInt32.self))))
        case .float64LittleEndian:
          values[i] = Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
        case .float64BigEndian:
          values[i] = Double(bitPattern: UInt64(bigEndian: p.loadUnaligned(as: UInt64.self)))
        case .int32LittleEndian:
          let v = Int64(Int32(littleEndian: p.loadUnaligned(as: Int32.self)))
          integers![i] = v
          values[i] = Double(v)
        case .int64LittleEndian:
          let v = Int64(littleEndian: p.loadUnaligned(as: Int64.self))
          integers![i] = v
          values[i] = Double(v)
        }
      }
    }
    if fortranOrder && shape.count >= 2 {
      values = reorder(values, shape: shape, toC: true)
      integers = integers.map { reorder($0, shape: shape, toC: true) }
    }
    if requireFinite && allowingMissing, let bad = values.firstIndex(where: \.isInfinite) {
      throw fail(
        "holds an infinite value (\(values[bad])) at \(positionText(bad, shape: shape))",
        "dsr reads NaN as a missing value but cannot use ±∞; store NaN where the value is missing, or a finite value")
    }
    if requireFinite && !allowingMissing, let bad = values.firstIndex(where: { !$0.isFinite }) {
      throw fail(
        "holds a non-finite value (\(values[bad])) at \(positionText(bad, shape: shape))",
        "dsr needs finite data; remove or interpolate missing values first")
    }
    return NPYArray(shape: shape, dtype: dtype, values: values, integers: integers, fortranOrder: fortranOrder)
  }

  /// Extracts `descr`, `fortran_order` and `shape` from the header dictionary literal.
  static func parseHeader(
    _ header: String, fail: (String, String?) -> DataFileError
  ) throws -> (String, Bool, [Int]) {
    func value(of key: String) -> Substring? {
      for quote in ["'", "\""] {
        if let r = header.range(of: quote + key + quote) {
          var rest = header[r.upperBound...].drop { $0 == " " }
          guard rest.first == ":" else { return nil }
          rest = rest.dropFirst().drop { $0 == " " }
          return rest
        }
      }
      return nil
    }
    guard let d = value(of: "descr") else { throw fail("the header has no 'descr' entry", nil) }
    let descriptor: String
    if let q = d.first, q == "'" || q == "\"" {
      guard let end = d.dropFirst().firstIndex(of: q) else { throw fail("the header's 'descr' is not a closed string", nil) }
      descriptor = String(d[d.index(after: d.startIndex)..<end])
    } else {
      // A list of fields: a structured dtype.
      let text = d.prefix(40)
      throw fail("unsupported dtype: a structured array (\(text)…)", "save a plain numeric array")
    }
    guard let f = value(of: "fortran_order") else { throw fail("the header has no 'fortran_order' entry", nil) }
    let fortran: Bool
    if f.hasPrefix("True") { fortran = true } else if f.hasPrefix("False") { fortran = false } else {
      throw fail("the header's 'fortran_order' is neither True nor False", nil)
    }
    guard let s = value(of: "shape"), s.first == "(", let close = s.firstIndex(of: ")") else {
      throw fail("the header has no readable 'shape' tuple", nil)
    }
    let inner = s[s.index(after: s.startIndex)..<close]
    var shape: [Int] = []
    for part in inner.split(separator: ",") {
      let trimmed = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "L", with: "")
      if trimmed.isEmpty { continue }
      guard let n = Int(trimmed), n >= 0 else { throw fail("the header's shape (\(inner)) is not a tuple of sizes", nil) }
      shape.append(n)
    }
    return (descriptor, fortran, shape)
  }

  /// Converts between column-major (Fortran) and row-major (C) element order.
  ///
  /// - Parameter toC: `true` reorders Fortran-ordered `values` into C order, `false` the reverse.
  static func reorder<T>(_ values: [T], shape: [Int], toC: Bool) -> [T] {
    guard shape.count >= 2, var out = values.first.map({ Array(repeating: $0, count: values.count) }) else {
      return values
    }
    // Element (i, j, k) sits at `c` in row-major order and at `f` in column-major order.
    let (a, b, c) = shape.count == 2 ? (shape[0], shape[1], 1) : (shape[0], shape[1], shape[2])
    for i in 0..<a {
      for j in 0..<b {
        for k in 0..<c {
          let cIndex = (i * b + j) * c + k
          let fIndex = (k * b + j) * a + i
          if toC { out[cIndex] = values[fIndex] } else { out[fIndex] = values[cIndex] }
        }
      }
    }
    return out
  }

  static func shapeText(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }

  static func positionText(_ flat: Int, shape: [Int]) -> String {
    switch shape.count {
    case 2: return "row \(flat / shape[1]), column \(flat % shape[1]) (0-based)"
    case 3: return "index (\(flat / (shape[1] * shape[2])), \(flat / shape[2] % shape[1]), \(flat % shape[2])) (0-based)"
    default: return "index \(flat) (0-based)"
    }
  }

  // MARK: - writing

  /// Encodes an array as `.npy` bytes.
  ///
  /// - Parameters:
  ///   - values: the elements in row-major order (integers are rounded towards zero for integer
  ///     dtypes).
  ///   - shape: rank 0…3.
  ///   - dtype: the element type to store.
  ///   - fortranOrder: store column-major (the header says so; readers reorder).
  ///   - version: 1, 2 or 3; 1 is upgraded to 2 if the header would not fit 65535 bytes.
  public static func encode(
    _ values: [Double], shape: [Int], dtype: NPYDType = .float64LittleEndian,
    fortranOrder: Bool = false, version: Int = 1
  ) -> [UInt8] {
    precondition(shape.reduce(1, *) == values.count, "NPY.encode: shape \(shape) vs \(values.count) values")
    precondition((1...3).contains(version), "NPY.encode: version \(version)")
    let dict = "{'descr': '\(dtype.rawValue)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText(shape)), }"
    var major = version
    var preamble = 10
    var unpadded = preamble + dict.utf8.count + 1
    if major == 1 && unpadded > 65535 { major = 2 }
    if major > 1 { preamble = 12; unpadded = preamble + dict.utf8.count + 1 }
    let total = (unpadded + 63) / 64 * 64
    let header = dict + String(repeating: " ", count: total - unpadded) + "\n"
    let headerLength = header.utf8.count
    var out = magic + [UInt8(major), 0]
    if major == 1 {
      out += [UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)]
    } else {
      out += (0..<4).map { UInt8((headerLength >> (8 * $0)) & 0xFF) }
    }
    out += Array(header.utf8)
    var ordered = values
    if fortranOrder && shape.count >= 2 { ordered = reorder(values, shape: shape, toC: false) }
    out.reserveCapacity(out.count + ordered.count * dtype.size)
    func append<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v) { out += $0 } }
    for v in ordered {
      switch dtype {
      case .float32LittleEndian: append(Float(v).bitPattern.littleEndian)
      case .float32BigEndian: append(Float(v).bitPattern.bigEndian)
      case .float64LittleEndian: append(v.bitPattern.littleEndian)
      case .float64BigEndian: append(v.bitPattern.bigEndian)
      case .int32LittleEndian: append(Int32(v).littleEndian)
      case .int64LittleEndian: append(Int64(v).littleEndian)
      }
    }
    return out
  }

  /// Writes a tensor to an `.npy` file atomically (temporary file, then rename).
  public static func write<Scalar: BLASScalar>(
    _ tensor: Tensor<Scalar>, to path: String, dtype: NPYDType? = nil, fortranOrder: Bool = false,
    version: Int = 1
  ) throws {
    let type = dtype ?? (Scalar.self == Float.self ? .float32LittleEndian : .float64LittleEndian)
    let bytes = encode(
      tensor.scalars.map { Double($0) }, shape: tensor.shape, dtype: type, fortranOrder: fortranOrder,
      version: version)
    try AtomicFile.write(Data(bytes), to: path)
  }
}

extension Array where Element == Int {
  /// The product of the elements, or nil when it overflows `Int`.
  func checkedProduct() -> Int? {
    var product = 1
    for value in self {
      let (next, overflow) = product.multipliedReportingOverflow(by: value)
      if overflow { return nil }
      product = next
    }
    return product
  }
}
