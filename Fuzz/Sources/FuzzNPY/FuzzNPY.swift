import DSRData

/// libFuzzer entry: any bytes as an `.npy` file must parse or throw `DataFileError`, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? NPY.parse(bytes, path: "input.npy", requireFinite: bytes.first.map { $0 & 1 == 1 } ?? false)
  return 0
}
