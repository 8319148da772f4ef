import DSRTestSupport
import Foundation
import Testing

/// A raw scalar recording end to end: `dsr data embed`, `dsr train --data` (embedded by default,
/// the transform stored), and the later commands given the raw recording (evaluate, lyapunov),
/// `restarts`.
@Suite("A raw recording: embedding, preprocessing, restarts", .serialized)
struct RecordingCommandTests {
  let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-recording-tests-\(getpid())")

  /// Column 1 (x) of `lorenz63_train_small.npy` (the first 4000 rows of the shipped Lorenz-63
  /// training data) as a T × 1 file: `x[:, :1]`, written by numpy.
  func scalarRecording() throws -> String {
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    return fixturesDirectory().appendingPathComponent("lorenz63_x_small.npy").path
  }

  func train(_ data: String, results: String, _ extra: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
    let base = ["results_directory=\(scratch.appendingPathComponent(results).path)", "hidden_dim=8", "sequence_length=20",
                "batches_per_epoch=4", "epochs=4", "scalar_saving_interval=2", "sampling_rate=100"]
    return try DSRProcess.run(["train", "--data", data] + (base + extra).flatMap { ["--set", $0] })
  }

  @Test("dsr data embed: the delay from the auto-mutual information, the dimension from Cao, the --set line")
  func embed() throws {
    let x = try scalarRecording()
    let r = try DSRProcess.run(["data", "embed", x, "--sampling-rate", "100"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("Channel 1: delay") && r.stdout.contains("Cao (delay") && r.stdout.contains("--set delays=[0,"), "\(r.stdout)")
    let json = try DSRProcess.run(["data", "embed", x, "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect((object?["embedding"] as? [String: Any])?["channels"] as? Int == 1 && object?["choice"] != nil)
    let bad = try DSRProcess.run(["data", "embed", x, "--method", "pecuzal"])
    #expect(bad.status != 0 && bad.stderr.contains("uniform or nonuniform"))
  }

  @Test("a one-column recording is embedded by default; model.json stores the transform; evaluate and lyapunov take the raw recording")
  func scalarTraining() throws {
    let x = try scalarRecording()
    let r = try train(x, results: "scalar")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("Delay-embedded: channel 1 at lags 0, ") && r.stdout.contains("--set embedding=none"), "\(r.stdout)")
    #expect(r.stdout.contains("Preprocessed: dt = 0.01"), "\(r.stdout)")
    let dir = scratch.appendingPathComponent("scalar/data/lorenz63_x_small/001")
    let model = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("model.json"))) as! [String: Any]
    let embedding = model["embedding"] as? [String: Any]
    #expect(model["version"] as? Int == 2 && embedding?["channels"] as? Int == 1)
    let n = (embedding?["coordinates"] as? [Any])?.count ?? 0
    #expect(n >= 2 && model["observed_dim"] as? Int == n)
    #expect((model["preprocessing"] as? [String: Any])?["dt"] as? Double == 0.01)
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("embedding.json").path))
    // The raw recording goes into every later command.
    let e = try DSRProcess.run(["evaluate", dir.path, "--data", x])
    #expect(e.status == 0, "\(e.stderr)\(e.stdout)")
    let l = try DSRProcess.run(["lyapunov", dir.path, "--data", x, "--steps", "500", "--transient", "10"])
    #expect(l.status == 0 && l.stdout.contains("the recording's, from model.json"), "\(l.stderr)\(l.stdout)")
    // An already embedded (several-column) file is refused with the fix.
    let three = fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path
    let wrong = try DSRProcess.run(["evaluate", dir.path, "--data", three])
    #expect(wrong.stdout.contains("give the raw recording") || wrong.stderr.contains("give the raw recording"), "\(wrong.stdout)\(wrong.stderr)")
    // Turned off: a 1-D model.
    let off = try train(x, results: "off", ["embedding=none"])
    #expect(off.status == 0 && !off.stdout.contains("Delay-embedded"))
  }

  @Test("explicit delays; restarts = 2 trains two seeds and keeps one, all on disk")
  func delaysAndRestarts() throws {
    let x = try scalarRecording()
    let r = try train(x, results: "restarts", ["delays=[0,9,18]", "restarts=2"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("2 restarts (seeds 1, 1001)") && r.stdout.contains("Kept restart"), "\(r.stdout)")
    let dir = scratch.appendingPathComponent("restarts/data/lorenz63_x_small/001")
    for i in 1...2 {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("restarts/\(i)/001/model.json").path))
    }
    let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("restarts.json"))) as! [String: Any]
    let kept = summary["kept"] as? Int ?? 0
    #expect([1, 2].contains(kept))
    let keptModel = try Data(contentsOf: dir.appendingPathComponent("restarts/\(kept)/001/model.json"))
    #expect(try Data(contentsOf: dir.appendingPathComponent("model.json")) == keptModel)
    let model = try JSONSerialization.jsonObject(with: keptModel) as! [String: Any]
    let lags = ((model["embedding"] as? [String: Any])?["coordinates"] as? [[String: Any]])?.compactMap { $0["lag"] as? Int }
    #expect(lags == [0, 9, 18])
    let again = try train(x, results: "restarts", ["delays=[0,9,18]", "restarts=2"])
    #expect(again.status != 0 && again.stderr.contains("already holds a run"))
  }
}
