import DSRTestSupport
import Foundation
import Testing

/// `dsr grid` with the local back-end (the Slurm back-end is tested against a real cluster by
/// `make test-slurm`).
@Suite("dsr grid (local)", .serialized)
struct GridCommandTests {
  let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-grid-tests-\(getpid())")

  func gridFile(_ experiment: String, grid: String, runs: Int) throws -> String {
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let data = fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path
    let text = """
      { "experiment": "\(experiment)", "name": "lorenz", "results_directory": "\(scratch.appendingPathComponent("Results").path)",
        "path_to_data": "\(data)", "sequence_length": 20, "batches_per_epoch": 4, "epochs": 4,
        "scalar_saving_interval": 2, "gtf_alpha_method": "constant", "gtf_alpha": 0.2,
        "grid": \(grid), "ids": {"hidden_dim": "H", "start_lr": "lr"}, "runs": \(runs) }
      """
    let path = scratch.appendingPathComponent("\(experiment).json").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test("a grid runs with two workers, records a diverged setting without stopping, skips everything on a re-run, resumes a lost run, and evaluates")
  func localGrid() throws {
    let config = try gridFile("sweep", grid: #"{"hidden_dim": [4, 6], "start_lr": [1e-3, 1e30]}"#, runs: 2)
    let dry = try DSRProcess.run(["grid", "--config", config, "--dry-run"])
    #expect(dry.status == 0 && dry.stdout.contains("4 settings × 2 runs = 8 tasks"))
    #expect(dry.stdout.contains("lorenz-H_4-lr_1.0e30/002  pending"))
    let experiment = scratch.appendingPathComponent("Results/sweep")
    #expect(!FileManager.default.fileExists(atPath: experiment.path), "a dry run writes nothing")

    let r = try DSRProcess.run(["grid", "--config", config, "--workers", "2"])
    #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
    #expect(r.stdout.contains("Grid done") && r.stdout.contains("4 diverged") && r.stdout.contains("4 finished"))
    for h in [4, 6] {
      for run in ["001", "002"] {
        #expect(FileManager.default.fileExists(atPath: experiment.appendingPathComponent("lorenz-H_\(h)-lr_0.001/\(run)/model.json").path))
      }
    }
    let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: experiment.appendingPathComponent(".grid/summary.json"))) as! [String: Any]
    #expect(summary["tasks"] as? Int == 8 && summary["diverged_now"] as? Int == 4)

    let again = try DSRProcess.run(["grid", "--config", config])
    #expect(again.stdout.contains("Skipping 4 finished, 4 diverged"))
    #expect(!again.stdout.contains("[1/"))

    // A lost run is trained again, alone, with the same result as before (same seed and run).
    let lost = experiment.appendingPathComponent("lorenz-H_6-lr_0.001/002")
    let before = try Data(contentsOf: lost.appendingPathComponent("model.json"))
    try FileManager.default.removeItem(at: lost)
    let redo = try DSRProcess.run(["grid", "--config", config])
    #expect(redo.stdout.contains("[1/1]") && redo.stdout.contains("lorenz-H_6-lr_0.001/002: finished"))
    #expect(try Data(contentsOf: lost.appendingPathComponent("model.json")) == before)

    let status = try DSRProcess.run(["grid", "--config", config, "--status"])
    #expect(status.stdout.contains("8 task(s): 4 finished, 4 diverged"))

    let evaluation = try DSRProcess.run(["evaluate", experiment.path, "--data", fixturesDirectory().appendingPathComponent("lorenz63_test_small.npy").path, "--json"])
    #expect(evaluation.status == 0)
    #expect(evaluation.stdout.split(separator: "\n").count == 8)
    let statistics = try String(contentsOf: experiment.appendingPathComponent("lorenz-H_4-lr_1.0e30/statistics.csv"), encoding: .utf8)
    #expect(statistics.contains("diverged_ratio,1.0"))
  }

