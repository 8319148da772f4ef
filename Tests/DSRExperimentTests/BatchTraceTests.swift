@testable import DSRExperiment
import DSRData
import DSRModels
import DSRTensor
import DSRTraining
import Foundation
import Testing

@Suite("BatchTrace")
struct BatchTraceTests {
  @Test("settings from the environment: unset or 0 is off, counts are non-negative integers, gradients ≤ batches")
  func settings() throws {
    #expect(try BatchTrace.Settings(environment: [:]) == nil)
    #expect(try BatchTrace.Settings(environment: ["DSR_TRACE_BATCHES": "0"]) == nil)
    #expect(try BatchTrace.Settings(environment: ["DSR_TRACE_BATCHES": "5"]) == .init(batches: 5, gradients: 0))
    #expect(try BatchTrace.Settings(environment: ["DSR_TRACE_BATCHES": "5", "DSR_TRACE_GRADIENTS": "3"]) == .init(batches: 5, gradients: 3))
    #expect(try BatchTrace.Settings(environment: ["DSR_TRACE_BATCHES": "5", "DSR_TRACE_GRADIENTS": "9"]) == .init(batches: 5, gradients: 5))
    for bad in ["x", "-1", "2.5", ""] {
      #expect(throws: ConfigurationError.self) { try BatchTrace.Settings(environment: ["DSR_TRACE_BATCHES": bad]) }
    }
    let orphan = #expect(throws: ConfigurationError.self) { try BatchTrace.Settings(environment: ["DSR_TRACE_GRADIENTS": "2"]) }
    #expect(orphan?.description.contains("DSR_TRACE_BATCHES") == true)
  }

  @Test("writes the initial model and one line per traced batch, with arrays for the first k")
  func writes() throws {
    let dir = try scratchDirectory("trace")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = RunDirectory(path: dir.path)
    var rng = RandomGenerator(seed: 4)
    let x = Tensor<Float>.normal(shape: [50, 2], using: &rng)
    let model = ShallowPLRNN<Float>(latentDimension: 2, hiddenDimension: 4, clipped: true, using: &rng)
    let observation = ObservationModel<Float>(kind: .affine, observedDimension: 2, latentDimension: 2, using: &rng)
    var settings = RunConfiguration.defaults.training.settings
    (settings.sequenceLength, settings.batchSize, settings.batchesPerEpoch) = (5, 3, 2)
    settings.forcing = .generalized(GTFSettings(alpha: 0.2, method: .constant, decay: 0.999, updateInterval: 5))
    let trainer = try Trainer(model: model, observation: observation, inputWeights: nil, data: try Dataset(trajectories: [x]),
                              settings: settings, rng: RandomGenerator(seed: 5))
    let initial = ModelFile(model: model, observation: observation, inputWeights: nil, training: nil)
    try BatchTrace.attach(.init(batches: 3, gradients: 1), to: trainer, run: run, batchesPerEpoch: 2, initialModel: initial)
    let start = trainer.parameters
    for b in [1, 2, 1, 2] { _ = try trainer.trainBatch(indexInEpoch: b) }

    let saved = try ModelFile.read(BatchTrace.initialModelFile(of: run))
    #expect(saved == initial && saved.parameters["W1"]?.data == start[1].scalars.map(Double.init))
    let lines = try String(contentsOfFile: BatchTrace.batchesFile(of: run), encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 3, "the first 3 of 4 batches")
    let records = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    #expect(records.map { $0["step"] as? Int } == [1, 2, 3] && records.map { $0["epoch"] as? Int } == [1, 1, 2])
    #expect(records.map { $0["batch"] as? Int } == [1, 2, 1] && records[0]["alpha"] as? Double == 0.2)
    let windows = try #require(records[0]["windows"] as? [[Int]])
    #expect(windows.count == 3 && windows.allSatisfy { $0.count == 2 && $0[0] == 0 && (0...44).contains($0[1]) })
    #expect(records[0]["loss_training"] is Double && records[0]["learning_rate"] as? Double == 1e-3)
    let parameters = try #require(records[0]["parameters"] as? [String: [String: Any]])
    let gradients = try #require(records[0]["gradients"] as? [String: [String: Any]])
    #expect(Set(parameters.keys) == ["A", "W1", "W2", "h1", "h2", "B"] && Set(gradients.keys) == Set(parameters.keys))
    // Exact values (JSONDecoder parses numbers exactly; JSONSerialization need not).
    struct Arrays: Decodable { var parameters: [String: ModelFile.Array] }
    let exact = try JSONDecoder().decode(Arrays.self, from: Data(lines[0].utf8)).parameters
    #expect(exact["W1"]?.shape == [2, 4] && exact["W1"]?.data == start[1].scalars.map(Double.init))
    #expect(exact["B"]?.data == start[5].scalars.map(Double.init))
    #expect(records[1]["parameters"] == nil && records[1]["gradients"] == nil, "arrays only for the first batch")
  }
}
