import DSRData

/// libFuzzer entry: any text as a `.csv` file must parse or throw `DataFileError`, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  _ = try? CSV.parse(text, path: "input.csv", requireFinite: size % 2 == 1)
  return 0
}
