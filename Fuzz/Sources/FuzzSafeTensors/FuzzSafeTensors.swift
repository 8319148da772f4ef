import DSRData

/// libFuzzer entry: any bytes as a safetensors file (length, JSON header, tensor bytes) must parse
/// or throw `DataFileError`, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  _ = try? SafeTensors.parse(Array(UnsafeBufferPointer(start: data, count: size)), path: "input.safetensors")
  return 0
}
