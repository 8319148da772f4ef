import DSRExperiment
import Foundation

/// libFuzzer entry: any bytes as a model.json must be refused with an error or give a model that
/// instantiates and runs one step, never trap. The reader is the strict one: what it accepts holds
/// no duplicate key and no trailing comma, and a float32 file only float32 numbers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  guard let file = try? ModelFile.parse(bytes, path: "model.json") else { return 0 }
  precondition(StrictJSON.firstProblem(in: bytes) == nil, "the model.json reader accepted a duplicate key or a trailing comma")
  precondition(file.precision != "float32" || file.parameters.values.allSatisfy { $0.data.allSatisfy { Float($0).isFinite } },
               "a float32 model.json with a parameter beyond float32's range was accepted")
  guard let (model, _, _) = try? file.instantiate(Double.self, path: "model.json"),
    model.dimension <= 4096
  else { return 0 }
  _ = model.step(.init(zeros: [model.dimension]))
  return 0
}
