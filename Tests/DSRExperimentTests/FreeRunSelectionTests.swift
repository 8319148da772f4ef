import DSRDynamics
import DSRExperiment
import DSRModels
import DSRTensor
import Foundation
import Testing

/// `model_selection = best` never keeps a checkpoint whose long free runs die over one whose
/// free runs live (``ModelSelection/choose(in:trajectories:steps:starts:)``).
@Suite struct FreeRunSelectionTests {
  typealias Choice = ModelSelection.Choice

  /// A run directory with monitoring records `(epoch, D_stsp, D_H)` and a checkpoint per record.
  func run(_ records: [(Int, Double, Double, ReconstructedSystem<Double>)]) throws -> (RunDirectory, URL) {
    let root = try scratchDirectory("free-run-selection")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
    let run = RunDirectory(path: root.path)
    let lines = records.map { #"{"epoch":\#($0.0),"dstsp":\#($0.1),"dh":\#($0.2)}"# }
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: run.metrics))
    for r in records { try FreeRunModels.writeCheckpoint(r.3, epoch: r.0, in: run) }
    return (run, root)
  }

  @Test("a checkpoint that falls to a fixed point after a long transient is passed over for a living one")
  func deadCheckpointIsRejected() throws {
    let data = try FreeRunModels.bandOrbit(rows: 200)
    // The leaking model looks alive over the data's length (what the monitor ran) …
    let short = try OrbitSurvey.survey(FreeRunModels.leaking, trajectories: [data], steps: 200)
    #expect(short.isAlive, "\(short.summary)")
    // … but every long free run settles on the fixed point, long after the data's 200 rows.
    let long = try OrbitSurvey.survey(FreeRunModels.leaking, trajectories: [data], steps: 20_000)
    #expect(long.livingCount == 0)
    #expect(long.starts.allSatisfy { $0.orbit.kind == .fixedPoint && ($0.orbit.settledStep ?? 0) > 200 }, "\(long.summary)")

    // Epoch 100 (the leaking model) scores best: the score alone keeps it.
    let (dir, root) = try run([(100, 0.2, 0.01, FreeRunModels.leaking), (200, 0.4, 0.03, FreeRunModels.bistable),
                               (300, 0.9, 0.08, FreeRunModels.bistable)])
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(ModelSelection.best(in: dir)?.epoch == 100)
    let decision = try ModelSelection.choose(in: dir, trajectories: [data], steps: 20_000)
    #expect(decision.kept?.epoch == 200)
    #expect(!decision.allDead)
    #expect(decision.rejected.map(\.epoch) == [100])
    let reason = try #require(decision.rejected.first?.reason)
    #expect(reason.hasPrefix("its free run settles on a fixed point after "), "\(reason)")
    #expect(decision.survey?.isAlive == true && decision.survey?.starts.count == OrbitSurvey.defaultStarts)
    let note = try #require(decision.note(lastEpoch: 300))
    #expect(note.hasPrefix("the checkpoint of epoch 200, the best-scoring one whose free runs stay alive; epoch 100 rejected: its free run settles on a fixed point after"), "\(note)")
  }

  @Test("when every checkpoint dies, the best-scoring is kept and the decision says so")
  func allDead() throws {
    let data = try FreeRunModels.bandOrbit(rows: 200)
    let (dir, root) = try run([(100, 0.5, 0.05, FreeRunModels.leaking), (200, 0.4, 0.04, FreeRunModels.leaking)])
    defer { try? FileManager.default.removeItem(at: root) }
    let decision = try ModelSelection.choose(in: dir, trajectories: [data], steps: 20_000)
    #expect(decision.kept?.epoch == 200 && decision.allDead)
    #expect(decision.rejected.map(\.epoch) == [100])
    let note = try #require(decision.note(lastEpoch: 200))
    #expect(note.hasPrefix("the checkpoint of epoch 200, the best-scoring one; every checkpoint checked dies (2 checked) — epoch 200: its free run settles on a fixed point"), "\(note)")
    #expect(note.contains("; epoch 100: its free run settles on a fixed point"), "\(note)")
    // A dead checkpoint's free runs stop once most starts died (3 of 5), and the reason says so.
    #expect(decision.rejected[0].reason.hasSuffix("(3 of 3 starts; the other 2 not run)"), "\(decision.rejected[0].reason)")
  }

  @Test("candidates are checked in score order only until one lives; unrunnable ones count as alive")
  func checkOrder() throws {
    let alive = OrbitSurvey(starts: [.init(trajectory: 0, row: 0, orbit: .init(kind: .irregular, largestExponent: 0.1), rangeExcess: 0)], steps: 10)
    let dead = OrbitSurvey(starts: [.init(trajectory: 0, row: 0, orbit: .init(kind: .divergent(step: 7), largestExponent: nil), rangeExcess: nil)], steps: 10)
    let candidates = [Choice(epoch: 50, dstsp: 1, dh: 0.1), Choice(epoch: 100, dstsp: 0.5, dh: 0.05), Choice(epoch: 150, dstsp: 0.6, dh: 0.06)]
    var asked: [Int] = []
    let decision = ModelSelection.choose(among: candidates) { c in
      asked.append(c.epoch)
      return c.epoch == 100 ? dead : alive
    }
    #expect(asked == [100, 150] && decision.kept?.epoch == 150)
    #expect(decision.rejected == [.init(epoch: 100, reason: "its free run escapes to infinity at step 7 (1 of 1 start)")])
    #expect(ModelSelection.choose(among: candidates) { _ in nil }.kept?.epoch == 100)
    #expect(ModelSelection.choose(among: []) { _ in alive }.kept == nil)
  }

  @Test("the suite keeps the best run whose free runs live")
  func bestLivingIndex() {
    let measures = [(dstsp: 0.3, dh: 0.03), (dstsp: 0.5, dh: 0.05), (dstsp: 0.9, dh: 0.09)]
    #expect(ModelSelection.bestIndex(measures, alive: [false, true, true]) == 1)
    #expect(ModelSelection.bestIndex(measures, alive: [false, false, false]) == 0)
    #expect(ModelSelection.bestIndex(measures, alive: [true, true, true]) == ModelSelection.bestIndex(measures))
  }
}
