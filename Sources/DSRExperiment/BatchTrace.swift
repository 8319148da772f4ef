import DSRData
import DSRTensor
import DSRTraining
import Foundation

/// A debugging record of a run's first training batches, to compare dsr step by step with an
/// independent implementation (scripts/stf_reference.py reads it).
///
/// Switched on by two environment variables of `dsr train` / `dsr grid`:
///
/// | variable | meaning |
/// |---|---|
/// | `DSR_TRACE_BATCHES=n` | record the first n training batches (global optimiser steps 1…n) |
/// | `DSR_TRACE_GRADIENTS=k` | for the first k of them also the parameters and the gradient (default 0) |
///
/// The run directory then holds `trace/model_0.json`, the initial model (model.json format, written
/// when the run starts, not on resume), and `trace/batches.jsonl`, one JSON object per batch:
///
/// ```json
/// {"step": 1, "epoch": 1, "batch": 1, "alpha": 0, "learning_rate": 0.001,
///  "loss_training": 0.71, "loss_regularization": 0.0011,
///  "windows": [[0, 40213], [0, 977], ...],
///  "parameters": {"A": {"shape": [5], "data": [...]}, ...},
///  "gradients": {"A": {"shape": [5], "data": [...]}, ...}}
/// ```
///
/// `windows` lists `[trajectory, start]` per sample (0-based; the window is rows start…start+T̃);
/// `parameters` are those the batch was evaluated at (before its update) and `gradients` those the
/// optimiser received (L_tr + L_reg, after the W-diagonal rule, before clipping), present for the
/// first k batches only. A resumed run appends, continuing the step count.
public enum BatchTrace {
  /// The environment variable giving the number of traced batches.
  public static let batchesVariable = "DSR_TRACE_BATCHES"
  /// The environment variable giving the number of batches traced with parameters and gradients.
  public static let gradientsVariable = "DSR_TRACE_GRADIENTS"

  /// What to record.
  public struct Settings: Equatable, Sendable {
    /// Record the first `batches` training batches.
    public var batches: Int
    /// Include parameters and gradients for the first `gradients` of them.
    public var gradients: Int

    /// Recording the first `batches` batches, `gradients` of them with parameters and gradients.
    public init(batches: Int, gradients: Int = 0) { (self.batches, self.gradients) = (batches, gradients) }

    /// The settings an environment asks for; nil when ``batchesVariable`` is unset or 0.
    ///
    /// - Throws: ``ConfigurationError`` for a value that is not a non-negative integer.
    public init?(environment: [String: String]) throws {
      func count(_ name: String) throws -> Int? {
        guard let text = environment[name] else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
          throw ConfigurationError(source: "environment", key: name, problem: "must be a number of batches ≥ 0, got '\(text)'",
                                   remedy: "e.g. \(name)=100, or unset it")
        }
        return value
      }
      let batches = try count(batchesVariable) ?? 0
      let gradients = try count(gradientsVariable) ?? 0
      guard batches > 0 else {
        if gradients > 0 {
          throw ConfigurationError(source: "environment", key: gradientsVariable, problem: "needs \(batchesVariable) as well",
                                   remedy: "set \(batchesVariable) to at least \(gradients)")
        }
        return nil
      }
      self.init(batches: batches, gradients: Swift.min(gradients, batches))
    }
  }

  /// `trace/` of a run directory.
  public static func directory(of run: RunDirectory) -> String { run.file("trace") }
  /// `trace/batches.jsonl`.
  public static func batchesFile(of run: RunDirectory) -> String { run.file("trace/batches.jsonl") }
  /// `trace/model_0.json`.
  public static func initialModelFile(of run: RunDirectory) -> String { run.file("trace/model_0.json") }

  /// Attaches a trace with `settings` to `trainer`, writing into `run`'s `trace/`.
  ///
  /// - Throws: ``DataFileError`` when `trace/` or its files cannot be written.
  public static func attach<S: BLASScalar>(
    _ settings: Settings, to trainer: Trainer<S>, run: RunDirectory, batchesPerEpoch: Int, initialModel: ModelFile?
  ) throws {
    let folder = directory(of: run)
    do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
      throw DataFileError(path: folder, problem: "cannot be created (\(error.localizedDescription))", remedy: "check the results directory")
    }
    if let initialModel { try AtomicFile.write(try initialModel.jsonData(), to: initialModelFile(of: run)) }
    let path = batchesFile(of: run)
    let handle = try AtomicFile.openForAppending(path)  // never through a link
    let writer = Writer(settings: settings, handle: handle, path: path, batchesPerEpoch: batchesPerEpoch)
    trainer.batchObserver = { writer.record($0) }
  }

  /// One line of `batches.jsonl`.
  struct Line: Encodable {
    var step: Int, epoch: Int, batch: Int, alpha: Double
    var learningRate: Double, lossTraining: Double, lossRegularization: Double
    var windows: [[Int]]
    var parameters: [String: ModelFile.Array]?
    var gradients: [String: ModelFile.Array]?

    enum CodingKeys: String, CodingKey {
      case step, epoch, batch, alpha, windows, parameters, gradients
      case learningRate = "learning_rate", lossTraining = "loss_training", lossRegularization = "loss_regularization"
    }

    init<S: BLASScalar>(_ o: BatchObservation<S>, batchesPerEpoch: Int, withArrays: Bool) {
      (step, batch, alpha, learningRate) = (o.step, o.indexInEpoch, o.alpha, o.learningRate)
      epoch = (o.step - 1) / batchesPerEpoch + 1
      (lossTraining, lossRegularization) = (o.loss.training, o.loss.regularization)
      windows = o.windows.map { [$0.trajectory, $0.start] }
      if withArrays {
        func arrays(_ tensors: [Tensor<S>]) -> [String: ModelFile.Array] {
          Dictionary(uniqueKeysWithValues: zip(o.names, tensors).map { ($0, ModelFile.Array(shape: $1.shape, data: $1.scalars.map { Double($0) })) })
        }
        (parameters, gradients) = (arrays(o.parameters), arrays(o.gradients))
      }
    }
  }

  /// Appends the observed batches to `batches.jsonl` until the requested count is reached.
  final class Writer {
    let settings: Settings, handle: FileHandle, path: String, batchesPerEpoch: Int
    let encoder: JSONEncoder = {
      let e = JSONEncoder()
      e.outputFormatting = [.sortedKeys]
      e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
      return e
    }()
    var failed = false

    init(settings: Settings, handle: FileHandle, path: String, batchesPerEpoch: Int) {
      (self.settings, self.handle, self.path, self.batchesPerEpoch) = (settings, handle, path, batchesPerEpoch)
    }

    deinit { try? handle.close() }

    func record<S: BLASScalar>(_ observation: BatchObservation<S>) {
      guard !failed, observation.step <= settings.batches else { return }
      let line = Line(observation, batchesPerEpoch: batchesPerEpoch, withArrays: observation.step <= settings.gradients)
      do {
        var data = try encoder.encode(line)
        data.append(UInt8(ascii: "\n"))
        try handle.write(contentsOf: data)
        if observation.step == settings.batches { try handle.synchronize() }
      } catch {
        failed = true
        FileHandle.standardError.write(Data("Warning: \(path): the batch trace stopped (\(error.localizedDescription))\n".utf8))
      }
    }
  }
}
