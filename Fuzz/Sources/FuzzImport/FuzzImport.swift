import DSRExperiment
import Foundation

/// libFuzzer entry: any bytes as the JSON arrays `dsr import` converts must be refused with an
/// error or give a model file, never trap. The reader is the strict one: what it accepts holds no
/// duplicate key and no trailing comma.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImport(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  guard let arrays = try? ModelImport.arrays(json: bytes, path: "input.json") else { return 0 }
  precondition(StrictJSON.firstProblem(in: bytes) == nil, "the import reader accepted a duplicate key or a trailing comma")
  for model in ["clippedShallowPLRNN", "ALRNN", "dendPLRNN"] {
    _ = try? ModelImport.modelFile(arrays, model: model, pwlUnits: 1, observationDim: nil, hiddenDim: nil, precision: "float32", source: "input.json")
  }
  return 0
}
