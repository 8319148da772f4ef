import DSRTestSupport
import Foundation
import Testing

/// Data in natural units: standardisation in `dsr train`, the same measures in `dsr evaluate` and
/// `dsr lyapunov` as for the z-scored pair, constant columns, sampling warnings, `dsr data
/// subsample`, `dsr train --data`.
@Suite("data preparation", .serialized)
struct DataPreparationTests {
  static let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-preparation-tests-\(getpid())")
  var scratch: URL { Self.scratch }

  func path(_ name: String) throws -> String {
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    return scratch.appendingPathComponent(name).path
  }

  /// A small, quick training (debug builds are slow).
  let small = ["hidden_dim=8", "sequence_length=20", "batches_per_epoch=4", "epochs=4", "scalar_saving_interval=2",
               "gtf_alpha_method=constant", "gtf_alpha=0.2"].flatMap { ["--set", $0] }

  /// Rows of a comma-separated file without header.
  func readCSV(_ file: String) throws -> [[Double]] {
    try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map { Double($0)! } }
  }

  func writeCSV(_ rows: [[Double]], to file: String, header: String? = nil) throws {
    let text = (header.map { $0 + "\n" } ?? "") + rows.map { $0.map { "\($0)" }.joined(separator: ",") + "\n" }.joined()
    try text.write(toFile: file, atomically: true, encoding: .utf8)
  }

  func json(_ text: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
  }

  @Test("natural-unit Lorenz-63: train --data standardises and stores the transform; evaluate and lyapunov give the z-scored pair's numbers")
  func naturalUnits() throws {
    let train = try path("nat.npy"), test = try path("nat_test.npy"), results = try path("R")
    #expect(try DSRProcess.run(["data", "generate", "lorenz63", "--steps", "3000", "--dt", "0.01", "--dtype", "f8", "--out", train]).status == 0)
    #expect(try DSRProcess.run(["data", "generate", "lorenz63", "--steps", "1500", "--dt", "0.01", "--transient", "150", "--dtype", "f8", "--out", test]).status == 0)
    let r = try DSRProcess.run(["train", "--data", train, "--set", "results_directory=\(results)"] + small)
    #expect(r.status == 0, "\(r.stderr)")
    let run = "\(results)/data/nat/001"
    #expect(r.stdout.hasPrefix("\(run): clippedShallowPLRNN"), "the first line names the run directory")
    #expect(r.stdout.contains("Standardised: each column z-scored") && r.stdout.contains("Finished 4 epochs"))
    #expect(r.stderr.isEmpty, "no warnings for well-sampled data: \(r.stderr)")
    let metrics = try String(contentsOfFile: "\(run)/metrics.jsonl", encoding: .utf8).split(separator: "\n")
    for line in metrics where try json(String(line))["event"] == nil {
      #expect((try json(String(line))["loss"] as? Double)?.isFinite == true)
    }
    let modelText = try String(contentsOfFile: "\(run)/model.json", encoding: .utf8)
    let s = try json(modelText)["standardization"] as! [String: [Double]]
    #expect(s["mean"]!.count == 3 && (20...27).contains(s["mean"]![2]) && s["std"]!.allSatisfy { (6...11).contains($0) })
    let checkpointModel = try String(contentsOfFile: "\(run)/checkpoints/model_2.json", encoding: .utf8)
    #expect(checkpointModel.contains("\"standardization\""))
    let config = try json(String(contentsOfFile: "\(run)/config.json", encoding: .utf8))
    #expect(config["standardize"] as? Bool == true)

    // The z-scored pair: the same parameters without a standardization, and the test data
    // z-scored with the model's mean and std.
    let natural = try path("nat_test.csv"), zscored = try path("z_test.csv")
    #expect(try DSRProcess.run(["data", "subsample", test, "--every", "1", "--out", natural]).status == 0)
    let rows = try readCSV(natural)
    try writeCSV(rows.map { row in row.indices.map { (row[$0] - s["mean"]![$0]) / s["std"]![$0] } }, to: zscored)
    let pair = "\(results)/pair/nat/001"
    try FileManager.default.createDirectory(atPath: pair, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: "\(run)/config.json", toPath: "\(pair)/config.json")
    let stripped = modelText.replacingOccurrences(of: #""standardization" : \{[^}]*\},\n\s*"#, with: "", options: .regularExpression)
    #expect(!stripped.contains("standardization") && stripped.contains("\"training\""))
    try stripped.write(toFile: "\(pair)/model.json", atomically: true, encoding: .utf8)
    let a = try DSRProcess.run(["evaluate", run, "--data", natural, "--json", "--workers", "1"])
    let b = try DSRProcess.run(["evaluate", pair, "--data", zscored, "--json", "--workers", "1"])
    #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
    let (ma, mb) = (try json(a.stdout), try json(b.stdout))
    // D_stsp and D_H are null for a short-trained model settling on a fixed point (health says so).
    let dead = ["fixed_point", "divergent"].contains(ma["health"] as? String ?? "")
    #expect((dead || ma["dstsp"] is Double) && ma["pe"] is Double, "\(a.stdout)")
    for key in ["dstsp", "dh", "pe", "pe_normalized", "pe_persistence", "health", "note"] {
      // Null values (a fixed point) must be null in both.
      #expect("\(ma[key] ?? "absent")" == "\(mb[key] ?? "absent")", "\(key): \(a.stdout) vs \(b.stdout)")
    }
    // Without the mapping the natural-unit data would give other numbers.
    let unmapped = try json(DSRProcess.run(["evaluate", pair, "--data", natural, "--json", "--workers", "1"]).stdout)
    #expect(unmapped["pe"] as? Double != ma["pe"] as? Double)
    let la = try DSRProcess.run(["lyapunov", run, "--data", natural, "--steps", "2000", "--transient", "100", "--json"])
    let lb = try DSRProcess.run(["lyapunov", pair, "--data", zscored, "--steps", "2000", "--transient", "100", "--json"])
    let (ea, eb) = (try json(la.stdout)["exponents"] as? [Double], try json(lb.stdout)["exponents"] as? [Double])
    #expect(la.status == 0 && ea != nil && ea == eb)

    // A second `train --data` on the same file is refused; nothing is overwritten.
    let again = try DSRProcess.run(["train", "--data", train, "--set", "results_directory=\(results)"] + small)
    #expect(again.status == 1 && again.stderr.contains("already holds a run"))
    #expect(try String(contentsOfFile: "\(run)/model.json", encoding: .utf8) == modelText)
    // --data with --set path_to_data is ambiguous.
    let both = try DSRProcess.run(["train", "--data", train, "--set", "path_to_data=\(train)"])
    #expect(both.status != 0 && both.stderr.contains("give one of them"))
  }

  @Test("huge units: 1e300 does not fit float32 (refused, naming the file), trains in float64; 1e30 unscaled diverges and the message says why")
  func hugeUnits() throws {
    let rows = (0..<2000).map { t -> [Double] in let x = Double(t); return [sin(0.1 * x), cos(0.13 * x), sin(0.07 * x) * cos(0.05 * x)] }
    for (factor, name) in [(1e300, "big300.csv"), (1e30, "big30.csv")] {
      try writeCSV(rows.map { $0.map { $0 * factor } }, to: try path(name))
    }
    let results = try path("R-huge")
    let f32 = try DSRProcess.run(["train", "--data", try path("big300.csv"), "--set", "results_directory=\(results)"] + small)
    #expect(f32.status == 1 && f32.stderr.contains("big300.csv: holds values too large for float32") && f32.stderr.contains("precision=float64"), "\(f32.stderr)")
    #expect(!FileManager.default.fileExists(atPath: results), "nothing written")
    let f64 = try DSRProcess.run(["train", "--data", try path("big300.csv"), "--set", "results_directory=\(results)", "--set", "precision=float64"] + small)
    #expect(f64.status == 0, "\(f64.stderr)")
    let unscaled = try DSRProcess.run(["train", "--data", try path("big30.csv"), "--set", "results_directory=\(results)", "--set", "standardize=false"] + small)
    #expect(unscaled.status == 3 && unscaled.stderr.contains("set standardize=true") && !unscaled.stderr.contains("smaller start_lr"), "\(unscaled.stderr)")
  }

  @Test("a constant column is refused before anything is written, naming the file, the column and the fix")
  func constantColumn() throws {
    let file = try path("const.csv"), results = try path("R-const")
    try writeCSV((0..<400).map { t in [sin(Double(t) / 12), 5, cos(Double(t) / 12)] }, to: file, header: "a,b,c")
    for extra in [[], ["--set", "standardize=false"]] {
      let r = try DSRProcess.run(["train", "--data", file, "--set", "results_directory=\(results)"] + small + extra)
      #expect(r.status == 1)
      #expect(r.stderr.contains("\(file): column 1 (0-based) is constant (every value 5)") && r.stderr.contains("drop the column"), "\(r.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: results))
  }

  @Test("subsample: every k-th row from the offset, text or npy; an existing output is kept unless --force")
  func subsample() throws {
    let input = try path("ten.csv"), out = try path("three.csv"), npy = try path("three.npy")
    try writeCSV((0..<10).map { [Double($0), Double(10 * $0)] }, to: input, header: "x,y")
    let r = try DSRProcess.run(["data", "subsample", input, "--every", "3", "--offset", "1", "--out", out])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("10 × 2 → 3 × 2") && r.stdout.contains("written to \(out)"))
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "x,y\n1.0,10.0\n4.0,40.0\n7.0,70.0\n")
    #expect(try DSRProcess.run(["data", "subsample", input, "--every", "3", "--offset", "1", "--out", npy]).status == 0)
    let info = try json(DSRProcess.run(["data", "info", npy, "--json"]).stdout)
    #expect(info["rows"] as? Int == 3 && info["columns"] as? Int == 2 && info["dtype"] as? String == "<f8")
    let refused = try DSRProcess.run(["data", "subsample", input, "--every", "2", "--out", out])
    #expect(refused.status == 1 && refused.stderr.contains("\(out): already exists") && refused.stderr.contains("--force"))
    #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("x,y\n1.0,10.0\n4.0"), "unchanged")
    #expect(try DSRProcess.run(["data", "subsample", input, "--every", "5", "--out", out, "--force"]).status == 0)
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "x,y\n0.0,0.0\n5.0,50.0\n")
    let bad = try DSRProcess.run(["data", "subsample", input, "--every", "0", "--out", try path("x.csv")])
    #expect(bad.status != 0 && bad.stderr.contains("--every must be at least 1"))
    let far = try DSRProcess.run(["data", "subsample", input, "--every", "2", "--offset", "10", "--out", try path("y.csv")])
    #expect(far.status == 1 && far.stderr.contains("has 10 rows"))
  }

  @Test("sampling warnings: too fine and too coarse files warn (inspect and train), the shipped data does not")
  func samplingWarnings() throws {
    let fine = try path("fine.csv"), coarse = try path("coarse.csv")
    func sines(_ rows: Int, _ p: Double, _ q: Double) -> [[Double]] {
      (0..<rows).map { (t: Int) -> [Double] in
        let phase: Double = 2 * Double.pi * Double(t)
        return [sin(phase / p), 2 + cos(phase / q)]
      }
    }
    try writeCSV(sines(30000, 3000, 4100), to: fine)
    try writeCSV(sines(2000, 4, 5.5), to: coarse)
    let f = try DSRProcess.run(["inspect", fine])
    #expect(f.status == 0 && f.stderr.contains("\(fine): sampled very finely") && f.stderr.contains("dsr data subsample \(fine) --every 40"), "\(f.stderr)")
    let c = try DSRProcess.run(["inspect", coarse])
    #expect(c.status == 0 && c.stderr.contains("\(coarse): sampled too coarsely") && c.stderr.contains("at least ~3× more points per period"), "\(c.stderr)")
    let t = try DSRProcess.run(["train", "--data", coarse, "--set", "results_directory=\(try path("R-coarse"))", "--set", "epochs=1",
                                "--set", "batches_per_epoch=1", "--set", "hidden_dim=4", "--set", "sequence_length=10"])
    #expect(t.status == 0 && t.stderr.contains("Warning: \(coarse): sampled too coarsely"), "warns, does not refuse: \(t.stderr)")
    #expect(t.stderr.contains("unless the data come from a map"), "\(t.stderr)")
    // The default gtf_alpha_method auto: lag-1 autocorrelations cos(2π/4) = 0 and cos(2π/5.5) = 0.415 → a map.
    #expect(t.stdout.contains("batch_maximum by auto: lag-1 autocorrelation 0.21 < 0.5, a map"), "\(t.stdout)")
    let tf = try DSRProcess.run(["train", "--data", fine, "--set", "results_directory=\(try path("R-fine"))", "--set", "epochs=1",
                                 "--set", "batches_per_epoch=1", "--set", "hidden_dim=4", "--set", "sequence_length=10"])
    #expect(tf.status == 0 && tf.stdout.contains("product_upper_bound by auto: lag-1 autocorrelation 1.00 ≥ 0.5, a flow"), "\(tf.stdout)")
    let shipped = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot().appendingPathComponent("Datasets").path)
      .filter { $0.hasSuffix(".npy") }.sorted().map { "Datasets/\($0)" }
    #expect(shipped.count == 7)
    let s = try DSRProcess.run(["inspect"] + shipped)
    #expect(s.status == 0 && s.stderr.isEmpty, "\(s.stderr)")
    #expect(s.stdout.contains("units: z-scored"))
  }
}
