import DSRData
import Foundation

/// Converts a model trained elsewhere (arrays named as in the reference implementations) into a
/// ``ModelFile`` (`dsr import`).
///
/// Arrays: `A` (the diagonal, a vector), `W` — or `W1`, `W2` for the shallow models — `h` (or
/// `h1`, `h2`), `alpha` and `H` for the dendritic models, and for the Identity observation model
/// the initial-state map either as `L` ((M−N) × N, Julia layout) or `B` (N × M, PyTorch layout:
/// its last M−N columns, transposed, are L). Shapes are checked against the model and every
/// error names the array.
public enum ModelImport {
  /// An array read from the source: its shape and row-major values.
  public typealias Array = (shape: [Int], values: [Double])

  /// The arrays of an `.npz` archive, a `.safetensors` file or a JSON object (nested lists, or
  /// `{"shape", "data"}`).
  public static func readArrays(_ path: String) throws -> [String: Array] { try readSource(path).arrays }

  /// The arrays of an `.npz` archive, a `.safetensors` file or a JSON object, with the dsr model
  /// record that `dsr export` stores beside them (``ModelExport``; nil in a file from elsewhere).
  public static func readSource(_ path: String) throws -> (arrays: [String: Array], record: Data?) {
    try DataFileError.requireRegularFile(path)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DataFileError(path: path, problem: "cannot be read", remedy: "check the path")
    }
    let lowered = path.lowercased()
    if lowered.hasSuffix(".npz") {
      let bytes = [UInt8](data)
      let record = try NPZ.otherMembers(of: bytes, path: path)[ModelExport.npzRecordMember].map { Data($0) }
      return (try NPZ.parse(bytes, path: path).mapValues { ($0.shape, $0.values) }, record)
    }
    if lowered.hasSuffix(".safetensors") {
      let (tensors, metadata) = try SafeTensors.parse([UInt8](data), path: path)
      return (tensors, metadata[ModelExport.safetensorsRecordKey].map { Data($0.utf8) })
    }
    return (try arrays(json: data, path: path), nil)
  }

  /// The arrays of a JSON object held in memory (nested lists, or `{"shape", "data"}`); `path`
  /// names it in error messages.
  public static func arrays(json data: Data, path: String) throws -> [String: Array] {
    guard let object = try StrictJSON.jsonObject(data, path: path) as? [String: Any] else {
      throw DataFileError(path: path, problem: "is neither an .npz archive nor a JSON object of arrays", remedy: "save the parameters with numpy.savez, or as {\"A\": [...], \"W\": [[...]], ...}")
    }
    let root = (object["parameters"] as? [String: Any]) ?? object
    var out: [String: Array] = [:]
    for (name, value) in root {
      if let dictionary = value as? [String: Any], let shape = dictionary["shape"] as? [Int], let values = dictionary["data"] as? [Any] {
        out[name] = (shape, try values.map { try number($0, name: name, path: path) })
      } else if let list = value as? [Any] {
        out[name] = try flatten(list, name: name, path: path)
      } else if value is NSNumber {
        out[name] = ([], [try number(value, name: name, path: path)])
      }
    }
    return out
  }

  static func number(_ v: Any, name: String, path: String) throws -> Double {
    guard let n = v as? NSNumber, !(v is String) else {
      throw DataFileError(path: path, problem: "array '\(name)' holds \(v), not a number", remedy: "write the arrays as numbers")
    }
    return n.doubleValue
  }

  static func flatten(_ list: [Any], name: String, path: String) throws -> Array {
    guard let first = list.first else { return ([0], []) }
    if first is [Any] {
      let parts = try list.map { element -> Array in
        guard let sub = element as? [Any] else { throw DataFileError(path: path, problem: "array '\(name)' is ragged", remedy: "every row needs the same length") }
        return try flatten(sub, name: name, path: path)
      }
      guard Set(parts.map { $0.shape }).count == 1 else { throw DataFileError(path: path, problem: "array '\(name)' is ragged", remedy: "every row needs the same length") }
      return ([list.count] + parts[0].shape, parts.flatMap { $0.values })
    }
    return ([list.count], try list.map { try number($0, name: name, path: path) })
  }

  /// The model file for `model` from `arrays`.
  public static func modelFile(
    _ arrays: [String: Array], model: String, pwlUnits: Int?, observationDim: Int?, hiddenDim: Int?, precision: String, source: String
  ) throws -> ModelFile {
    func fail(_ problem: String, _ remedy: String) -> DataFileError { DataFileError(path: source, problem: problem, remedy: remedy) }
    let names = ModelKind.allCases.map(\.rawValue)
    guard let kind = ModelKind(rawValue: model) else {
      throw ConfigurationError(source: "--model", key: model, problem: "is not a model", remedy: nearest(model, in: names).map { "did you mean '\($0)'?" } ?? "one of \(names.joined(separator: ", "))")
    }
    for (name, array) in arrays.sorted(by: { $0.key < $1.key }) {
      if let index = array.values.firstIndex(where: { !$0.isFinite }) {
        throw fail("array '\(name)' holds \(array.values[index]) at flat index \(index)", "a model with non-finite parameters cannot run; export the trained values again")
      }
      if precision == "float32", let index = array.values.firstIndex(where: { !Float($0).isFinite }) {
        throw fail("array '\(name)' holds \(array.values[index]) at flat index \(index), beyond float32's range (±3.4e38)",
                   "import with --precision float64, or rescale the parameters")
      }
    }
    let shallow = kind.isShallow, dendritic = kind == .dendriticPLRNN || kind == .clippedDendriticPLRNN
    func get(_ names: [String]) throws -> (String, Array) {
      for n in names { if let a = arrays[n] { return (n, a) } }
      throw fail("has no array \(names.map { "'\($0)'" }.joined(separator: " or ")) for a \(model)", arrays.isEmpty ? "the file holds no arrays at all; save the parameters with numpy.savez" : "the arrays present are \(arrays.keys.sorted().joined(separator: ", "))")
    }
    func expect(_ name: String, _ a: Array, _ shape: [Int]) throws {
      guard a.shape == shape else {
        throw fail("array '\(name)' has shape \(a.shape) but the \(model) needs \(shape)", name == "A" && a.shape.count == 2 ? "store A as its diagonal (numpy.diag(A))" : "check M, N, L and the layout")
      }
    }
    let (aName, a) = try get(["A", "a"])
    guard a.shape.count == 1 else { throw fail("array '\(aName)' has shape \(a.shape); A is the diagonal, a vector", "store numpy.diag(A)") }
    let m = a.shape[0]
    var parameters: [String: ModelFile.Array] = ["A": .init(shape: [m], data: a.values)]
    var hidden: Int? = nil, bases: Int? = nil
    if shallow {
      let (w1n, w1) = try get(["W1", "W₁"]), (w2n, w2) = try get(["W2", "W₂"]), (h1n, h1) = try get(["h1", "h₁"]), (h2n, h2) = try get(["h2", "h₂"])
      let l = hiddenDim ?? (w1.shape.count == 2 ? w1.shape[1] : 0)
      try expect(w1n, w1, [m, l]); try expect(w2n, w2, [l, m]); try expect(h1n, h1, [m]); try expect(h2n, h2, [l])
      parameters["W1"] = .init(shape: [m, l], data: w1.values); parameters["W2"] = .init(shape: [l, m], data: w2.values)
      parameters["h1"] = .init(shape: [m], data: h1.values); parameters["h2"] = .init(shape: [l], data: h2.values)
      hidden = l
    } else {
      let (wn, w) = try get(["W"]), (hn, h) = try get(["h"])
      try expect(wn, w, [m, m]); try expect(hn, h, [m])
      parameters["W"] = .init(shape: [m, m], data: w.values); parameters["h"] = .init(shape: [m], data: h.values)
      if dendritic {
        let (alphaName, alpha) = try get(["alpha", "α"]), (hhName, hh) = try get(["H"])
        let b = alpha.shape.first ?? 0
        try expect(alphaName, alpha, [b]); try expect(hhName, hh, [m, b])
        parameters["alpha"] = .init(shape: [b], data: alpha.values); parameters["H"] = .init(shape: [m, b], data: hh.values)
        bases = b
      }
    }
    if kind == .alrnn {
      guard let p = pwlUnits, p >= 0, p <= m else { throw fail("needs --pwl-units P (0…\(m)) for an ALRNN", "give the number of piecewise-linear units, e.g. --pwl-units 2") }
    }
    // Identity observation model: L, or B in PyTorch layout, or nothing when M = N.
    var n = observationDim
    if let l = arrays["L"] {
      let nn = n ?? (l.shape.count == 2 ? l.shape[1] : -1)
      try expect("L", l, [m - nn, nn])
      if m > nn { parameters["L"] = .init(shape: [m - nn, nn], data: l.values) }
      n = nn
    } else if let b = arrays["B"] {
      let nn = n ?? (b.shape.count == 2 ? b.shape[0] : -1)
      try expect("B", b, [nn, m])
      if m > nn {
        // L = B[:, N:]ᵀ, (M−N) × N.
        var l = [Double]()
        for r in 0..<(m - nn) { for c in 0..<nn { l.append(b.values[c * m + nn + r]) } }
        parameters["L"] = .init(shape: [m - nn, nn], data: l)
      }
      n = nn
    } else if (n ?? m) < m {
      throw fail("has no 'L' ((M−N) × N) or 'B' (N × M) for the Identity observation model with N = \(n!) < M = \(m)", "add the initial-state map, or give --observation-dim \(m)")
    }
    let observed = n ?? m
    guard observed >= 1 && observed <= m else { throw fail("N = \(observed) must lie in 1…M = \(m)", "check --observation-dim") }
    let file = ModelFile(
      model: model, latentDim: m, hiddenDim: hidden, numBases: bases, pwlUnits: kind == .alrnn ? pwlUnits : nil,
      observationModel: "Identity", observedDim: observed, inputDim: 0, precision: precision, parameters: parameters, training: nil)
    _ = try file.instantiate(Double.self, path: source)  // the same checks as for a trained model
    return file
  }

  /// `dsr import`: converts `file` (``readSource(_:)``, ``modelFile(_:model:pwlUnits:observationDim:hiddenDim:precision:source:)``)
  /// and writes the model file atomically to `out`; returns the line the command prints.
  ///
  /// A file `dsr export` wrote carries its model record: the model file comes back exactly
  /// (``ModelExport/modelFile(arrays:record:source:)``), and the options, which it does not need,
  /// must agree with the record when given. Any other file needs `model` (default precision float32).
  public static func importModel(
    _ file: String, model: String?, pwlUnits: Int?, observationDim: Int?, hiddenDim: Int?, precision: String?, out: String, force: Bool = false
  ) throws -> String {
    try OutputFile.check(out, reading: [file], force: force)
    let (arrays, record) = try readSource(file)
    let result: ModelFile
    if let record {
      result = try ModelExport.modelFile(arrays: arrays, record: record, source: file)
      let given: [(String, String?, String?)] = [
        ("--model", model, result.model), ("--pwl-units", pwlUnits.map(String.init), result.pwlUnits.map(String.init)),
        ("--observation-dim", observationDim.map(String.init), String(result.observedDim)),
        ("--hidden-dim", hiddenDim.map(String.init), result.hiddenDim.map(String.init)), ("--precision", precision, result.precision)]
      for (option, value, stored) in given {
        if let value, value != stored {
          throw UsageError("\(option) \(value) contradicts the model record in \(file), which says \(stored ?? "none"); drop \(option) (the record describes the model)")
        }
      }
    } else {
      guard let model else {
        throw UsageError("--model is needed for \(file), which holds arrays without a dsr model record; give one of \(ModelKind.namesInWords)")
      }
      result = try modelFile(arrays, model: model, pwlUnits: pwlUnits, observationDim: observationDim, hiddenDim: hiddenDim,
                             precision: precision ?? "float32", source: file)
    }
    try AtomicFile.write(try result.jsonData(), to: out, streams: true)
    let sizes = (result.pwlUnits.map { ", P = \($0)" } ?? "") + (result.hiddenDim.map { ", L = \($0)" } ?? "")
    return "\(result.model) (M = \(result.latentDim), N = \(result.observedDim)\(sizes)) from \(file) written to \(out)"
  }
}
