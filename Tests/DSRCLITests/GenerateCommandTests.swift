import DSRTestSupport
import Foundation
import Testing

/// `dsr generate`, and `dsr export --format npz|safetensors` then `dsr import`, end to end.
@Suite("dsr generate and parameter export")
struct GenerateCommandTests {
  func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-generate-cli-\(getpid())-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// An imported shallow PLRNN (M = 4, N = 2) in `dir`.
  func model(in dir: URL) throws -> String {
    let out = dir.appendingPathComponent("model.json").path
    let r = try DSRProcess.run(["import", fixturesDirectory().appendingPathComponent("import_shplrnn.npz").path, "--model", "shallowPLRNN", "--out", out])
    #expect(r.status == 0, "\(r.stderr)")
    return out
  }

  @Test("generate writes T × N float64 from the data row; bad values exit non-zero naming the option")
  func generate() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let model = try model(in: dir)
    let data = dir.appendingPathComponent("x.csv").path
    try Data("0.1,0.2\n0.3,-0.4\n0.5,0.6\n".utf8).write(to: URL(fileURLWithPath: data))
    let out = dir.appendingPathComponent("run.npy").path
    let r = try DSRProcess.run(["generate", model, "--steps", "25", "--data", data, "--start", "1", "--out", out])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("25 × 2 free run of shallowPLRNN") && r.stdout.contains("row 1 of"))
    let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
    let header = String(decoding: bytes.prefix(128), as: UTF8.self)
    #expect(header.contains("'descr': '<f8'") && header.contains("'shape': (25, 2)"))
    let first = bytes.suffix(25 * 2 * 8).prefix(16).withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    #expect(first == [0.3, -0.4], "row 0 is the start row")
    for (arguments, message) in [
      (["--steps", "5", "--out", out], "already exists (add --force"),
      (["--steps", "0", "--out", out, "--force"], "--steps must lie in 1"),
      (["--steps", "5", "--data", data, "--start", "9", "--out", out, "--force"], "beyond the recording"),
      (["--steps", "5", "--start", "1", "--out", out, "--force"], "give --data FILE too"),
      (["--steps", "5", "--data", data, "--out", data], ".npy"),
    ] {
      let bad = try DSRProcess.run(["generate", model] + arguments)
      #expect(bad.status != 0 && bad.stderr.contains(message), "\(arguments): \(bad.stderr)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == bytes, "a refused run leaves the earlier output as it was")
  }

  @Test("export --format npz and safetensors, then import, gives back model.json byte for byte", arguments: ["npz", "safetensors"])
  func exportImport(_ format: String) throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let model = try model(in: dir)
    let exported = dir.appendingPathComponent("model.\(format)").path
    let e = try DSRProcess.run(["export", model, "--format", format, "--out", exported])
    #expect(e.status == 0, "\(e.stderr)")
    #expect(e.stdout.contains("A, W1, W2, h1, h2, L"))
    let back = dir.appendingPathComponent("back.json").path
    let i = try DSRProcess.run(["import", exported, "--out", back])
    #expect(i.status == 0, "\(i.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: back)) == (try Data(contentsOf: URL(fileURLWithPath: model))))
    let noOut = try DSRProcess.run(["export", model, "--format", format])
    #expect(noOut.status != 0 && noOut.stderr.contains("give --out FILE"))
    let clash = try DSRProcess.run(["import", exported, "--model", "ALRNN", "--out", dir.appendingPathComponent("x.json").path])
    #expect(clash.status != 0 && clash.stderr.contains("--model ALRNN contradicts the model record"))
  }
}
