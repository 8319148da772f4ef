import DSRExperiment
import DSRModels
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

/// `ModelImport` against numpy-written archives (`Tests/generate_import_fixtures.py`).
@Suite("Model import")
struct ModelImportTests {
  let fixtures = repositoryRoot().appendingPathComponent("Tests/DSRCLITests/Fixtures")

  struct Expected: Decodable { var A: [Double]; var W: [[Double]]; var h: [Double]; var L: [[Double]]; var x1: [Double]; var alrnn_trajectory: [[Double]] }

  var expected: Expected {
    get throws { try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixtures.appendingPathComponent("import_expected.json"))) }
  }

  @Test("a stored .npz with L (float64) imports exactly and generates numpy's trajectory")
  func storedWithL() throws {
    let path = fixtures.appendingPathComponent("import_alrnn_stored.npz").path
    let file = try ModelImport.modelFile(ModelImport.readArrays(path), model: "ALRNN", pwlUnits: 2, observationDim: nil, hiddenDim: nil, precision: "float64", source: path)
    let e = try expected
    #expect(file.parameters["A"]?.data == e.A && file.parameters["W"]?.data == e.W.flatMap { $0 } && file.parameters["L"]?.data == e.L.flatMap { $0 })
    let (model, observation, _) = try file.instantiate(Double.self)
    let (_, observed) = try ReconstructedSystem(model: model, observation: observation).generate(from: Tensor(e.x1), steps: 5)
    expectClose(observed, Tensor(e.alrnn_trajectory), atol: 1e-12, rtol: 1e-12)
  }

  @Test("a deflated .npz with B in PyTorch layout (float32) gives L = B[:, N:]ᵀ")
  func deflatedWithB() throws {
    let path = fixtures.appendingPathComponent("import_alrnn_deflated.npz").path
    let file = try ModelImport.modelFile(ModelImport.readArrays(path), model: "ALRNN", pwlUnits: 2, observationDim: nil, hiddenDim: nil, precision: "float32", source: path)
    expectClose(Tensor(file.parameters["L"]!.data), Tensor(try expected.L.flatMap { $0 }), atol: 1e-6)
    #expect(file.observedDim == 2 && file.parameters["L"]?.shape == [2, 2])
  }

  @Test("JSON arrays (nested lists) import like the archive")
  func json() throws {
    let e = try expected
    let text = try String(data: JSONSerialization.data(withJSONObject: ["A": e.A, "W": e.W, "h": e.h, "L": e.L]), encoding: .utf8)!
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(getpid()).json")
    try Data(text.utf8).write(to: url)
    let file = try ModelImport.modelFile(ModelImport.readArrays(url.path), model: "ALRNN", pwlUnits: 2, observationDim: nil, hiddenDim: nil, precision: "float64", source: url.path)
    #expect(file.parameters["W"]?.shape == [4, 4])
    // (Foundation writes the test JSON with 15 significant digits.)
    expectClose(Tensor(file.parameters["W"]!.data), Tensor(e.W.flatMap { $0 }), rtol: 1e-14)
  }

  @Test("errors name the array, the missing option or the model", arguments: [
    ("import_bad_shape.npz", "ALRNN", 2, "array 'W' has shape [4, 3]"),
    ("import_alrnn_stored.npz", "ALRNN", nil, "--pwl-units"),
    ("import_alrnn_stored.npz", "shallowPLRNN", nil, "no array 'W1'"),
    ("import_alrnn_stored.npz", "ALRN", 2, "did you mean 'ALRNN'?"),
  ] as [(String, String, Int?, String)])
  func errors(_ name: String, _ model: String, _ p: Int?, _ message: String) throws {
    let path = fixtures.appendingPathComponent(name).path
    do {
      _ = try ModelImport.modelFile(ModelImport.readArrays(path), model: model, pwlUnits: p, observationDim: nil, hiddenDim: nil, precision: "float32", source: path)
      Issue.record("accepted")
    } catch {
      #expect("\(error)".contains(message), "\(error)")
    }
  }
}
