import DSRTestSupport
import Foundation
import Testing

/// `dsr analyze` and `dsr export` on a hand-written model (a 2-unit AL-RNN carrying the tent map
/// x' = 1 − 1.9|x| on its piecewise unit) and on a freshly trained AL-RNN (M = 20, P = 2).
@Suite("dsr analyze and dsr export", .serialized)
struct SymbolicCommandTests {
  let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-symbolic-tests-\(getpid())")

  func tentModel() throws -> (model: String, data: String) {
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let model = scratch.appendingPathComponent("tent.json")
    let json = """
      {"format": "dsr-model", "version": 1, "model": "ALRNN", "latent_dim": 2, "pwl_units": 1,
       "observation_model": "Identity", "observed_dim": 1, "input_dim": 0, "precision": "float64",
       "parameters": {"A": {"shape": [2], "data": [0.0, 1.9]}, "W": {"shape": [2, 2], "data": [0.0, 1.0, 0.0, -3.8]},
                      "h": {"shape": [2], "data": [0.0, 1.0]}, "L": {"shape": [1, 1], "data": [1.0]}}}
      """
    try Data(json.utf8).write(to: model)
    let data = scratch.appendingPathComponent("start.csv")
    try Data("x\n0.1234\n0.2\n".utf8).write(to: data)
    return (model.path, data.path)
  }

  @Test("analyze --json: regions used, counts, real fixed points with eigenvalues and stability, cycles")
  func analyzeJSON() throws {
    let (model, data) = try tentModel()
    let r = try DSRProcess.run(["analyze", model, "--data", data, "--steps", "5000", "--max-cycle-order", "3", "--exhaustive", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let s = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    #expect(s["regions_used"] as? Int == 2)
    let counts = s["region_counts"] as! [String: Int]
    #expect(Set(counts.keys) == ["0", "1"] && counts.values.reduce(0, +) == 5000)
    let fixed = s["fixed_points"] as! [[String: Any]]
    #expect(fixed.count == 2)
    for fp in fixed {
      #expect(fp["region"] is String && fp["state"] is [Double] && fp["real"] as? Bool == true)
      #expect(fp["eigenvalues"] is [[Double]] && fp["spectral_radius"] is Double && fp["stable"] as? Bool == false)
    }
    // x' = 1 − 1.9|x| has one 2-cycle and two 3-cycles.
    let cycles = s["cycles"] as! [[String: Any]]
    #expect(cycles.filter { $0["order"] as? Int == 2 }.count == 1 && cycles.filter { $0["order"] as? Int == 3 }.count == 2)
    let text = try DSRProcess.run(["analyze", model, "--data", data, "--steps", "5000"])
    #expect(text.stdout.contains("Regions used: 2 of 2") && text.stdout.contains("2 real, 0 virtual"))
  }

  @Test("export writes JSON, LaTeX, DOT and CSV", arguments: ["json", "latex", "dot", "csv"])
  func export(_ format: String) throws {
    let (model, data) = try tentModel()
    // Not tent.json: that is the model itself, which --out never replaces (issue 26 item 3).
    let out = scratch.appendingPathComponent("tent-export.\(format)").path
    let r = try DSRProcess.run(["export", model, "--data", data, "--steps", "1000", "--format", format, "--out", out, "--force"])
    #expect(r.status == 0, "\(r.stderr)")
    let text = try String(contentsOfFile: out, encoding: .utf8)
    switch format {
    case "json": #expect((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["format"] as? String == "dsr-symbolic")
    case "latex": #expect(text.contains("\\paragraph{Region") && text.contains("z_{2} > 0") && text.contains("\\begin{pmatrix}"))
    case "dot": #expect(text.hasPrefix("digraph regions {") && text.contains("r0 -> r1"))
    default: #expect(text.split(separator: "\n").count == 1001 && text.hasPrefix("t,symbol,region\n0,"))
    }
  }

  @Test("an AL-RNN (M = 20, P = 2) trained on Lorenz-63 uses at most 4 regions; errors name the problem")
  func trainedALRNN() throws {
    let results = scratch.appendingPathComponent("Results").path
    let train = try DSRProcess.run(["train", "--config", repositoryRoot().appendingPathComponent("Configs/lorenz63-alrnn-stf.json").path,
                                    "--set", "epochs=3", "--set", "batches_per_epoch=4", "--set", "scalar_saving_interval=3",
                                    "--set", "path_to_data=\(fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path)",
                                    "--set", "results_directory=\(results)"])
    #expect(train.status == 0, "\(train.stderr)")
    let run = scratch.appendingPathComponent("Results/lorenz63-alrnn-stf/lorenz63/001").path
    let r = try DSRProcess.run(["export", run, "--format", "json", "--steps", "3000", "--max-cycle-order", "2"])
    #expect(r.status == 0, "\(r.stderr)")
    let s = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    #expect((s["regions_used"] as? Int ?? 99) <= 4 && s["latent_dim"] as? Int == 20)
    #expect((s["switches"] as? [String]) == ["z_19", "z_20"])
    let missing = try DSRProcess.run(["analyze", scratch.appendingPathComponent("nothing").path])
    #expect(missing.status != 0 && missing.stderr.contains("does not exist"))
    let badOrder = try DSRProcess.run(["analyze", run, "--max-cycle-order", "0"])
    #expect(badOrder.status != 0 && badOrder.stderr.contains("--max-cycle-order"))
  }
}

@Suite("dsr import")
struct ImportCommandTests {
  @Test("an imported shallow PLRNN (compressed .npz) can be analysed; a bad archive is refused naming the array")
  func importThenAnalyze() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-import-tests-\(getpid())")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let out = scratch.appendingPathComponent("shallow.json").path
    let r = try DSRProcess.run(["import", fixturesDirectory().appendingPathComponent("import_shplrnn.npz").path, "--model", "shallowPLRNN", "--out", out])
    #expect(r.status == 0 && r.stdout.contains("L = 5"), "\(r.stderr)")
    let analysed = try DSRProcess.run(["analyze", out, "--steps", "2000", "--max-cycle-order", "2", "--json"])
    #expect(analysed.status == 0, "\(analysed.stderr)")
    let s = try JSONSerialization.jsonObject(with: Data(analysed.stdout.utf8)) as! [String: Any]
    #expect((s["switches"] as? [String])?.count == 5 && (s["regions_used"] as? Int ?? 0) >= 1)
    let bad = try DSRProcess.run(["import", fixturesDirectory().appendingPathComponent("import_bad_shape.npz").path, "--model", "ALRNN", "--pwl-units", "2", "--out", scratch.appendingPathComponent("bad.json").path])
    #expect(bad.status != 0 && bad.stderr.contains("array 'W'"))
    #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("bad.json").path))
  }
}
