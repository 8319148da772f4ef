import DSRExperiment
import Foundation

/// libFuzzer entry: any bytes as a configuration file (also as a grid file) must load or throw,
/// never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  _ = try? Configuration.load(data: bytes, source: "input.json", allowGridKeys: size % 2 == 0)
  return 0
}
