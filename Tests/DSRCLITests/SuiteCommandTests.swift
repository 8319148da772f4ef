import DSRTestSupport
import Foundation
import Testing

/// `dsr suite` end to end on two small systems (a flow and a map) with a tiny recipe.
@Suite("dsr suite", .serialized)
struct SuiteCommandTests {
  let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-suite-tests-\(getpid())")

  var arguments: [String] {
    ["suite", "--systems", "rossler,henon", "--training-steps", "2000", "--test-steps", "2000", "--workers", "2",
     "--results", scratch.path, "--experiment", "s"]
      + ["epochs=3", "hidden_dim=8", "sequence_length=20", "batches_per_epoch=3", "scalar_saving_interval=3"].flatMap { ["--set", $0] }
  }

  @Test("data with floors, two trainings, the table, suite.csv and suite.json; a re-run trains nothing")
  func endToEnd() throws {
    let r = try DSRProcess.run(arguments)
    #expect(r.status == 0, "\(r.stderr)")
    let root = scratch.appendingPathComponent("s")
    for system in ["rossler", "henon"] {
      for file in ["train.npy", "test1.npy", "test2.npy", "data.json"] {
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("data/\(system)/\(file)").path))
      }
      #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("\(system)/001/model.json").path))
    }
    #expect(r.stdout.contains("rossler: dt = ") && r.stdout.contains("henon: every iteration, floor D_stsp"))
    #expect(r.stdout.contains("system") && r.stdout.contains("D_stsp") && r.stdout.contains("λ₁"))
    let csv = try String(contentsOf: root.appendingPathComponent("suite.csv"), encoding: .utf8).split(separator: "\n")
    #expect(csv.count == 3 && csv[0].hasPrefix("system,run,status,orbit,dstsp,dh,pe,lambda_max,lambda_true,floor_dstsp"))
    #expect(csv[1].hasPrefix("rossler,1,finished,") && csv[2].hasPrefix("henon,1,finished,"))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("suite.json"))) as! [String: Any]
    let runs = json["runs"] as! [[String: Any]]
    #expect(runs.count == 2 && runs.allSatisfy { $0["floorDstsp"] is Double && $0["trainingSeconds"] is Double && $0["orbit"] is String })
    let data = json["data"] as! [[String: Any]]
    // The Rössler sampling rule: ≈ 75 points per period of ≈ 6 time units.
    let dt = data.first { $0["system"] as? String == "rossler" }?["dt"] as? Double ?? 0
    #expect(dt > 0.07 && dt < 0.09, "Rössler dt \(dt)")
    #expect((json["recipe"] as? [String: Any])?["epochs"] as? Int == 3)

    let again = try DSRProcess.run(arguments)
    #expect(again.status == 0 && again.stdout.contains("Skipping 2 finished task(s)"), "\(again.stdout)")
    #expect(try String(contentsOf: root.appendingPathComponent("suite.csv"), encoding: .utf8).split(separator: "\n") == csv)

    // A second run per system: the table shows the training-set measures and marks the run kept
    // for each system; suite.csv has one kept run per system.
    let two = try DSRProcess.run(arguments + ["--runs", "2"])
    #expect(two.status == 0 && two.stdout.contains("Skipping 2 finished task(s)") && two.stdout.contains("D_stsp (train)"), "\(two.stdout)")
    #expect(two.stdout.contains("With the run kept per system (the best of its runs on the training data):"), "\(two.stdout)")
    let csv2 = try String(contentsOf: root.appendingPathComponent("suite.csv"), encoding: .utf8).split(separator: "\n")
    #expect(csv2.count == 5 && csv2[0].hasSuffix(",meets_targets,training_dstsp,training_dh,kept,time_to_model_seconds"))
    // One kept run per system among the runs with finite training measures; models trained for 3
    // epochs may settle on a fixed point, whose D_stsp and D_H are undefined: then none is kept.
    let columns = csv2[0].split(separator: ",").map(String.init)
    let (dstspColumn, dhColumn) = (columns.firstIndex(of: "training_dstsp")!, columns.firstIndex(of: "training_dh")!)
    for system in ["rossler", "henon"] {
      let rows = csv2.filter { $0.hasPrefix("\(system),") }.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
      let measured = rows.contains { !$0[dstspColumn].isEmpty && !$0[dhColumn].isEmpty }
      #expect(rows.filter { $0.last == "true" }.count == (measured ? 1 : 0), "\(csv2)")
    }

    // Other data for systems that already have runs is refused, and nothing is overwritten.
    let before = try Data(contentsOf: root.appendingPathComponent("data/rossler/train.npy"))
    let changed = try DSRProcess.run(arguments + ["--points-per-period", "50"])
    #expect(changed.status != 0 && changed.stderr.contains("holds runs trained on it") && changed.stderr.contains("--experiment"), "\(changed.stderr)")
    #expect(try Data(contentsOf: root.appendingPathComponent("data/rossler/train.npy")) == before)
  }

  @Test("an unknown system is refused before anything is written")
  func unknownSystem() throws {
    let r = try DSRProcess.run(["suite", "--systems", "lorentz63", "--results", scratch.appendingPathComponent("bad").path])
    #expect(r.status != 0 && r.stderr.contains("lorentz63") && r.stderr.contains("lorenz63"))
    #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("bad").path))
  }

  @Test("Ctrl-C during the trainings stops the suite: no evaluation, no table, exit 1; the runs keep their checkpoints")
  func interrupted() throws {
    let results = scratch.appendingPathComponent("stop")
    let process = Process()
    process.executableURL = DSRProcess.executable
    process.arguments = ["suite", "--systems", "rossler,henon", "--training-steps", "2000", "--test-steps", "2000",
                         "--workers", "2", "--results", results.path, "--experiment", "s"]
      + ["epochs=1000000", "hidden_dim=8", "sequence_length=20", "batches_per_epoch=3", "scalar_saving_interval=2"]
        .flatMap { ["--set", $0] }
    process.currentDirectoryURL = repositoryRoot()
    let output = Pipe()
    (process.standardOutput, process.standardError) = (output, output)
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    func checkpoints() -> Int {
      ["rossler", "henon"].filter {
        FileManager.default.fileExists(atPath: results.appendingPathComponent("s/\($0)/001/checkpoints/latest.json").path)
      }.count
    }
    while checkpoints() < 2 && Date() < deadline && process.isRunning { usleep(20_000) }
    let sent = Date()
    kill(process.processIdentifier, SIGINT)
    while process.isRunning && Date().timeIntervalSince(sent) < 30 { usleep(20_000) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      Issue.record("the suite did not stop within 30 s")
      return
    }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 1, "\(text)")
    #expect(text.contains("Stopped by a signal: 2 training(s) unfinished, no table written"), "\(text)")
    #expect(!text.contains("train s") && !text.contains("finished run(s) meet") && !FileManager.default.fileExists(atPath: results.appendingPathComponent("s/suite.csv").path))
    #expect(checkpoints() == 2, "the interrupted runs keep their checkpoints")
  }
}
