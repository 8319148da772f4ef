import DSRTestSupport
import Foundation
import Testing

/// The hostile and careless user's catalogue: every case ends in a clear error (non-zero exit, a
/// message naming the file, key or value and the fix) or in correct behaviour, never in a crash
/// signal, and writes nothing where it refuses.
@Suite("bad input catalogue", .serialized)
struct BadInputCatalogueTests {
  static let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-catalogue-tests-\(getpid())")

  /// One case: the arguments (`$S` stands for the scratch directory, `$F` for the fixtures), the
  /// expected exit status and the fragments the output (stdout + stderr) must contain.
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    var status: Int32
    var contains: [String]
    /// A path (with `$S`) that must not exist afterwards: nothing was written.
    var untouched: String? = nil
    /// A file (with `$S`) that exists before and must hold the same bytes afterwards.
    var preserved: String? = nil
    var testDescription: String { name }
  }

  static let data = "$F/lorenz63_train_small.npy"
  static let small = ["--set", "hidden_dim=8", "--set", "sequence_length=20", "--set", "batches_per_epoch=2", "--set", "epochs=2"]
  static func train(_ results: String, _ extra: [String]) -> [String] {
    ["train", "--data", data, "--set", "results_directory=$S/\(results)"] + small + extra
  }

  static let cases: [Case] = [
    // Names and paths.
    Case(name: "experiment '..'", arguments: train("R1", ["--set", "experiment=.."]), status: 1, contains: ["key 'experiment'", "other than '.' and '..'"], untouched: "$S/R1"),
    Case(name: "name '.'", arguments: train("R2", ["--set", "name=."]), status: 1, contains: ["key 'name'", "folder name"], untouched: "$S/R2"),
    Case(name: "name with '/'", arguments: train("R3", ["--set", "name=a/b"]), status: 1, contains: ["key 'name'", "without '/'"], untouched: "$S/R3"),
    Case(name: "results_directory is a file", arguments: train("plainfile/R", []), status: 1, contains: ["plainfile is a file, not a directory"]),
    Case(name: "data path is a directory", arguments: ["train", "--data", "$S/folder.npy"], status: 1, contains: ["folder.npy: is a directory without .npy files"]),
    Case(name: "missing data file", arguments: ["train", "--data", "$S/none.npy"], status: 1, contains: ["none.npy: does not exist"]),
    Case(name: "resume of a folder that is not a run", arguments: ["train", "--resume", "$S"], status: 1, contains: ["is not a run directory (no config.json)"]),
    // Configuration files.
    Case(name: "a key given twice", arguments: ["train", "--config", "$S/duplicate.json"], status: 1, contains: ["duplicate.json, line 2", "key 'epochs'", "appears twice"]),
    Case(name: "a trailing comma", arguments: ["train", "--config", "$S/trailing.json"], status: 1, contains: ["trailing.json, line 3", "comma before '}'"]),
    Case(name: "not JSON", arguments: ["train", "--config", "$S/garbage.json"], status: 1, contains: ["garbage.json", "is not valid JSON"]),
    Case(name: "a misspelt key", arguments: train("R4", ["--set", "hiden_dim=3"]), status: 1, contains: ["did you mean 'hidden_dim'?"], untouched: "$S/R4"),
    Case(name: "a negative epoch count", arguments: train("R5", ["--set", "epochs=-1"]), status: 1, contains: ["epochs"], untouched: "$S/R5"),
    Case(name: "a grid file given to train", arguments: ["train", "--config", "$S/grid.json"], status: 1, contains: ["belongs to a grid configuration", "dsr grid --config"]),
    // Sizes that cannot fit.
    Case(name: "hidden_dim 10 000 000", arguments: train("R6", ["--set", "hidden_dim=10000000"]), status: 1, contains: ["would need about", "GB", "reduce hidden_dim"], untouched: "$S/R6"),
    Case(name: "hidden_dim 1 000 000", arguments: train("R7", ["--set", "hidden_dim=1000000"]), status: 1, contains: ["would need about"], untouched: "$S/R7"),
    Case(name: "PLRNN latent_dim 100 000", arguments: train("R8", ["--set", "model=PLRNN", "--set", "latent_dim=100000"]), status: 1, contains: ["would need about", "latent_dim²"], untouched: "$S/R8"),
    Case(name: "batch_size 100 000 000", arguments: train("R9", ["--set", "batch_size=100000000"]), status: 1, contains: ["would need about", "batch_size × sequence_length"], untouched: "$S/R9"),
    // Data files.
    Case(name: "an NPY shape that overflows Int", arguments: ["data", "info", "$D/shape_overflow.npy"], status: 1, contains: ["the element count overflows"]),
    Case(name: "an NPY header that lies about its size", arguments: ["data", "info", "$D/header_lies.npy"], status: 1, contains: ["header_lies.npy", "the header lies about the size"]),
    Case(name: "a truncated NPY", arguments: ["data", "info", "$D/truncated_data.npy"], status: 1, contains: ["truncated data"]),
    Case(name: "an empty file", arguments: ["data", "info", "$D/empty.npy"], status: 1, contains: ["truncated: 0 bytes"]),
    Case(name: "a ragged CSV", arguments: ["data", "info", "$D/table_ragged.csv"], status: 1, contains: ["table_ragged.csv"]),
    Case(name: "±∞ in training data", arguments: ["train", "--data", "$D/inf_values.npy"], status: 1, contains: ["inf_values.npy: holds an infinite value (inf) at row 1, column 0", "store NaN where the value is missing"]),
    Case(name: "NaN (missing values) in external inputs", arguments: ["train", "--data", "$F/lorenz63_gappy_small.npy", "--set", "path_to_inputs=$F/lorenz63_gappy_small.npy"], status: 1, contains: ["lorenz63_gappy_small.npy: holds a non-finite value (nan) at row 0, column 0"]),
    Case(name: "1e300 in float32", arguments: ["train", "--data", "$S/huge.npy", "--set", "results_directory=$S/R10"] + small, status: 1, contains: ["huge.npy: holds values too large for float32", "precision=float64"], untouched: "$S/R10"),
    // Model files and imports.
    Case(name: "analyze: a transposed parameter", arguments: ["analyze", "$S/transposed.json"], status: 1, contains: ["parameter 'W1' has shape [8, 3]", "needs [3, 8]"]),
    Case(name: "lyapunov: a negative shape", arguments: ["lyapunov", "$S/negative.json"], status: 1, contains: ["parameter 'W2' has shape [-8, -3]"]),
    Case(name: "analyze: not a model file", arguments: ["analyze", "$S/garbage.json"], status: 1, contains: ["garbage.json", "is not a dsr model file"]),
    Case(name: "import: a zip without arrays", arguments: ["import", "$S/noarrays.npz", "--model", "PLRNN", "--out", "$S/o1.json"], status: 1, contains: ["holds no arrays at all"], untouched: "$S/o1.json"),
    Case(name: "import: NaN in an array", arguments: ["import", "$S/nan.npz", "--model", "PLRNN", "--out", "$S/o2.json"], status: 1, contains: ["array 'A' holds nan at flat index 7"], untouched: "$S/o2.json"),
    Case(name: "import: an overflowing member", arguments: ["import", "$S/overflow.npz", "--model", "PLRNN", "--out", "$S/o3.json"], status: 1, contains: ["the element count overflows"], untouched: "$S/o3.json"),
    Case(name: "import: an unknown model", arguments: ["import", "$F/import_shplrnn.npz", "--model", "ALRN", "--out", "$S/o4.json"], status: 1, contains: ["did you mean 'ALRNN'?"], untouched: "$S/o4.json"),
    // Measures.
    Case(name: "evaluate: one-row test data", arguments: ["evaluate", "$S/run", "--data", "$S/one.npy"], status: 1, contains: ["one.npy: has 1 row(s), too few", "No run could be evaluated"]),
    Case(name: "measure: a GMM generated series shorter than the true one works", arguments: ["measure", "--true", "$F/lorenz63_test_small.npy", "--generated", "$S/short.npy", "--gmm-scaling", "1"], status: 0, contains: ["D_stsp (gmm"]),
    Case(name: "measure: different widths", arguments: ["measure", "--true", "$F/lorenz63_test_small.npy", "--generated", "$F/inputs_test_small.npy"], status: 1, contains: ["inputs_test_small.npy"]),
  ]

  /// Writes the files the cases use (once).
  static let prepared: Bool = {
    let fm = FileManager.default
    let s = scratch
    try? fm.createDirectory(at: s.appendingPathComponent("folder.npy"), withIntermediateDirectories: true)
    fm.createFile(atPath: s.appendingPathComponent("plainfile").path, contents: Data("x".utf8))
    func write(_ name: String, _ text: String) { fm.createFile(atPath: s.appendingPathComponent(name).path, contents: Data(text.utf8)) }
    write("duplicate.json", "{\"epochs\": 5,\n \"epochs\": 7}")
    write("trailing.json", "{\"epochs\": 5,\n \"hidden_dim\": 8,\n}")
    write("garbage.json", "not json at all")
    write("grid.json", #"{"grid": {"hidden_dim": [4, 8]}, "ids": {"hidden_dim": "H"}}"#)
    return true
  }()

  func expand(_ text: String) -> String {
    text.replacingOccurrences(of: "$S", with: Self.scratch.path)
      .replacingOccurrences(of: "$F", with: fixturesDirectory().path)
      .replacingOccurrences(of: "$D", with: repositoryRoot().appendingPathComponent("Tests/DSRDataTests/Fixtures").path)
  }

  @Test("every case ends in its exit status with a message naming the problem, never a signal", arguments: cases + moreCases)
  func catalogue(_ c: Case) throws {
    try prepareFiles()
    if let untouched = c.untouched { try? FileManager.default.removeItem(atPath: expand(untouched)) }
    let before = try c.preserved.map { try Data(contentsOf: URL(fileURLWithPath: expand($0))) }
    let r = try DSRProcess.run(c.arguments.map(expand))
    let output = r.stdout + r.stderr
    #expect(r.status == c.status, "\(c.name): exit \(r.status)\n\(output)")
    #expect(!output.contains("Fatal error") && !output.contains("Program crashed") && !output.contains("Backtrac"), "\(c.name): \(output)")
    for fragment in c.contains { #expect(output.contains(fragment), "\(c.name): missing '\(fragment)' in\n\(output)") }
    if let untouched = c.untouched { #expect(!FileManager.default.fileExists(atPath: expand(untouched)), "\(c.name) wrote \(untouched)") }
    if let preserved = c.preserved { #expect(try Data(contentsOf: URL(fileURLWithPath: expand(preserved))) == before, "\(c.name) changed \(preserved)") }
  }

  /// The scratch files: written with the dsr binary where they need a model or data.
  func prepareFiles() throws {
    _ = Self.prepared
    let s = Self.scratch
    let fm = FileManager.default
    let marker = s.appendingPathComponent(".ready").path
    guard !fm.fileExists(atPath: marker) else { return }
    // A small trained run and its model with a transposed / negative parameter.
    let train = try DSRProcess.run(["train", "--data", expand(Self.data), "--set", "results_directory=\(s.path)/T", "--set", "name=run"] + Self.small)
    #expect(train.status == 0, "\(train.stderr)")
    let run = s.appendingPathComponent("T/data/run/001")
    try? fm.removeItem(at: s.appendingPathComponent("run"))
    try fm.copyItem(at: run, to: s.appendingPathComponent("run/001"))
    var model = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("model.json"))) as! [String: Any]
    var parameters = model["parameters"] as! [String: Any]
    var w1 = parameters["W1"] as! [String: Any]
    w1["shape"] = [8, 3]
    parameters["W1"] = w1
    model["parameters"] = parameters
    try JSONSerialization.data(withJSONObject: model).write(to: s.appendingPathComponent("transposed.json"))
    w1["shape"] = [3, 8]
    parameters["W1"] = w1
    var w2 = parameters["W2"] as! [String: Any]
    w2["shape"] = [-8, -3]
    parameters["W2"] = w2
    model["parameters"] = parameters
    try JSONSerialization.data(withJSONObject: model).write(to: s.appendingPathComponent("negative.json"))
    // Data: one row, a short stretch, huge values (via dsr data subsample and CSV).
    let test = expand("$F/lorenz63_test_small.npy")
    #expect(try DSRProcess.run(["data", "subsample", test, "--every", "100000", "--out", s.appendingPathComponent("one.npy").path]).status == 0)
    #expect(try DSRProcess.run(["data", "subsample", test, "--every", "3", "--out", s.appendingPathComponent("short.npy").path]).status == 0)
    var rows: [String] = []
    for t in 0..<500 {
      let x = Double(t)
      let values: [Double] = [sin(0.1 * x) * 1e300, cos(0.13 * x) * 1e300, sin(0.07 * x) * 1e300]
      rows.append(values.map { "\($0)" }.joined(separator: ","))
    }
    try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: s.appendingPathComponent("huge.csv"))
    #expect(try DSRProcess.run(["data", "subsample", s.appendingPathComponent("huge.csv").path, "--every", "1", "--out", s.appendingPathComponent("huge.npy").path]).status == 0)
    // Archives: a zip without arrays, an .npz with an overflowing member (the NPY fixture inside).
    try zip(members: [("readme.txt", Data("no arrays".utf8))], to: s.appendingPathComponent("noarrays.npz"))
    let overflow = try Data(contentsOf: repositoryRoot().appendingPathComponent("Tests/DSRDataTests/Fixtures/shape_overflow.npy"))
    try zip(members: [("A.npy", overflow)], to: s.appendingPathComponent("overflow.npz"))
    let nan = try Data(contentsOf: repositoryRoot().appendingPathComponent("Tests/DSRDataTests/Fixtures/nan_values.npy"))
    try zip(members: [("A.npy", nan)], to: s.appendingPathComponent("nan.npz"))
    try prepareMoreFiles()
    fm.createFile(atPath: marker, contents: nil)
  }

  /// A stored (uncompressed) zip archive of `members`.
  func zip(members: [(String, Data)], to url: URL) throws {
    var out = Data(), central = Data()
    func u16(_ v: Int) -> Data { withUnsafeBytes(of: UInt16(v).littleEndian) { Data($0) } }
    func u32(_ v: Int) -> Data { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { Data($0) } }
    for (name, body) in members {
      let offset = out.count, crc = crc32(body), n = Data(name.utf8)
      var local = u32(0x0403_4b50)
      for v in [20, 0, 0, 0, 0] { local += u16(v) }
      local += u32(crc) + u32(body.count) + u32(body.count)
      local += u16(n.count) + u16(0)
      out += local + n + body
      var entry = u32(0x0201_4b50)
      for v in [20, 20, 0, 0, 0, 0] { entry += u16(v) }
      entry += u32(crc) + u32(body.count) + u32(body.count)
      for v in [n.count, 0, 0, 0, 0] { entry += u16(v) }
      entry += u32(0) + u32(offset)
      central += entry + n
    }
    let start = out.count
    var end = u32(0x0605_4b50)
    for v in [0, 0, members.count, members.count] { end += u16(v) }
    end += u32(central.count) + u32(start) + u16(0)
    out += central + end
    try out.write(to: url)
  }

  func crc32(_ data: Data) -> Int {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return Int(crc ^ 0xFFFF_FFFF)
  }
}
