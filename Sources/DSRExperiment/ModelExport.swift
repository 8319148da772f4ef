import DSRData
import Foundation

/// A model's parameters for other tools (`dsr export --format npz|safetensors`), under the names
/// of the reference implementations, and back (`dsr import` of such a file).
///
/// Arrays, float64, row-major, named as the reference code names them and as `dsr import` reads
/// them: `A` (the diagonal, a vector), `W` — or `W1`, `W2` — `h` (or `h1`, `h2`), `alpha` and `H`
/// (dendritic models); the observation model as `B` (N × M: the Affine read-out, or for an AL-RNN
/// with the Identity model the PyTorch ALRNN-DSR layout `[I_N | Lᵀ]`) or `L` ((M−N) × N, the
/// Julia GTF-shPLRNN layout, for the other models with the Identity model and M > N); `C`
/// (M × K) for external inputs.
///
/// The rest of model.json — model name, sizes, observation model, standardisation,
/// preprocessing, embedding, precision, training record — travels as a JSON record (model.json
/// with empty `parameters`): the member `dsr_model.json` of the `.npz` (`numpy.load(f)["dsr_model.json"]`
/// gives its bytes) or the string `dsr_model` of the safetensors `__metadata__`. `dsr import`
/// reads it, so that import after export gives back the model file exactly.
public enum ModelExport {
  /// The parameter formats.
  public enum Format: String, CaseIterable, Sendable {
    /// A numpy `.npz` archive (stored).
    case npz
    /// A safetensors file.
    case safetensors
  }

  /// The `.npz` member holding the model record.
  public static let npzRecordMember = "dsr_model.json"
  /// The safetensors `__metadata__` key holding the model record.
  public static let safetensorsRecordKey = "dsr_model"

  /// One named array.
  public typealias NamedArray = (name: String, shape: [Int], values: [Double])

  /// The parameter arrays of `file` under the reference names, in a fixed order (the model's
  /// parameters, then the observation model's, then C).
  public static func referenceArrays(of file: ModelFile) -> [NamedArray] {
    let (m, n) = (file.latentDim, file.observedDim)
    let order = ["A", "W", "W1", "W2", "h", "h1", "h2", "alpha", "H"]
    var out: [NamedArray] = order.compactMap { name in file.parameters[name].map { (name, $0.shape, $0.data) } }
    if file.observationModel == "Affine" {
      if let b = file.parameters["B"] { out.append(("B", b.shape, b.data)) }
    } else if file.model == ModelKind.alrnn.rawValue {
      // PyTorch ALRNN-DSR: z₁ = x₁B with the first N columns overwritten by x₁, so B = [I_N | Lᵀ].
      let l = file.parameters["L"]?.data ?? []
      var b = [Double](repeating: 0, count: n * m)
      for r in 0..<n {
        b[r * m + r] = 1
        for c in n..<m { b[r * m + c] = l[(c - n) * n + r] }
      }
      out.append(("B", [n, m], b))
    } else if let l = file.parameters["L"] {
      out.append(("L", l.shape, l.data))
    }
    if let c = file.parameters["C"] { out.append(("C", c.shape, c.data)) }
    return out
  }

  /// model.json without its parameter arrays (compact JSON, sorted keys).
  public static func record(of file: ModelFile) throws -> Data {
    var bare = file
    bare.parameters = [:]
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(bare)
  }

  /// The bytes of the export of `file` in `format`.
  public static func encode(_ file: ModelFile, as format: Format) throws -> [UInt8] {
    let arrays = referenceArrays(of: file), record = try record(of: file)
    switch format {
    case .npz:
      let members = arrays.map { (name: $0.name + ".npy", bytes: NPY.encode($0.values, shape: $0.shape)) }
      return NPZ.archive(members + [(name: npzRecordMember, bytes: [UInt8](record))])
    case .safetensors:
      return SafeTensors.encode(arrays, metadata: [safetensorsRecordKey: String(decoding: record, as: UTF8.self), "format": "pt"])
    }
  }

  /// `dsr export --format npz|safetensors`: the model of `model` (a model.json or a run
  /// directory) written atomically to `out`; returns the line the command prints.
  ///
  /// - Throws: ``DataFileError`` for an unreadable model, or an `out` that ``OutputFile`` refuses
  ///   (the model file itself, a run's own file, a read-only file, an existing file without `force`).
  public static func export(model: String, as format: Format, to out: String, force: Bool = false) throws -> String {
    let (file, path) = try ModelFile.load(runOrFile: model)
    try OutputFile.check(out, reading: [path, model], force: force)
    try AtomicFile.write(Data(try encode(file, as: format)), to: out, streams: true)
    let names = referenceArrays(of: file).map(\.name).joined(separator: ", ")
    return "\(file.model) parameters (\(names)) and the model record written to \(out) (\(format.rawValue), float64)"
  }

  /// The model file that an export of it holds: the record's fields with the parameters taken
  /// back from the reference arrays (``referenceArrays(of:)`` inverted), then checked as
  /// model.json is.
  ///
  /// - Throws: ``DataFileError`` naming `source` when the record or an array is missing or does
  ///   not fit.
  public static func modelFile(arrays: [String: ModelImport.Array], record: Data, source: String) throws -> ModelFile {
    var file = try ModelFile.parse(record, path: "\(source) (its dsr model record)")
    let (m, n) = (file.latentDim, file.observedDim)
    func take(_ name: String) throws -> ModelFile.Array {
      guard let a = arrays[name] else {
        throw DataFileError(path: source, problem: "has no array '\(name)', which its model record (\(file.model), \(file.observationModel)) needs",
                            remedy: "the file is incomplete; export the model again")
      }
      return ModelFile.Array(shape: a.shape, data: a.values)
    }
    var names = ["A"]
    if let kind = ModelKind(rawValue: file.model) {
      switch kind {
      case .shallowPLRNN, .clippedShallowPLRNN: names += ["W1", "W2", "h1", "h2"]
      case .dendriticPLRNN, .clippedDendriticPLRNN: names += ["W", "h", "alpha", "H"]
      case .plrnn, .meanCenteredPLRNN, .alrnn: names += ["W", "h"]
      }
    }
    if file.inputDim > 0 { names.append("C") }
    var parameters: [String: ModelFile.Array] = [:]
    for name in names { parameters[name] = try take(name) }
    if file.observationModel == "Affine" {
      parameters["B"] = try take("B")
    } else if m > n {
      if file.model == ModelKind.alrnn.rawValue {
        let b = try take("B")
        guard b.shape == [n, m] else {
          throw DataFileError(path: source, problem: "array 'B' has shape \(b.shape) but the ALRNN needs [\(n), \(m)]", remedy: "the file is corrupt; export the model again")
        }
        parameters["L"] = ModelFile.Array(shape: [m - n, n], data: (0..<(m - n)).flatMap { r in (0..<n).map { c in b.data[c * m + n + r] } })
      } else {
        parameters["L"] = try take("L")
      }
    }
    file.parameters = parameters
    _ = try file.instantiate(Double.self, path: source)  // shapes and names, as for a trained model
    return file
  }
}
