@testable import DSRExperiment
import DSRData
import DSRModels
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

@Suite("ModelFile: the standardization and data in the model's units")
struct ModelFileStandardizationTests {
  func scratch() throws -> URL { try scratchDirectory("modelfile") }

  func file(_ standardization: Standardization?) -> ModelFile {
    var rng = RandomGenerator(seed: 2)
    let model = ShallowPLRNN<Float>(latentDimension: 3, hiddenDimension: 4, clipped: true, using: &rng)
    let observation = ObservationModel<Float>(kind: .identity, observedDimension: 2, latentDimension: 3, using: &rng)
    return ModelFile(model: model, observation: observation, inputWeights: nil, training: nil, standardization: standardization)
  }

  @Test("written as {\"mean\", \"std\"} and read back; absent means the identity (old files still load)")
  func codable() throws {
    let dir = try scratch()
    let s = Standardization(mean: [20, -1.5], std: [8, 0.25])
    let path = dir.appendingPathComponent("model.json").path
    try file(s).jsonData().write(to: URL(fileURLWithPath: path))
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    #expect((object["standardization"] as? [String: [Double]]) == ["mean": [20, -1.5], "std": [8, 0.25]])
    let read = try ModelFile.read(path)
    #expect(read.standardization == s && read.dataTransform == s)
    let old = dir.appendingPathComponent("old.json").path
    try file(nil).jsonData().write(to: URL(fileURLWithPath: old))
    #expect(!String(decoding: try Data(contentsOf: URL(fileURLWithPath: old)), as: UTF8.self).contains("standardization"))
    #expect(try ModelFile.read(old).dataTransform == .identity(dimension: 2))
    // A standardization that does not fit the model is refused with the file named.
    var bad = try JSONSerialization.jsonObject(with: file(s).jsonData()) as! [String: Any]
    bad["standardization"] = ["mean": [1.0], "std": [1.0]]
    let badPath = dir.appendingPathComponent("bad.json").path
    try JSONSerialization.data(withJSONObject: bad).write(to: URL(fileURLWithPath: badPath))
    #expect(throws: DataFileError.self) { try ModelFile.read(badPath) }
  }

  @Test("loadData maps trajectories into the model's units and checks N")
  func loadData() throws {
    let dir = try scratch()
    let s = Standardization(mean: [20, -1.5], std: [8, 0.25])
    let x = Tensor<Double>([[28, -1.25], [12, -1.75], [20, -1.5]])
    let path = dir.appendingPathComponent("x.npy").path
    try NPY.write(x, to: path)
    let data: Dataset<Double> = try file(s).loadData(paths: [path])
    #expect(data.trajectories[0] == Tensor([[1, 1], [-1, -1], [0, 0]]))
    let wide = dir.appendingPathComponent("wide.npy").path
    try NPY.write(Tensor<Double>([[1, 2, 3]]), to: wide)
    do { _ = try file(s).loadData(paths: [wide], as: Double.self) } catch let e as DataFileError {
      #expect(e.description.hasPrefix("\(wide): has N = 3 columns but the model observes N = 2"))
    }
  }

  @Test("a run's config.json from before the standardize key resumes unscaled")
  func oldConfigurations() throws {
    let dir = try scratch()
    var object = try JSONSerialization.jsonObject(with: Configuration().jsonData()) as! [String: Any]
    object["standardize"] = nil
    let path = dir.appendingPathComponent("config.json").path
    try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    #expect(try Configuration.resolved(from: path).bool("standardize") == false)
    #expect(try Configuration.load(file: path).bool("standardize") == true, "a configuration file without the key gets the default")
    try Configuration().jsonData().write(to: URL(fileURLWithPath: path))
    #expect(try Configuration.resolved(from: path).bool("standardize") == true)
  }
}

@Suite("ModelFile: parameter shapes are checked against the declared sizes")
struct ModelFileShapeTests {
  func file() -> ModelFile {
    var rng = RandomGenerator(seed: 3)
    let model = ShallowPLRNN<Float>(latentDimension: 3, hiddenDimension: 4, clipped: true, using: &rng)
    let observation = ObservationModel<Float>(kind: .identity, observedDimension: 2, latentDimension: 3, using: &rng)
    return ModelFile(model: model, observation: observation, inputWeights: nil, training: nil)
  }

  func message(_ edit: (inout ModelFile) -> Void) -> String {
    var f = file()
    edit(&f)
    do {
      _ = try f.instantiate(Double.self, path: "m.json")
      return "no error"
    } catch let error as DataFileError {
      return error.description
    } catch {
      return "wrong error: \(error)"
    }
  }

  @Test("a written model instantiates; transposed, negative and resized arrays with the right count are refused")
  func shapes() {
    #expect(message { _ in } == "no error")
    #expect(message { $0.parameters["W1"]!.shape = [4, 3] }.contains("parameter 'W1' has shape [4, 3] but a clippedShallowPLRNN with these sizes needs [3, 4]"))
    #expect(message { $0.parameters["W2"]!.shape = [-4, -3] }.contains("parameter 'W2' has shape [-4, -3]"))
    #expect(message { $0.parameters["L"]!.shape = [2, 1] }.contains("parameter 'L' has shape [2, 1] but"))
    #expect(message { $0.latentDim = -3 }.contains("must be at least 1, 1 and 0"))
    #expect(message { $0.hiddenDim = nil }.contains("declares no hidden_dim"))
    #expect(message { $0.observedDim = 5 }.contains("observed_dim 5 > latent_dim 3"))
  }
}
