import DSRData
import DSRModels
import DSRTensor
import Foundation

/// `dsr generate`: a free run of a stored model, written in the data's units.
///
/// The start: with data, the recording is mapped as every command maps it
/// (``ModelFile/modelUnits(_:)``: preprocessing, delay embedding, standardisation) and the run
/// starts from the model's initial state of the mapped row that shows recording row `start`
/// (default: the first complete one); without data, from the observation 0 in model units (the
/// training data's mean when the model standardised it). `z₁ = init_state(x₁)` (Identity:
/// `[x₁, L·x₁]`; Affine: `pinv(B)·x₁`), then `steps − 1` steps of the model (with inputs, row t
/// adds `C·s_t`), exactly ``ReconstructedSystem/generate(from:steps:inputs:)``.
///
/// The result has `steps` rows: row 0 is the observation of `z₁` (x₁ itself for Identity), row t
/// the observation after t steps, each mapped back by the inverse standardisation. With a delay
/// embedding the columns are the embedded coordinates; preprocessing is not undone (outputs are
/// in the preprocessed recording's units). The arithmetic is Double whatever the model's
/// training precision (the stored parameters are exact in Double).
public enum Generation {
  /// What to generate.
  public struct Request: Sendable {
    /// A model.json or a run directory.
    public var model: String
    /// The rows of the free run (≥ 1), the start included.
    public var steps: Int
    /// The `.npy` file to write.
    public var out: String
    /// A raw recording to start from (nil: the observation 0 in model units).
    public var data: String?
    /// Its external inputs (a model with inputs needs them).
    public var inputs: String?
    /// The recording's row to start from, 0-based (nil: the first the model can start from).
    public var start: Int?
    /// Replace an existing ordinary `out` (``OutputFile``).
    public var force = false

    /// A request with the required fields; the rest default to nil.
    public init(model: String, steps: Int, out: String, data: String? = nil, inputs: String? = nil, start: Int? = nil) {
      (self.model, self.steps, self.out, self.data, self.inputs, self.start) = (model, steps, out, data, inputs, start)
    }
  }

  /// A free run and where it started.
  public struct Result: Sendable {
    /// `steps × N`, in the data's units.
    public var trajectory: Tensor<Double>
    /// The recording row it started from (nil without data).
    public var startRow: Int?
    /// The first row that is not finite (nil: none).
    public var divergedAt: Int?
    /// The model file read.
    public var modelPath: String
    /// Its contents.
    public var file: ModelFile
  }

  /// The largest number of steps accepted (8 · 10⁷ rows).
  public static let maximalSteps = 80_000_000

  /// The free run `request` asks for, not written.
  ///
  /// - Throws: ``UsageError`` for bad values, ``DataFileError`` for an unreadable model or data
  ///   that do not fit it.
  public static func generate(_ request: Request) throws -> Result {
    guard (1...maximalSteps).contains(request.steps) else {
      throw UsageError("--steps must lie in 1…\(maximalSteps), got \(request.steps)")
    }
    if let start = request.start, start < 0 { throw UsageError("--start must be a row number ≥ 0, got \(start)") }
    if request.data == nil && request.start != nil { throw UsageError("--start counts rows of --data; give --data FILE too") }
    if request.data == nil && request.inputs != nil { throw UsageError("--inputs go with the recording they belong to; give --data FILE too") }
    let (file, path) = try ModelFile.load(runOrFile: request.model)
    let (latent, observation, c) = try file.instantiate(Double.self, path: path)
    let system = ReconstructedSystem(model: latent, observation: observation, inputWeights: c)
    let x1: Tensor<Double>
    var inputs: Tensor<Double>? = nil
    var startRow: Int? = nil
    if let data = request.data {
      let mapped = try file.modelUnits(try Dataset<Double>.load(paths: [data], inputPaths: request.inputs.map { [$0] } ?? [], allowingMissing: true))
      let x = mapped.trajectories[0]
      let row = try modelRow(of: request.start, in: x, file: file, data: data)
      startRow = recordingRow(of: row, file: file)
      x1 = x.row(row)
      if let s = mapped.inputs?[0] {
        guard s.shape[0] >= row + request.steps else {
          throw DataFileError(path: request.inputs ?? data, problem: "has \(s.shape[0] - row) input rows from the start on, fewer than the \(request.steps) steps",
                              remedy: "give fewer --steps or longer inputs")
        }
        inputs = s.rows(row..<(row + request.steps))
      }
    } else {
      guard file.inputDim == 0 else {
        throw DataFileError(path: path, problem: "is driven by \(file.inputDim) external inputs", remedy: "give the recording and its inputs with --data and --inputs")
      }
      x1 = Tensor(zeros: [file.observedDim])
    }
    let observed = try system.generate(from: x1, steps: request.steps, inputs: inputs).observed
    let diverged = (0..<request.steps).first { r in (0..<file.observedDim).contains { !observed[r, $0].isFinite } }
    return Result(trajectory: file.dataTransform.invert(observed), startRow: startRow, divergedAt: diverged, modelPath: path, file: file)
  }

