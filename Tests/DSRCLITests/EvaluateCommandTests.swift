import DSRTestSupport
import Foundation
import Testing

/// `dsr evaluate` end to end on small trained runs (`Fixtures/`: the first 4000 training rows and
/// 2000 test rows of the shipped Lorenz-63 data, and sine inputs for a driven run).
@Suite("dsr evaluate", .serialized)
struct EvaluateCommandTests {
  static let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-evaluate-tests-\(getpid())")
  var scratch: URL { Self.scratch }
  var test: String { fixturesDirectory().appendingPathComponent("lorenz63_test_small.npy").path }

  func train(_ results: String, name: String, run: Int, _ extra: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
    let base = [
      "path_to_data=\(fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path)",
      "results_directory=\(scratch.appendingPathComponent(results).path)", "hidden_dim=32", "sequence_length=50",
      "batches_per_epoch=10", "epochs=10", "scalar_saving_interval=5", "gtf_alpha_method=constant", "gtf_alpha=0.1", "start_lr=0.005",
      "experiment=e", "name=\(name)", "run=\(run)",
    ]
    return try DSRProcess.run(["train"] + (base + extra).flatMap { ["--set", $0] })
  }

  func lines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
  }

  @Test("three runs and a diverged one: JSON per run, metrics.csv, statistics.csv, the same numbers for any worker count")
  func endToEnd() throws {
    for run in 1...3 { #expect(try train("grid", name: "ok", run: run).status == 0) }
    #expect(try train("grid", name: "ok", run: 4, ["start_lr=1e30", "scalar_saving_interval=1"]).status == 3)
    let r = try DSRProcess.run(["evaluate", scratch.appendingPathComponent("grid").path, "--data", test, "--json", "--workers", "2"])
    #expect(r.status == 0, "\(r.stderr)")
    let runs = try lines(r.stdout)
    #expect(runs.count == 4)
    for object in runs.prefix(3) {
      #expect((object["run"] as? String)?.hasSuffix("e/ok/00\(runs.firstIndex { $0["run"] as? String == object["run"] as? String }! + 1)") == true)
      #expect(object["status"] as? String == "finished" && object["epoch"] as? Int == 10)
      #expect(object["pe"] is Double && object["pe_normalized"] is Double && object["pe_persistence"] is Double)
      // Models this short-trained may settle on a fixed point, where D_stsp and D_H are undefined (and say so).
      let dead = (object["note"] as? String)?.contains("undefined — fixed point") == true
      #expect(object["health"] as? String == (dead ? "fixed_point" : object["health"] as? String))
      #expect((object["dstsp"] is Double && object["dh"] is Double) || (dead && object["dstsp"] is NSNull && object["dh"] is NSNull), "\(object)")
      #expect(object["dstsp_method"] as? String == "binned")
    }
    #expect(runs[3]["status"] as? String == "diverged" || runs[3]["status"] as? String == "no model")
    // One worker gives byte-identical output.
    let serial = try DSRProcess.run(["evaluate", scratch.appendingPathComponent("grid").path, "--data", test, "--json", "--workers", "1"])
    #expect(serial.stdout == r.stdout)

    let group = scratch.appendingPathComponent("grid/e/ok")
    let metrics = try String(contentsOf: group.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\n")
    #expect(metrics.first == "run,status,epoch,dstsp,dh,pe,pe_normalized,pe_persistence,health")
    #expect(metrics.count == 5 && metrics[1].hasPrefix("001,finished,10,"))
    let statistics = try String(contentsOf: group.appendingPathComponent("statistics.csv"), encoding: .utf8).split(separator: "\n")
    #expect(statistics.map { $0.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) ?? "" }
            == ["statistic", "runs", "finite", "mean", "std", "sem", "median", "mad", "nonfinite_ratio", "diverged_ratio"])
    #expect(statistics[1] == "runs,4,4,4,4")
    // The median row is the median of the finite D_stsp values (a run whose free run settles on
    // a fixed point has none).
    let values = runs.prefix(3).compactMap { $0["dstsp"] as? Double }
    let cells = statistics[6].split(separator: ",", omittingEmptySubsequences: false)
    if values.isEmpty {
      #expect(cells[1].isEmpty)
    } else {
      let sorted = values.sorted(), k = sorted.count / 2
      let want = sorted.count % 2 == 1 ? sorted[k] : (sorted[k - 1] + sorted[k]) / 2
      let median = Double(cells[1]) ?? .nan
      #expect(Swift.abs(median - want) <= 1e-12 * Swift.abs(want), "\(statistics)")
    }
    #expect(FileManager.default.fileExists(atPath: group.appendingPathComponent("evaluation.json").path))

    // The table names every run and the group's median ± MAD.
    let table = try DSRProcess.run(["evaluate", scratch.appendingPathComponent("grid").path, "--data", test])
    #expect(table.status == 0 && table.stdout.contains("e/ok/001") && table.stdout.contains("median ± MAD"))
    // The floor beside it is at the compared length (2000 rows) or says why not: 2000 test rows
    // hold only two stretches of 1000.
    #expect(table.stdout.contains("Noise floor of the test data at 1000 rows, not 2000: the data is too short for two stretches of 2000 rows"), "\(table.stdout)")
    #expect(table.stdout.contains("PE/var") && table.stdout.contains("persist.") && table.stdout.contains("free run"))

    // --compare prints our median ± MAD next to published numbers for the experiment folder "e".
    let published = scratch.appendingPathComponent("published.json")
    try Data(#"{"_source": "test", "e": {"dstsp": [4.3, 0.6], "dh": [0.34, 0.02], "pe": [0.0024, 0.0001]}}"#.utf8).write(to: published)
    let compared = try DSRProcess.run(["evaluate", scratch.appendingPathComponent("grid").path, "--data", test, "--compare", published.path])
    #expect(compared.status == 0, "\(compared.stderr)")
    #expect(compared.stdout.contains("e/ok: 4 runs") && compared.stdout.contains("paper median ± MAD"))
    #expect(compared.stdout.contains("4.3 ± 0.6") && compared.stdout.contains("0.0024 ± 0.0001"))

    // A run that a grid has just started (its lock held, no checkpoint yet) is unfinished and left
    // out of the medians, not a run without a model.
    let started = group.appendingPathComponent("005")
    try FileManager.default.createDirectory(at: started, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: group.appendingPathComponent("001/config.json"), to: started.appendingPathComponent("config.json"))
    try Data("4242\n".utf8).write(to: started.appendingPathComponent("lock"))
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
    holder.arguments = [started.appendingPathComponent("lock").path, "sleep", "30"]
    try holder.run()
    defer { holder.terminate() }
    usleep(300_000)
    let inProgress = try DSRProcess.run(["evaluate", scratch.appendingPathComponent("grid").path, "--data", test, "--compare", published.path])
    #expect(inProgress.status == 0, "\(inProgress.stderr)")
    #expect(inProgress.stdout.contains("e/ok: 4 of 5 runs (1 unfinished not counted)"), "\(inProgress.stdout)")
    #expect(inProgress.stdout.contains("still training, no checkpoint yet"), "\(inProgress.stdout)")
  }

  @Test("--lyapunov adds the spectrum of the latent map; a run directory alone can be evaluated")
  func lyapunov() throws {
    #expect(try train("lyap", name: "one", run: 1).status == 0)
    let dir = scratch.appendingPathComponent("lyap/e/one/001").path
    let r = try DSRProcess.run(["evaluate", dir, "--data", test, "--json", "--lyapunov", "--lyapunov-steps", "2000", "--dt", "0.01"])
    #expect(r.status == 0, "\(r.stderr)")
    let object = try lines(r.stdout)[0]
    let spectrum = object["lyapunov"] as? [Double]
    #expect(spectrum?.count == 3)
    // A clipped shallow PLRNN with |A| < 1 is dissipative: the exponents sum to less than 0.
    #expect((spectrum ?? [0]).reduce(0, +) < 0)
    let header = try String(contentsOfFile: scratch.appendingPathComponent("lyap/e/one/metrics.csv").path, encoding: .utf8).split(separator: "\n")[0]
    #expect(header == "run,status,epoch,dstsp,dh,pe,pe_normalized,pe_persistence,health,lambda_max,lambda_1,lambda_2,lambda_3")
    // `dsr lyapunov` reads the same run directory.
    let direct = try DSRProcess.run(["lyapunov", dir, "--data", test, "--steps", "2000", "--json"])
    #expect(direct.status == 0, "\(direct.stderr)")
    let exponents = (try JSONSerialization.jsonObject(with: Data(direct.stdout.utf8)) as? [String: Any])?["exponents"] as? [Double]
    #expect(exponents?.count == 3 && (exponents ?? [0]).reduce(0, +) < 0)
  }

  @Test("a run with external inputs is evaluated with the test inputs and refused without them")
  func externalInputs() throws {
    let inputs = fixturesDirectory().appendingPathComponent("inputs_train_small.npy").path
    #expect(try train("inputs", name: "driven", run: 1, ["path_to_inputs=\(inputs)"]).status == 0)
    let root = scratch.appendingPathComponent("inputs").path
    let testInputs = fixturesDirectory().appendingPathComponent("inputs_test_small.npy").path
    let r = try DSRProcess.run(["evaluate", root, "--data", test, "--inputs", testInputs, "--json", "--lyapunov"])
    #expect(r.status == 0, "\(r.stderr)")
    let object = try lines(r.stdout)[0]
    #expect(object["dstsp"] is Double && object["pe"] is Double)
    #expect((object["note"] as? String)?.contains("external inputs") == true, "no Lyapunov spectrum for a driven model")
    let missing = try DSRProcess.run(["evaluate", root, "--data", test])
    #expect(missing.status == 1 && missing.stdout.contains("--inputs"))
  }

  @Test("bad input: a missing directory, a directory without runs, test data of the wrong width")
  func errors() throws {
    let none = try DSRProcess.run(["evaluate", scratch.appendingPathComponent("nowhere").path, "--data", test])
    #expect(none.status != 0 && none.stderr.contains("nowhere") && none.stderr.contains("is not a directory"))
    try FileManager.default.createDirectory(at: scratch.appendingPathComponent("empty"), withIntermediateDirectories: true)
    let empty = try DSRProcess.run(["evaluate", scratch.appendingPathComponent("empty").path, "--data", test])
    #expect(empty.status != 0 && empty.stderr.contains("no run directories"))
    #expect(try train("width", name: "w", run: 1).status == 0)
    let wide = fixturesDirectory().appendingPathComponent("inputs_test_small.npy").path
    let wrong = try DSRProcess.run(["evaluate", scratch.appendingPathComponent("width").path, "--data", wide])
    #expect(wrong.status == 1 && wrong.stdout.contains("N = 1") && wrong.stdout.contains("N = 3"))
    // A run with a configuration but no model: nothing could be evaluated, and the exit says so.
    let bare = scratch.appendingPathComponent("bare/x/001")
    try FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: scratch.appendingPathComponent("width/e/w/001/config.json"), to: bare.appendingPathComponent("config.json"))
    let nothing = try DSRProcess.run(["evaluate", scratch.appendingPathComponent("bare").path, "--data", test])
    #expect(nothing.status == 1 && nothing.stdout.contains("No run could be evaluated: 1 run found, none evaluable"), "\(nothing.stdout)")
  }
}

