@testable import DSRExperiment
import DSRData
import DSRMeasures
import DSRTensor
import Foundation
import Testing

/// The keys of a recording's preprocessing, embedding and restarts, and their records.
@Suite("Recording keys: sampling rate, filters, embedding, delays, restarts")
struct RecordingKeysTests {
  func message(_ overrides: [String]) -> String {
    do { _ = try Configuration.load(file: nil, overrides: overrides); return "" } catch { return "\(error)" }
  }

  @Test("defaults: no preprocessing, embedding auto (a one-column recording is embedded), one training")
  func defaults() throws {
    let run = Configuration().decoded
    #expect(run.data.preprocessing == (try Preprocessing()))
    #expect(run.data.embedding == EmbeddingRequest(method: .auto, delays: []))
    #expect(run.data.embedding.method(forChannels: 1) == .uniform && run.data.embedding.method(forChannels: 3) == EmbeddingRequest.Method.none)
    #expect(run.training.restarts == 1)
  }

  @Test("sampling_rate and dt give the same interval; filters and delays reach the records")
  func records() throws {
    let a = try Configuration.load(file: nil, overrides: ["sampling_rate=360", "highpass=0.5", "detrend=true", "downsample=2", "delays=[0,20,68,55,10]"]).decoded
    #expect(a.data.preprocessing.dt == 1.0 / 360 && a.data.preprocessing.highpass == 0.5 && a.data.preprocessing.detrend)
    #expect(a.data.preprocessing.modelDt == 2.0 / 360)
    #expect(a.data.embedding.delays == [0, 20, 68, 55, 10] && a.data.embedding.method(forChannels: 1) == nil)
    let b = try Configuration.load(file: nil, overrides: ["dt=0.01", "restarts=4"]).decoded
    #expect(b.data.preprocessing.dt == 0.01 && b.training.restarts == 4)
    // A JSON file with a list of integers.
    let file = try Configuration.load(data: Data(#"{"delays": [0, 7, 14], "embedding": "uniform"}"#.utf8), source: "c.json")
    #expect(file.decoded.data.embedding == EmbeddingRequest(method: .uniform, delays: [0, 7, 14]))
    #expect(String(decoding: file.jsonData(), as: UTF8.self).contains("\"delays\" : [\n    0,\n    7,\n    14\n  ]"))
  }

  @Test("impossible values are refused with the key and the fix")
  func refused() {
    #expect(message(["sampling_rate=100", "dt=0.5"]).contains("dt"))
    #expect(message(["highpass=1"]).contains("sampling"))
    #expect(message(["dt=0.01", "highpass=60"]).contains("Nyquist"))
    #expect(message(["delays=[0,5,5]"]).contains("repeats"))
    #expect(message(["delays=[0,-3]"]).contains("delays"))
    #expect(message(["delays=[0,3]", "embedding=none"]).contains("embedding is none"))
    #expect(message(["embedding=uniforme"]).contains("did you mean 'uniform'"))
    #expect(message(["restarts=0"]).contains("restarts"))
    #expect(message(["downsample=0"]).contains("downsample"))
    #expect(message(["delays=3"]).contains("list of integers"))
  }

  @Test("a run's config.json written before embeddings resumes without one")
  func oldRuns() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-oldrun-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var object = try JSONSerialization.jsonObject(with: Configuration().jsonData()) as! [String: Any]
    for key in ["embedding", "delays", "sampling_rate", "dt", "detrend", "highpass", "downsample", "restarts"] { object[key] = nil }
    let file = dir.appendingPathComponent("config.json").path
    try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: file))
    #expect(try Configuration.resolved(from: file).decoded.data.embedding.method == EmbeddingRequest.Method.none)
  }
}

@Suite("TrainingRestarts: derived seeds and the kept restart")
struct TrainingRestartsTests {
  @Test("restarts > 1 outside dsr train (a grid or suite task) is refused before anything is written")
  func notAsATask() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-restarts-task-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let c = try Configuration.load(file: nil, overrides: ["restarts=2", "results_directory=\(dir.path)", "epochs=1"])
    #expect { try TrainingRun.start(c) } throws: { "\($0)".contains("restarts") && "\($0)".contains("runs") }
    #expect(!FileManager.default.fileExists(atPath: dir.path))
  }

  @Test("a restart is alive by its verdict's starts, not only the first")
  func aliveFromStarts() {
    var r = TrainingRestarts.Restart(index: 1, seed: 1, directory: "/nonexistent", outcome: "finished", orbit: "irregular", dstsp: 1, dh: 0.1, seconds: 1)
    #expect(!r.isDead)
    r.alive = false
    #expect(r.isDead)
    r.orbit = "fixed_point"
    r.alive = true
    #expect(!r.isDead)
  }

  @Test("restart 1 trains with the run's seed, restart i with seed + 1000·(i − 1)")
  func seeds() {
    #expect(TrainingRestarts.seed(base: 7, restart: 1) == 7 && TrainingRestarts.seed(base: 7, restart: 3) == 2007)
  }

  @Test("the kept restart: a living model before a better-scoring fixed point; among the dead only when all are dead")
  func choice() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-restarts-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    func restart(_ i: Int, _ orbit: String, _ d: Double, _ h: Double) throws -> TrainingRestarts.Restart {
      let run = dir.appendingPathComponent("\(i)").path
      try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
      FileManager.default.createFile(atPath: RunDirectory(path: run).model, contents: Data("{}".utf8))
      return .init(index: i, seed: i, directory: run, outcome: "finished", orbit: orbit, dstsp: d, dh: h, seconds: 1)
    }
    let dead = try restart(1, "fixed_point", 0.2, 0.01)
    let a = try restart(2, "irregular", 0.9, 0.08)
    let b = try restart(3, "irregular", 0.6, 0.05)
    #expect(TrainingRestarts.choose([dead, a, b])?.index == 3)
    #expect(TrainingRestarts.choose([dead])?.index == 1)
    var noModel = a
    noModel.directory = dir.appendingPathComponent("absent").path
    #expect(TrainingRestarts.choose([noModel]) == nil)
    // All dead with undefined measures: the first with a model.
    var deadA = try restart(4, "fixed_point", .nan, .nan), deadB = try restart(5, "divergent", .nan, .nan)
    (deadA.dstsp, deadB.dh) = (nil, nil)
    #expect(TrainingRestarts.choose([noModel, deadA, deadB])?.index == 4)
  }
}

@Suite("NoiseFloor on data that are nearly all gaps")
struct NoiseFloorGapsTests {
  @Test("no floor (nil), never a crash, when the two stretches share fewer than 2 complete rows")
  func nearlyAllGaps() {
    var values = [Double](repeating: .nan, count: 400)
    (values[14], values[15]) = (1, 2)  // row 7 complete, in the first stretch only
    let x = Tensor<Double>(shape: [200, 2], scalars: values)
    #expect(NoiseFloor.compute(trajectories: [x], names: ["gaps.npy"], length: 100, method: .binned(bins: 30), smoothing: 20) == nil)
    #expect(StateSpaceDivergence.binned(true: x, generated: Tensor(shape: [3, 2], scalars: [0, 1, 2, 3, 4, 5]), bins: 30).isNaN)
  }
}
