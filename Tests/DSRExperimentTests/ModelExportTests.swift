import DSRData
import DSRExperiment
import DSRModels
import DSRTensor
import Foundation
import Testing

/// Small models of every family as model files, with the optional parts a model.json can hold.
enum ExportFixtures {
  /// A model of `kind` (M = 4, N = 2; L = 5, B = 3, P = 2), its observation model, optionally K
  /// inputs, a standardisation, a preprocessing and an embedding, drawn from `seed`.
  static func file(_ kind: ModelKind, observation: ObservationModel<Double>.Kind = .identity, m: Int = 4, n: Int = 2, inputs k: Int = 0,
                   recorded: Bool = false, seed: UInt64 = 1) throws -> ModelFile {
    var rng = RandomGenerator(seed: seed)
    let model: any LatentModel<Double>
    switch kind {
    case .plrnn, .meanCenteredPLRNN: model = PLRNN(latentDimension: m, meanCentered: kind == .meanCenteredPLRNN, using: &rng)
    case .dendriticPLRNN, .clippedDendriticPLRNN: model = DendriticPLRNN(latentDimension: m, bases: 3, clipped: kind == .clippedDendriticPLRNN, using: &rng)
    case .shallowPLRNN, .clippedShallowPLRNN: model = ShallowPLRNN(latentDimension: m, hiddenDimension: 5, clipped: kind == .clippedShallowPLRNN, using: &rng)
    case .alrnn: model = ALRNN(latentDimension: m, piecewiseLinearUnits: 2, using: &rng)
    }
    let obs = ObservationModel<Double>(kind: observation, observedDimension: n, latentDimension: m, using: &rng)
    let c: Tensor<Double>? = k > 0 ? Tensor.normal(shape: [m, k], using: &rng) : nil
    let training = ModelFile.Training(epochs: 10, seed: 3, run: 1, loss: 0.125, alpha: 0.1)
    guard recorded else { return ModelFile(model: model, observation: obs, inputWeights: c, training: training) }
    return ModelFile(model: model, observation: obs, inputWeights: c, training: training,
                     standardization: Standardization(mean: (0..<n).map { 0.1 * Double($0) + 1 / 3 }, std: (0..<n).map { 0.7 + Double($0) }),
                     preprocessing: try Preprocessing(dt: 0.01, detrend: true, highpass: nil, downsample: 2),
                     embedding: try DelayEmbedding.lags((0..<n).map { 3 * $0 }, channels: 1))
  }

