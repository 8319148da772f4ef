import DSRExperiment
import Foundation
import Testing

/// The lines of metrics.jsonl: ``MetricsRecord``, ``RunEvent`` and ``MetricsLine``.
@Suite("metrics.jsonl records")
struct MetricsRecordTests {
  func decode(_ line: String) throws -> MetricsLine { try JSONDecoder().decode(MetricsLine.self, from: Data(line.utf8)) }

  @Test("a monitoring record is written with sorted keys, null for non-finite numbers, and read back")
  func record() throws {
    var r = MetricsRecord(epoch: 50)
    (r.loss, r.lossTraining, r.lossRegularization, r.epochMeanLoss) = (0.5, 0.25, 0.25, .nan)
    (r.learningRate, r.seconds, r.alpha, r.dstsp, r.dh, r.pe) = (1e-3, 12.3, 0.9, 0.4, 0.05, 1e-4)
    #expect(r.jsonLine == #"{"alpha":0.9,"dh":0.05,"dstsp":0.4,"epoch":50,"epoch_mean_loss":null,"learning_rate":0.001,"#
      + #""loss":0.5,"loss_regularization":0.25,"loss_training":0.25,"pe":0.0001,"seconds":12.300}"#)
    let back = try decode(r.jsonLine).record
    #expect(back?.epoch == 50 && back?.epochMeanLoss == nil && back?.dh == 0.05 && back?.seconds == 12.3 && back?.conditionNumber == nil)
    #expect(back?.peNormalized == nil && back?.health == nil)
    (r.peNormalized, r.health) = (0.02, "fixed_point")
    #expect(r.jsonLine.hasSuffix(#""health":"fixed_point","learning_rate":0.001,"loss":0.5,"loss_regularization":0.25,"loss_training":0.25,"#
      + #""pe":0.0001,"pe_normalized":0.02,"seconds":12.300}"#), "\(r.jsonLine)")
    let again = try decode(r.jsonLine).record
    #expect(again?.peNormalized == 0.02 && again?.health == "fixed_point")
  }

  @Test("events are written as before and read back typed")
  func events() throws {
    let diverged = RunEvent.diverged(.init(epoch: 7, batch: 3, reason: "the loss is nan"))
    #expect(diverged.jsonLine == #"{"batch":3,"epoch":7,"event":"diverged","reason":"the loss is nan"}"#)
    #expect(try decode(diverged.jsonLine) == .event(diverged))
    let overflow = RunEvent.diverged(.init(epoch: 8, batch: nil, reason: "overflow"))
    #expect(overflow.jsonLine == #"{"epoch":8,"event":"diverged","reason":"overflow"}"#)
    let verdict = RunEvent.verdict(.init(epoch: 100, orbit: "cycle", dstsp: 0.5, dh: .infinity, lambdaMax: nil, period: 4))
    #expect(verdict.jsonLine == #"{"dh":null,"dstsp":0.5,"epoch":100,"event":"verdict","lambda_max":null,"orbit":"cycle","period":4}"#)
    #expect(try decode(verdict.jsonLine) == .event(.verdict(.init(epoch: 100, orbit: "cycle", dstsp: 0.5, dh: nil, period: 4))))
    let finished = RunEvent.finished(epoch: 100, modelEpoch: 50, seconds: 1.5)
    #expect(finished.jsonLine == #"{"epoch":100,"event":"finished","model_epoch":50,"seconds":1.500}"#)
    #expect(try decode(finished.jsonLine) == .event(finished) && finished.epoch == 100)
    let stopped = RunEvent.interrupted(epoch: 53, cause: .signal(SIGTERM))
    #expect(stopped.jsonLine == #"{"cause":"SIGTERM","epoch":53,"event":"interrupted"}"#)
    #expect(try decode(stopped.jsonLine) == .event(stopped))
    let orphaned = RunEvent.interrupted(epoch: 4, cause: .gridEnded(parent: 1234))
    #expect(orphaned.jsonLine == #"{"cause":"grid_ended","epoch":4,"event":"interrupted","grid_parent":1234}"#)
    #expect(try decode(orphaned.jsonLine) == .event(orphaned))
  }

  @Test("what an encoder writes reads back as the same line")
  func codable() throws {
    var record = MetricsRecord(epoch: 5)
    (record.loss, record.seconds, record.conditionNumber) = (0.5, 2, 3)
    let events: [RunEvent] = [.diverged(.init(epoch: 7, batch: nil, reason: "r")), .finished(epoch: 9, modelEpoch: 8, seconds: 1.25),
                              .verdict(.init(epoch: 9, orbit: nil, dstsp: 0.5, dh: 0.1, lambdaMax: 0.01, escapeStep: 12)),
                              .verdict(.init(epoch: 9, orbit: "fixed_point", dstsp: 0.5, dh: 0.1, settledStep: 31_000)),
                              .interrupted(epoch: 3, cause: .signal(SIGINT)), .interrupted(epoch: 3, cause: .gridEnded(parent: 7))]
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    #expect(try decode(String(decoding: encoder.encode(record), as: UTF8.self)) == .record(record))
    for event in events { #expect(try decode(String(decoding: encoder.encode(event), as: UTF8.self)) == .event(event)) }
  }

  @Test("a run directory's records, events and states come from the typed lines")
  func runDirectory() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-metrics-\(getpid())")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let run = RunDirectory(path: root.path)
    try Data("{}".utf8).write(to: URL(fileURLWithPath: run.config))
    let lines = [MetricsRecord(epoch: 2).jsonLine, "not json", RunEvent.diverged(.init(epoch: 3, batch: 1, reason: "x")).jsonLine]
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: run.metrics))
    #expect(run.metricsRecords().map(\.epoch) == [2, 3])
    #expect(run.events() == [.diverged(.init(epoch: 3, batch: 1, reason: "x"))])
    #expect(TaskState.of(run) == .diverged && TaskState.lastEpoch(run) == 3)
    #expect(RunStatus(TaskState.of(run)) == .diverged && RunStatus.noModel.description == "no model")
  }
}
