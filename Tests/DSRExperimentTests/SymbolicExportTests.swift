import DSRExperiment
import DSRTestSupport
import Foundation
import Testing

/// The library side of `dsr import`, `dsr analyze`, `dsr export` and `dsr data generate`, called
/// directly on an imported shallow PLRNN and a generated Hénon series.
@Suite("SymbolicExport, ModelImport.importModel and BenchmarkDataFile")
struct SymbolicExportTests {
  func scratch() throws -> URL { try scratchDirectory("symbolic-export") }

  @Test("an imported model is analysed, summarised and exported in every format")
  func analyseAndExport() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let source = repositoryRoot().appendingPathComponent("Tests/DSRCLITests/Fixtures/import_shplrnn.npz").path
    let model = dir.appendingPathComponent("model.json").path
    let line = try ModelImport.importModel(source, model: "shallowPLRNN", pwlUnits: nil, observationDim: nil, hiddenDim: nil,
                                           precision: "float64", out: model)
    #expect(line == "shallowPLRNN (M = 4, N = 2, L = 5) from \(source) written to \(model)")
    var request = SymbolicExport.Request(model: model)
    (request.steps, request.transient) = (500, 10)
    let analysis = try SymbolicExport.analyse(request)
    #expect(analysis.path == model)
    let summary = SymbolicExport.summary(analysis, maxCycleOrder: request.maxCycleOrder)
    #expect(summary.hasPrefix("shallowPLRNN (M = 4, 5 switches) from \(model)\nTrajectory: 500 steps after 10 from z = 0"))
    let json = try JSONSerialization.jsonObject(with: Data(try SymbolicExport.json(analysis).utf8)) as? [String: Any]
    #expect(json?["format"] as? String == "dsr-symbolic")
    for format in SymbolicExport.Format.allCases {
      #expect(try !SymbolicExport.render(analysis, as: format).isEmpty)
    }
    let out = dir.appendingPathComponent("graph.dot").path
    #expect(try SymbolicExport.export(analysis, as: .dot, to: out) == "dot written to \(out)\n")
    #expect(try String(contentsOfFile: out, encoding: .utf8) == SymbolicExport.render(analysis, as: .dot))
  }

  @Test("generated benchmark data lands in the file; a malformed --initial is a usage error")
  func generate() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    var request = BenchmarkDataFile.Request(system: "henon", steps: 300, out: dir.appendingPathComponent("h.npy").path)
    request.float32 = false
    #expect(try BenchmarkDataFile.generate(request).hasPrefix("Hénon map: 300 × 2 written to \(request.out) (transient 100 iterations; "))
    #expect(try DataSummary.info(request.out, json: false).text.contains("300 × 2 (time × dimension), dtype <f8"))
    (request.initial, request.force) = ("1", true)
    #expect(throws: UsageError("--initial needs 2 comma-separated numbers for henon, got '1'")) { try BenchmarkDataFile.generate(request) }
  }
}
