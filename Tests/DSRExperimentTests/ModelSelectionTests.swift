import DSRExperiment
import Foundation
import Testing

/// `model_selection = best`: the relative score and the records it reads.
@Suite struct ModelSelectionTests {
  typealias Choice = ModelSelection.Choice

  @Test func theRelativeScoreWeighsBothMeasures() {
    // Scores (D/0.5 + H/0.05): 100 → 4 + 3 = 7, 200 → 1 + 2 = 3, 300 → 2 + 1 = 3 (tie: later wins), 400 → 20 + 1.2.
    let candidates = [Choice(epoch: 100, dstsp: 2.0, dh: 0.15), Choice(epoch: 200, dstsp: 0.5, dh: 0.10),
                      Choice(epoch: 300, dstsp: 1.0, dh: 0.05), Choice(epoch: 400, dstsp: 10, dh: 0.06)]
    #expect(ModelSelection.best(of: candidates)?.epoch == 300)
    #expect(ModelSelection.best(of: Array(candidates.prefix(2)))?.epoch == 200)
    #expect(ModelSelection.best(of: []) == nil)
    // Out of epoch order: the tie still goes to the later epoch.
    #expect(ModelSelection.best(of: candidates.reversed())?.epoch == 300)
    #expect(ModelSelection.bestIndex(candidates.map { ($0.dstsp, $0.dh) }) == 2)
    #expect(ModelSelection.bestIndex([]) == nil)
  }

  @Test func recordsWithoutAFiniteMeasureOrACheckpointAreSkipped() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-selection-\(getpid())")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let run = RunDirectory(path: root.path)
    let lines = [
      #"{"epoch":50,"dstsp":0.1,"dh":0.01}"#,        // best, but no checkpoint on disk
      #"{"epoch":100,"dstsp":null,"dh":0.02}"#,      // D_stsp undefined
      #"{"epoch":150,"dstsp":0.8,"dh":0.09}"#,
      #"{"epoch":200,"dstsp":0.4,"dh":0.05}"#,
      #"{"epoch":200,"event":"verdict","orbit":"irregular","dstsp":0.01,"dh":0.001}"#,
    ]
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: run.metrics))
    for e in [100, 150, 200] { try Data("{}".utf8).write(to: URL(fileURLWithPath: run.modelCheckpoint(epoch: e))) }
    #expect(ModelSelection.best(in: run) == Choice(epoch: 200, dstsp: 0.4, dh: 0.05))
  }

  @Test("patience: stop once the best-scoring epoch is patience monitors old; never with patience 0 or no candidates")
  func patience() {
    let c = [
      ModelSelection.Choice(epoch: 50, dstsp: 2.0, dh: 0.2), ModelSelection.Choice(epoch: 100, dstsp: 1.0, dh: 0.1),
      ModelSelection.Choice(epoch: 150, dstsp: 1.5, dh: 0.15), ModelSelection.Choice(epoch: 200, dstsp: 3.0, dh: 0.1),
    ]
    // Epoch 100 scores best (1 + 1 = 2); at 200 it is two monitors of 50 old.
    #expect(ModelSelection.patienceStop(c, at: 200, patience: 2, interval: 50) == 100)
    #expect(ModelSelection.patienceStop(c, at: 200, patience: 3, interval: 50) == nil)
    #expect(ModelSelection.patienceStop(Array(c.prefix(2)), at: 100, patience: 1, interval: 50) == nil, "the newest monitor is the best")
    #expect(ModelSelection.patienceStop(c, at: 200, patience: 0, interval: 50) == nil)
    #expect(ModelSelection.patienceStop([], at: 200, patience: 1, interval: 50) == nil)
  }

  @Test("time to model: the first monitor whose kept-so-far checkpoint meets both targets, with its training seconds")
  func timeToModel() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-time-to-model-\(getpid())")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let run = RunDirectory(path: root.path)
    let lines = [
      #"{"epoch":50,"dstsp":2.0,"dh":0.3,"seconds":10}"#,
      #"{"epoch":100,"dstsp":0.4,"dh":0.2,"seconds":20}"#,   // D_H above 0.1
      #"{"epoch":150,"dstsp":0.45,"dh":0.08,"seconds":30}"#, // meets both and scores best: 0.45/0.4 + 1 < 1 + 0.2/0.08
      #"{"epoch":200,"dstsp":0.3,"dh":0.05,"seconds":40}"#,
    ]
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: run.metrics))
    #expect(TimeToModel.of(run, dstsp: 0.5, dh: 0.1) == TimeToModel(epoch: 150, seconds: 30))
    #expect(TimeToModel.of(run, dstsp: 0.35, dh: 0.1) == TimeToModel(epoch: 200, seconds: 40))
    #expect(TimeToModel.of(run, dstsp: 0.1, dh: 0.1) == nil)
  }
}
