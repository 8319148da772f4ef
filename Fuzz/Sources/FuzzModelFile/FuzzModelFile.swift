import DSRExperiment
import Foundation

/// libFuzzer entry: any bytes as a model.json must be refused with an error or give a model that
/// instantiates and runs one step, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  guard let file = try? ModelFile.parse(bytes, path: "model.json"),
    let (model, _, _) = try? file.instantiate(Double.self, path: "model.json"),
    model.dimension <= 4096
  else { return 0 }
  _ = model.step(.init(zeros: [model.dimension]))
  return 0
}
