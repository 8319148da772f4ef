import DSRData

/// libFuzzer entry: any bytes as an `.npz` archive (zip, stored or deflated members) must parse or
/// throw `DataFileError`, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPZ(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  _ = try? NPZ.parse(Array(UnsafeBufferPointer(start: data, count: size)), path: "input.npz")
  return 0
}