  /// A fresh scratch directory.
  static func scratch(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-\(name)-\(getpid())-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

@Suite("Model export")
struct ModelExportTests {
  static let cases: [(ModelKind, ObservationModel<Double>.Kind, Int, Bool)] =
    ModelKind.allCases.flatMap { kind in [(kind, .identity, 0, false), (kind, .affine, 0, false), (kind, .identity, 2, true)] }

  @Test("import ∘ export is the identity (npz and safetensors)", arguments: cases)
  func roundTrip(_ kind: ModelKind, _ observation: ObservationModel<Double>.Kind, _ inputs: Int, _ recorded: Bool) throws {
    let file = try ExportFixtures.file(kind, observation: observation, inputs: inputs, recorded: recorded)
    let dir = try ExportFixtures.scratch("export")
    defer { try? FileManager.default.removeItem(at: dir) }
    let source = dir.appendingPathComponent("model.json").path
    try file.jsonData().write(to: URL(fileURLWithPath: source))
    for format in ModelExport.Format.allCases {
      let exported = dir.appendingPathComponent("model.\(format.rawValue)").path
      _ = try ModelExport.export(model: source, as: format, to: exported)
      let back = dir.appendingPathComponent("back-\(format.rawValue).json").path
      _ = try ModelImport.importModel(exported, model: nil, pwlUnits: nil, observationDim: nil, hiddenDim: nil, precision: nil, out: back)
      #expect(try ModelFile.read(back) == file, "\(kind) \(observation) \(format)")
      #expect(try Data(contentsOf: URL(fileURLWithPath: back)) == (try file.jsonData()), "byte for byte")
    }
  }

  @Test("the arrays carry the reference names; an ALRNN's Identity map is B = [I | Lᵀ] (PyTorch layout)")
  func referenceNames() throws {
    let shallow = ModelExport.referenceArrays(of: try ExportFixtures.file(.clippedShallowPLRNN))
    #expect(shallow.map(\.name) == ["A", "W1", "W2", "h1", "h2", "L"])
    let dendritic = ModelExport.referenceArrays(of: try ExportFixtures.file(.dendriticPLRNN, observation: .affine, inputs: 1))
    #expect(dendritic.map(\.name) == ["A", "W", "h", "alpha", "H", "B", "C"])
    let file = try ExportFixtures.file(.alrnn)
    let arrays = ModelExport.referenceArrays(of: file)
    #expect(arrays.map(\.name) == ["A", "W", "h", "B"])
    let b = arrays[3], l = file.parameters["L"]!.data
    #expect(b.shape == [2, 4] && Array(b.values[0..<2]) == [1, 0] && Array(b.values[4..<6]) == [0, 1])
    #expect([b.values[2], b.values[6], b.values[3], b.values[7]] == l, "B[:, N:] = Lᵀ")
    // Without the record (a PyTorch state dict saved with numpy), dsr import reads B as before.
    let plain = Dictionary(uniqueKeysWithValues: arrays.map { ($0.name, (shape: $0.shape, values: $0.values)) })
    let imported = try ModelImport.modelFile(plain, model: "ALRNN", pwlUnits: 2, observationDim: nil, hiddenDim: nil, precision: "float32", source: "state_dict")
    #expect(imported.parameters == file.parameters)
  }

  @Test("the safetensors header is plain JSON: 8-byte length, float64 tensors, the record as metadata")
  func safetensorsHeader() throws {
    let file = try ExportFixtures.file(.alrnn)
    let bytes = try ModelExport.encode(file, as: .safetensors)
    let n = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    #expect(n % 8 == 0)
    let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as? [String: Any])
    let a = try #require(header["A"] as? [String: Any])
    #expect(a["dtype"] as? String == "F64" && a["shape"] as? [Int] == [4])
    let record = try #require((header["__metadata__"] as? [String: String])?["dsr_model"])
    #expect(try ModelFile.parse(Data(record.utf8), path: "record").pwlUnits == 2)
    #expect(bytes.count == 8 + n + 8 * ModelExport.referenceArrays(of: file).reduce(0) { $0 + $1.values.count })
  }

  @Test("options that contradict the record, a missing array and an --out that is the source are refused")
  func errors() throws {
    let dir = try ExportFixtures.scratch("export-errors")
    defer { try? FileManager.default.removeItem(at: dir) }
    let source = dir.appendingPathComponent("model.json").path
    try ExportFixtures.file(.shallowPLRNN).jsonData().write(to: URL(fileURLWithPath: source))
    let npz = dir.appendingPathComponent("m.npz").path
    _ = try ModelExport.export(model: source, as: .npz, to: npz)
    #expect(throws: UsageError.self) {
      try ModelImport.importModel(npz, model: "ALRNN", pwlUnits: nil, observationDim: nil, hiddenDim: nil, precision: nil, out: dir.appendingPathComponent("x.json").path)
    }
    do {
      _ = try ModelExport.export(model: source, as: .npz, to: source)
      Issue.record("overwrote its own model")
    } catch let error as DataFileError { #expect(error.problem.contains("is an input")) }
    var arrays = try ModelImport.readSource(npz)
    arrays.arrays["W2"] = nil
    do {
      _ = try ModelExport.modelFile(arrays: arrays.arrays, record: arrays.record!, source: npz)
      Issue.record("accepted an incomplete export")
    } catch let error as DataFileError { #expect(error.problem.contains("no array 'W2'")) }
  }
}
