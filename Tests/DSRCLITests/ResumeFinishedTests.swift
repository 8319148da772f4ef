import DSRTestSupport
import Foundation
import Testing

/// `dsr train --resume` on a run that already finished does nothing and loses nothing.
@Suite("dsr train --resume of a finished run")
struct ResumeFinishedTests {
  @Test("the verdict and finished records and model.json stay as they were")
  func keepsRecords() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-resume-finished-\(getpid())")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let data = fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path
    let settings = ["path_to_data=\(data)", "results_directory=\(scratch.path)", "hidden_dim=8", "sequence_length=20",
                    "batches_per_epoch=3", "epochs=4", "scalar_saving_interval=2", "experiment=t", "name=r"]
    let r = try DSRProcess.run(["train"] + settings.flatMap { ["--set", $0] })
    #expect(r.status == 0, "\(r.stderr)")
    let dir = scratch.appendingPathComponent("t/r/001")
    let metrics = try Data(contentsOf: dir.appendingPathComponent("metrics.jsonl"))
    let model = try Data(contentsOf: dir.appendingPathComponent("model.json"))
    let again = try DSRProcess.run(["train", "--resume", dir.path])
    #expect(again.status == 0 && again.stdout.contains("Nothing to do"), "\(again.stdout)\(again.stderr)")
    #expect(try Data(contentsOf: dir.appendingPathComponent("metrics.jsonl")) == metrics)
    #expect(try Data(contentsOf: dir.appendingPathComponent("model.json")) == model)
    #expect(String(decoding: metrics, as: UTF8.self).contains("\"event\":\"verdict\""))
  }
}
