import DSRData
import DSRExperiment
import DSRModels
import DSRTensor
import Foundation
import Testing

@Suite("Generation (dsr generate)")
struct GenerationTests {
  /// Writes `file` as model.json in a fresh directory; returns the directory.
  func scene(_ file: ModelFile) throws -> URL {
    let dir = try ExportFixtures.scratch("generate")
    try file.jsonData().write(to: dir.appendingPathComponent("model.json"))
    return dir
  }

  @Test("from a data row: row 0 is that row in data units, the rest the model's free run mapped back")
  func fromData() throws {
    var file = try ExportFixtures.file(.clippedShallowPLRNN, m: 4, n: 2)
    file.standardization = Standardization(mean: [1, -2], std: [3, 0.5])
    let dir = try scene(file)
    defer { try? FileManager.default.removeItem(at: dir) }
    let data = dir.appendingPathComponent("x.npy").path
    let x = Tensor<Double>(shape: [10, 2], scalars: (0..<20).map { Double($0) / 7 - 1 })
    try NPY.write(x, to: data)
    let out = dir.appendingPathComponent("run.npy").path
    let line = try Generation.run(Generation.Request(model: dir.path, steps: 30, out: out, data: data, start: 4))
    #expect(line.contains("30 × 2 free run") && line.contains("row 4 of"))
    let written = try NPY.read(out).tensor(Double.self)
    #expect(written.shape == [30, 2])
    #expect(abs(written[0, 0] - x[4, 0]) < 1e-14 && abs(written[0, 1] - x[4, 1]) < 1e-14)
    let (model, observation, _) = try file.instantiate(Double.self)
    let z = file.standardization!.apply(x.rows(4..<5))
    let expected = file.standardization!.invert(try ReconstructedSystem(model: model, observation: observation).generate(from: z.row(0), steps: 30).observed)
    #expect(written == expected)
  }

  @Test("with preprocessing and an embedding, --start counts the raw recording's rows")
  func recordingRows() throws {
    let file = try ExportFixtures.file(.alrnn, recorded: true)  // downsample 2, lags 0 and 3
    let dir = try scene(file)
    defer { try? FileManager.default.removeItem(at: dir) }
    let data = dir.appendingPathComponent("rec.npy").path
    try NPY.write(Tensor<Double>(shape: [200, 1], scalars: (0..<200).map { sin(Double($0) / 9) }), to: data)
    let request = { (start: Int?) in Generation.Request(model: dir.path, steps: 5, out: "", data: data, start: start) }
    #expect(try Generation.generate(request(nil)).startRow == 6, "the first row with its lag (3 model rows of 2 samples)")
    #expect(try Generation.generate(request(10)).startRow == 10)
    for (start, message) in [(7, "multiple of 2"), (4, "--start ≥ 6"), (400, "beyond the recording")] {
      #expect { try Generation.generate(request(start)) } throws: { "\($0)".contains(message) }
    }
  }

  @Test("bad values and protected files are refused before anything is written")
  func refusals() throws {
    let dir = try scene(try ExportFixtures.file(.plrnn))
    defer { try? FileManager.default.removeItem(at: dir) }
    let model = dir.appendingPathComponent("model.json").path
    let request = { (steps: Int, out: String) in Generation.Request(model: model, steps: steps, out: out) }
    #expect { try Generation.run(request(0, dir.appendingPathComponent("a.npy").path)) } throws: { "\($0)".contains("--steps must lie in 1…") }
    #expect { try Generation.run(request(5, dir.appendingPathComponent("a.csv").path)) } throws: { "\($0)".contains(".npy") }
    // An existing file is replaced only with force (OutputFile), and the model itself never.
    try Data("{}".utf8).write(to: dir.appendingPathComponent("config.json"))
    let mine = dir.appendingPathComponent("earlier.npy").path
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: mine))
    #expect { try Generation.run(request(5, mine)) } throws: { "\($0)".contains("already exists (add --force") }
    #expect(try Data(contentsOf: URL(fileURLWithPath: mine)) == Data([1, 2, 3]))
    var forced = request(5, mine)
    forced.force = true
    _ = try Generation.run(forced)
    #expect(try Data(contentsOf: URL(fileURLWithPath: mine)) != Data([1, 2, 3]))
    #expect { try Generation.run(Generation.Request(model: model, steps: 5, out: model)) } throws: { "\($0)".contains(".npy") }
    // Without data: the observation 0 in model units; a new file inside the run directory is fine.
    _ = try Generation.run(request(3, dir.appendingPathComponent("new.npy").path))
    #expect(try NPY.read(dir.appendingPathComponent("new.npy").path).tensor(Double.self).row(0).scalars == [0, 0])
  }
}