/// `dsr evaluate --forecast` end to end: the VPT columns, the baselines, forecast.csv.
@Suite("dsr evaluate --forecast", .serialized)
struct EvaluateForecastCommandTests {
  static let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-forecast-tests-\(getpid())")

  @Test("JSON lines carry the VPTs in steps, time and Lyapunov times; metrics.csv and forecast.csv are written; bad options refused")
  func forecast() throws {
    let results = Self.scratch.appendingPathComponent("runs").path
    let train = fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path
    let test = fixturesDirectory().appendingPathComponent("lorenz63_test_small.npy").path
    let settings = [
      "path_to_data=\(train)", "results_directory=\(results)", "hidden_dim=32", "sequence_length=50", "batches_per_epoch=10", "epochs=10",
      "scalar_saving_interval=5", "experiment=e", "name=f", "run=1",
    ]
    #expect(try DSRProcess.run(["train"] + settings.flatMap { ["--set", $0] }).status == 0)
    let r = try DSRProcess.run(["evaluate", results, "--data", test, "--json", "--forecast", "--horizon", "300", "--starts", "40",
                                "--lambda-max", "0.9", "--dt", "0.01"])
    #expect(r.status == 0, "\(r.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    let vpt = try #require(object["vpt_steps"] as? Double)
    #expect(vpt >= 0 && vpt <= 300)
    #expect(object["forecast_starts"] as? Double == 40 && object["forecast_horizon"] as? Double == 300)
    let time = try #require(object["vpt_time"] as? Double), lyapunov = try #require(object["vpt_lyapunov"] as? Double)
    #expect(Swift.abs(time - vpt * 0.01) < 1e-12 && Swift.abs(lyapunov - vpt * 0.01 * 0.9) < 1e-12)
    for key in ["vpt_q1", "vpt_q3", "vpt_smape_steps", "vpt_parroting_steps", "vpt_parroting_context_steps", "vpt_ar_steps"] {
      #expect(object[key] is Double, "\(key): \(object)")
    }
    let group = URL(fileURLWithPath: results).appendingPathComponent("e/f")
    let metrics = try String(contentsOf: group.appendingPathComponent("metrics.csv"), encoding: .utf8)
    #expect(metrics.hasPrefix("run,status,epoch,dstsp,dh,pe,pe_normalized,pe_persistence,health,vpt_steps,vpt_q1,vpt_q3,vpt_time,vpt_lyapunov,"))
    let curves = try String(contentsOf: group.appendingPathComponent("forecast.csv"), encoding: .utf8).split(separator: "\n")
    #expect(curves.first == "run,step,nrmse_model,nrmse_parroting,nrmse_ar" && curves.count == 301)
    // The same numbers again (deterministic), and the table names the columns.
    let again = try DSRProcess.run(["evaluate", results, "--data", test, "--json", "--forecast", "--horizon", "300", "--starts", "40",
                                    "--lambda-max", "0.9", "--dt", "0.01"])
    #expect(again.stdout == r.stdout)
    let table = try DSRProcess.run(["evaluate", results, "--data", test, "--forecast", "--horizon", "300", "--starts", "40"])
    #expect(table.status == 0 && table.stdout.contains("VPT [q1–q3]") && table.stdout.contains("parrot_ctx")
            && table.stdout.contains("VPT_λ needs --lambda-max"), "\(table.stdout)")
    for bad in [["--horizon", "0"], ["--starts", "0"], ["--lambda-max", "-1"], ["--warmup", "-2"], ["--vpt-threshold", "nan"]] {
      let refused = try DSRProcess.run(["evaluate", results, "--data", test, "--forecast"] + bad)
      #expect(refused.status != 0 && refused.status < 128 && refused.stderr.contains(bad[0]), "\(bad): \(refused.stderr)")
    }
  }
}
