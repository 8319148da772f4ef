import DSRTestSupport
import Foundation
import Testing

/// `dsr train` stopped by SIGTERM or SIGINT: it finishes the epoch it is in, writes
/// checkpoints/latest.json of that epoch, records the interruption in metrics.jsonl and exits 4;
/// `--resume` then ends in the same model.json as a run never interrupted.
@Suite("dsr train interrupted by a signal", .serialized)
struct TrainingInterruptionTests {
  let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-interrupt-tests-\(getpid())")

  /// 200 short epochs, monitored every 50: the signal lands between monitoring epochs.
  func arguments(results: String) -> [String] {
    let data = fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path
    let keys = [
      "path_to_data=\(data)", "results_directory=\(scratch.appendingPathComponent(results).path)", "experiment=t", "name=lorenz",
      "hidden_dim=8", "sequence_length=20", "batches_per_epoch=2", "epochs=200", "scalar_saving_interval=50",
      "image_saving_interval=100000",
    ]
    return ["train"] + keys.flatMap { ["--set", $0] }
  }

  func run(_ results: String) -> URL { scratch.appendingPathComponent("\(results)/t/lorenz/001") }

  /// Starts `dsr train`, waits for its first checkpoint, sends `signal`, and waits (at most 60 s)
  /// for the process to end; its exit status and standard error.
  func interrupted(_ results: String, signal: Int32) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = DSRProcess.executable
    process.arguments = arguments(results: results)
    process.currentDirectoryURL = repositoryRoot()
    let err = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = err
    try process.run()
    let checkpoint = run(results).appendingPathComponent("checkpoints/latest.json").path
    let deadline = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: checkpoint) && process.isRunning && Date() < deadline { usleep(10_000) }
    kill(process.processIdentifier, signal)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, stderr)
  }

  @Test("SIGTERM: a checkpoint of the current epoch, an interrupted event, exit 4; --resume gives the uninterrupted model.json")
  func sigtermThenResume() throws {
    let reference = try DSRProcess.run(arguments(results: "reference"))
    #expect(reference.status == 0, "\(reference.stderr)")
    let stopped = try interrupted("stopped", signal: SIGTERM)
    #expect(stopped.status == 4, "\(stopped.stderr)")
    #expect(stopped.stderr.contains("training interrupted by SIGTERM after epoch") && stopped.stderr.contains("dsr train --resume"), "\(stopped.stderr)")
    let dir = run("stopped")
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("checkpoints/latest.json").path))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.json").path))
    let lines = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
    let event = try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as! [String: Any]
    #expect(event["event"] as? String == "interrupted" && event["cause"] as? String == "SIGTERM", "\(event)")
    let epoch = event["epoch"] as? Int ?? 0
    #expect(epoch >= 50 && epoch < 200)
    let checkpoint = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("checkpoints/latest.json"))) as! [String: Any]
    #expect(checkpoint["epoch"] as? Int == epoch, "the checkpoint is of the epoch the run stopped after")
    // The lock is free: a second process may resume it, and the result is the uninterrupted one.
    let resumed = try DSRProcess.run(["train", "--resume", dir.path])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("Resuming \(dir.path) after epoch \(epoch) of 200"))
    #expect(try Data(contentsOf: dir.appendingPathComponent("model.json")) == Data(contentsOf: run("reference").appendingPathComponent("model.json")))
    let after = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
    #expect(!after.contains("interrupted"), "resuming drops the event")
  }

  @Test("SIGINT stops the same way")
  func sigint() throws {
    let stopped = try interrupted("sigint", signal: SIGINT)
    #expect(stopped.status == 4, "\(stopped.stderr)")
    #expect(stopped.stderr.contains("training interrupted by SIGINT"), "\(stopped.stderr)")
    #expect(FileManager.default.fileExists(atPath: run("sigint").appendingPathComponent("checkpoints/latest.json").path))
  }
}
