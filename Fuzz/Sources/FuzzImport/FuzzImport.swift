import DSRExperiment
import Foundation

/// libFuzzer entry: any bytes as the JSON arrays `dsr import` converts must be refused with an
/// error or give a model file, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImport(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  guard let arrays = try? ModelImport.arrays(json: bytes, path: "input.json") else { return 0 }
  for model in ["clippedShallowPLRNN", "ALRNN", "dendPLRNN"] {
    _ = try? ModelImport.modelFile(arrays, model: model, pwlUnits: 1, observationDim: nil, hiddenDim: nil, precision: "float32", source: "input.json")
  }
  return 0
}
