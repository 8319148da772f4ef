@testable import DSRExperiment
import DSRModels
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

@Suite("Configuration")
struct ConfigurationTests {
  @Test("Configs/defaults.json lists exactly the built-in defaults")
  func defaultsFile() throws {
    let file = repositoryRoot().appendingPathComponent("Configs/defaults.json").path
    let fromFile = try Configuration.load(file: file)
    #expect(fromFile == Configuration())
    let keys = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as! [String: Any]
    #expect(Set(keys.keys) == Set(Configuration.keys.map(\.name)))
  }

  @Test("every shipped configuration loads")
  func shippedConfigs() throws {
    let dir = repositoryRoot().appendingPathComponent("Configs")
    for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".json") {
      _ = try Configuration.load(file: dir.appendingPathComponent(name).path)
    }
  }

  @Test("--set reads values as the key's type; integers are accepted for numbers; lists for paths")
  func overrides() throws {
    let c = try Configuration.load(file: nil, overrides: ["gtf_alpha=0", "use_gtf=false", "epochs=7", #"path_to_data=["a.npy","b.npy"]"#])
    #expect(c.double("gtf_alpha") == 0 && c.bool("use_gtf") == false && c.int("epochs") == 7)
    #expect(c.paths("path_to_data") == ["a.npy", "b.npy"])
  }

  @Test("errors name the source, the key and a fix")
  func errors() {
    func message(_ overrides: [String]) -> String {
      do { _ = try Configuration.load(file: nil, overrides: overrides); return "" } catch { return "\(error)" }
    }
    #expect(message(["lattent_dim=3"]).contains("did you mean 'latent_dim'?"))
    #expect(message(["use_gtf=yes"]).contains("must be true or false"))
    #expect(message(["optimizer=SGD"]).contains("'SGD' is not one of RADAM, Adam"))
    #expect(message(["device=gpu"]).contains("set device to cpu"))
    #expect(message(["run=1000"]).contains("run"))
    #expect(message(["start_lr=0"]).contains("must be positive"))
    #expect(message(["noequals"]).contains("key=value"))
    // Path traversal: experiment and name are single folder names.
    for bad in ["..", ".", "a/b", ""] {
      #expect(message(["experiment=\(bad)"]).contains("must be a non-empty folder name without '/', other than '.' and '..'"))
      #expect(message(["name=\(bad)"]).contains("must be a non-empty folder name"))
    }
    #expect(message(["name=..hidden"]) == "")
  }

  @Test("a key given twice and a trailing comma are refused with the line; strings with braces and escapes are not confused")
  func strictJSON() {
    func message(_ text: String) -> String {
      do { _ = try Configuration.load(data: Data(text.utf8), source: "c.json"); return "" } catch { return "\(error)" }
    }
    #expect(message("{\"epochs\": 5,\n \"epochs\": 7}").contains("c.json, line 2: key 'epochs': appears twice in one object"))
    #expect(message("{\"epochs\": 5,\n}").contains("c.json, line 2: has a comma before '}'"))
    #expect(message(#"{"path_to_data": ["a.npy",]}"#).contains("has a comma before ']'"))
    #expect(message(#"{"grid": {"hidden_dim": [4], "hidden_dim": [5]}}"#).contains("key 'hidden_dim': appears twice"))
    #expect(message(#"{"name": "a,}\"b", "experiment": "x"}"#) == "")
    // The same key in two different objects is fine.
    #expect(StrictJSON.firstProblem(in: Data(#"{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}"#.utf8)) == nil)
  }

  @Test("Identity with M > N and full forcing is warned about, partial forcing and M = N are not")
  func forcingWarning() throws {
    func warning(_ overrides: [String]) throws -> String? {
      let spec = try Configuration.load(file: nil, overrides: overrides).decoded
      return ModelFactory.forcingWarning(spec.model, settings: spec.training.settings, observed: 3)
    }
    #expect(try warning(["latent_dim=5"])?.contains("forces the 2 unobserved latent units towards 0") == true)
    #expect(try warning(["latent_dim=5", "partial_forcing=true"]) == nil)
    #expect(try warning(["latent_dim=3"]) == nil)
    #expect(try warning(["latent_dim=5", "observation_model=Affine"]) == nil)
  }

  @Test("edit distance and suggestions")
  func suggestions() {
    #expect(editDistance("kitten", "sitting") == 3)
    #expect(nearest("hiden_dim", in: Configuration.keys.map(\.name)) == "hidden_dim")
    #expect(nearest("zzzzzz", in: ["epochs"]) == nil)
  }
}

@Suite("model.json")
struct ModelFileTests {
  @Test("round trip of every model kind, with Affine, Identity + L and inputs", arguments: ModelKind.allCases.map(\.rawValue))
  func roundTrip(_ name: String) throws {
    var rng = RandomGenerator(seed: 4)
    let model: any LatentModel<Float>
    switch name {
    case "PLRNN", "mcPLRNN": model = PLRNN(latentDimension: 4, meanCentered: name == "mcPLRNN", using: &rng)
    case "dendPLRNN", "clippedDendPLRNN": model = DendriticPLRNN(latentDimension: 4, bases: 3, clipped: name.hasPrefix("clipped"), using: &rng)
    case "ALRNN": model = ALRNN(latentDimension: 4, piecewiseLinearUnits: 2, using: &rng)
    default: model = ShallowPLRNN(latentDimension: 4, hiddenDimension: 5, clipped: name.hasPrefix("clipped"), using: &rng)
    }
    for kind in ObservationModel<Float>.Kind.allCases {
      let observation = ObservationModel<Float>(kind: kind, observedDimension: 2, latentDimension: 4, using: &rng)
      let c = Tensor<Float>.normal(shape: [4, 1], using: &rng)
      let file = ModelFile(model: model, observation: observation, inputWeights: c, training: nil)
      let back = try JSONDecoder().decode(ModelFile.self, from: try file.jsonData())
      #expect(back == file)
      let (m, o, c2) = try back.instantiate(Float.self)
      #expect(m.referenceName == name)
      #expect(m.parameters == model.parameters, "Float → JSON → Float is exact")
      #expect(o == observation && c2 == c)
    }
  }
}