  @Test("--runs overrides the file; an interrupted run is resumed by the grid")
  func resumeInterrupted() throws {
    let config = try gridFile("resume", grid: #"{"hidden_dim": [4]}"#, runs: 3)
    #expect(try DSRProcess.run(["grid", "--config", config, "--runs", "1"]).stdout.contains("1 setting × 1 run = 1 task"))
    // start_lr has an id but is not a grid key: single values with ids come first in the name.
    // Fake an interruption after the first checkpoint: drop model.json and the finished record.
    let run = scratch.appendingPathComponent("Results/resume/lorenz-lr_0.001-H_4/001")
    let finished = try Data(contentsOf: run.appendingPathComponent("model.json"))
    try FileManager.default.removeItem(at: run.appendingPathComponent("model.json"))
    let metrics = try String(contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
      .split(separator: "\n").filter { !$0.contains("finished") }.joined(separator: "\n") + "\n"
    try Data(metrics.utf8).write(to: run.appendingPathComponent("metrics.jsonl"))
    let status = try DSRProcess.run(["grid", "--config", config, "--runs", "1", "--status"])
    #expect(status.stdout.contains("interrupted at epoch 4/4 (resume with `dsr train --resume \(run.path)`"), "no process holds its lock: \(status.stdout)")
    let r = try DSRProcess.run(["grid", "--config", config, "--runs", "1"])
    #expect(r.stdout.contains("finished"), "\(r.stdout)")
    #expect(try Data(contentsOf: run.appendingPathComponent("model.json")) == finished)
    let log = try String(contentsOf: scratch.appendingPathComponent("Results/resume/.grid/logs/0.log"), encoding: .utf8)
    #expect(log.contains("Resuming"))
    // A damaged model.json is not a finished run: the grid resumes it and writes it again.
    try Data(finished.prefix(50)).write(to: run.appendingPathComponent("model.json"))
    let damaged = try DSRProcess.run(["grid", "--config", config, "--runs", "1"])
    #expect(damaged.status == 0 && !damaged.stdout.contains("Skipping"), "\(damaged.stdout)")
    #expect(try Data(contentsOf: run.appendingPathComponent("model.json")) == finished)
  }

  /// Starts `dsr grid` on a long grid (epochs without end) and waits until two workers train.
  func startLongGrid(_ experiment: String) throws -> (Process, Pipe, URL) {
    let config = try gridFile(experiment, grid: #"{"hidden_dim": [4, 5, 6]}"#, runs: 1)
    var text = try String(contentsOfFile: config, encoding: .utf8)
    text = text.replacingOccurrences(of: #""epochs": 4"#, with: #""epochs": 1000000"#)
    try Data(text.utf8).write(to: URL(fileURLWithPath: config))
    let process = Process()
    process.executableURL = DSRProcess.executable
    process.arguments = ["grid", "--config", config, "--workers", "2"]
    process.currentDirectoryURL = repositoryRoot()
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let experimentDirectory = scratch.appendingPathComponent("Results/\(experiment)")
    let deadline = Date().addingTimeInterval(60)
    func checkpoints() -> Int {
      let settings = (try? FileManager.default.contentsOfDirectory(atPath: experimentDirectory.path)) ?? []
      return settings.filter {
        FileManager.default.fileExists(atPath: experimentDirectory.appendingPathComponent("\($0)/001/checkpoints/latest.json").path)
      }.count
    }
    while checkpoints() < 2 && Date() < deadline { usleep(20_000) }
    return (process, output, experimentDirectory)
  }

  /// Workers of this test's grid still alive (their command lines name the experiment's task files).
  func workers(_ experiment: String) -> Int {
    let ps = Process()
    ps.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
    ps.arguments = ["-f", "grid-task .*\(experiment)/.grid/tasks"]
    let out = Pipe()
    ps.standardOutput = out
    try? ps.run()
    ps.waitUntilExit()
    return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").count
  }

  @Test("Ctrl-C stops a grid promptly: no new tasks, workers checkpoint and stop, unfinished tasks reported; --status tells running from interrupted")
  func interrupt() throws {
    let (process, output, experiment) = try startLongGrid("interrupt")
    #expect(workers("interrupt") == 2)
    let config = scratch.appendingPathComponent("interrupt.json").path
    let running = try DSRProcess.run(["grid", "--config", config, "--status"])
    #expect(running.stdout.components(separatedBy: "running (pid ").count - 1 == 2, "\(running.stdout)")
    #expect(running.stdout.contains("3 task(s): 1 pending, 2 running"), "\(running.stdout)")
    let sent = Date()
    kill(process.processIdentifier, SIGINT)
    while process.isRunning && Date().timeIntervalSince(sent) < 30 { usleep(20_000) }
    #expect(!process.isRunning, "the grid ends within seconds")
    if process.isRunning {
      // Never leave a hung grid (or its workers) behind a failed test.
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let ps = Process()
      ps.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
      ps.arguments = ["-KILL", "-f", "grid-task .*interrupt/.grid/tasks"]
      try? ps.run()
      ps.waitUntilExit()
      return
    }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 1, "\(text)")
    #expect(text.contains("Stopping on SIGINT") && text.contains("Grid stopped") && text.contains("3 task(s) unfinished"), "\(text)")
    #expect(text.contains("1 not started") && text.contains("not started (the grid was stopped)") && !text.contains("failed"), "\(text)")
    #expect(text.contains("2 interrupted") && text.contains("interrupted (checkpoint kept)"), "\(text)")
    #expect(workers("interrupt") == 0)
    let status = try DSRProcess.run(["grid", "--config", config, "--status"])
    #expect(status.stdout.components(separatedBy: "interrupted at epoch ").count - 1 == 2, "\(status.stdout)")
    #expect(status.stdout.contains("3 task(s): 1 pending, 2 interrupted"), "\(status.stdout)")
    let log = try String(contentsOf: experiment.appendingPathComponent(".grid/logs/0.log"), encoding: .utf8)
    #expect(log.contains("training interrupted by SIGTERM after epoch"), "\(log)")
    let settings = try FileManager.default.contentsOfDirectory(atPath: experiment.path).filter { !$0.hasPrefix(".") }
    #expect(settings.filter { FileManager.default.fileExists(atPath: experiment.appendingPathComponent("\($0)/001/checkpoints/latest.json").path) }.count == 2,
            "the interrupted runs keep their checkpoints: \(settings)")
  }

  @Test("workers do not outlive a grid killed with SIGKILL")
  func noOrphans() throws {
    let (process, _, _) = try startLongGrid("orphans")
    #expect(workers("orphans") == 2)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let deadline = Date().addingTimeInterval(20)
    while workers("orphans") > 0 && Date() < deadline { usleep(50_000) }
    #expect(workers("orphans") == 0, "the workers stop at their next epoch")
  }

}