  /// Generates and writes the `.npy` (float64) atomically; returns the lines the command prints.
  ///
  /// - Throws: as ``generate(_:)``, and ``DataFileError`` when `out` is not a `.npy` name or would
  ///   overwrite what ``OutputFile`` protects (an input, a run's own file, a read-only file; an existing file without `force`).
  public static func run(_ request: Request) throws -> String {
    guard request.out.lowercased().hasSuffix(".npy") else {
      throw UsageError("--out must name a .npy file (the free run is written as a numpy array), got '\(request.out)'")
    }
    let modelPath = try Evaluation.resolveModel(request.model)
    try OutputFile.check(request.out, reading: [modelPath, request.model] + [request.data, request.inputs].compactMap { $0 }, force: request.force)
    let result = try generate(request)
    try NPY.write(result.trajectory, to: request.out)
    let (t, n) = (result.trajectory.shape[0], result.trajectory.shape[1])
    let from = result.startRow.map { "row \($0) of \(request.data!)" } ?? "the observation 0 in model units (the training data's mean)"
    var lines = ["\(t) × \(n) free run of \(result.file.model) (\(result.modelPath)) from \(from), in the data's units (row 0 is the start), written to \(request.out)"]
    if let d = result.divergedAt { lines.append("Warning: the free run diverged at row \(d); rows from there on are NaN.") }
    return lines.joined(separator: "\n")
  }

  /// The row of the mapped series `x` that shows recording row `start` (nil: the first complete row).
  static func modelRow(of start: Int?, in x: Tensor<Double>, file: ModelFile, data: String) throws -> Int {
    let complete = { (r: Int) in (0..<x.shape[1]).allSatisfy { x[r, $0].isFinite } }
    guard let start else {
      guard let row = (0..<x.shape[0]).first(where: complete) else {
        throw DataFileError(path: data, problem: "has no complete row (without NaN) to start a free run from", remedy: "give data with observed rows")
      }
      return row
    }
    let k = file.preprocessing?.downsample ?? 1, lag = file.embedding?.maximalLag ?? 0
    guard start % k == 0 else {
      throw UsageError("--start \(start) is not a row the model sees: it keeps every \(k)th row of the recording (downsample = \(k)); give a multiple of \(k), e.g. \(start / k * k)")
    }
    let row = start / k - lag
    guard row >= 0 else {
      throw UsageError("--start \(start) is too early: the model's delay embedding needs \(lag) earlier rows\(k > 1 ? " (of every \(k)th)" : ""); give --start ≥ \(lag * k)")
    }
    guard row < x.shape[0] else {
      throw UsageError("--start \(start) lies beyond the recording \(data) (its last usable row is \(recordingRow(of: x.shape[0] - 1, file: file)))")
    }
    guard complete(row) else {
      throw DataFileError(path: data, problem: "has a missing value (NaN) in the model's state at row \(start)", remedy: "give a --start of a complete row, or omit --start")
    }
    return row
  }

  /// The recording row that row `row` of the mapped series shows.
  static func recordingRow(of row: Int, file: ModelFile) -> Int {
    (row + (file.embedding?.maximalLag ?? 0)) * (file.preprocessing?.downsample ?? 1)
  }
}
