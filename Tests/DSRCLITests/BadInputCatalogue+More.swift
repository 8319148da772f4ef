import DSRTestSupport
import Foundation
import Testing

/// The catalogue's second half: every typed key given a wrong value, configuration files that
/// are not JSON, data too short or of the wrong shape, mismatched test data, unwritable outputs
/// (a full disk is `/dev/full`, so no mount is needed) and the analysis commands with bad
/// arguments.
extension BadInputCatalogueTests {
  /// `dsr train --set <assignment>` refused before anything is written (its results folder is
  /// named after the assignment and must not appear).
  static func refused(_ name: String, _ assignment: String, _ contains: [String]) -> Case {
    let results = "set-" + String(assignment.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    return Case(name: name, arguments: train(results, ["--set", assignment]), status: 1, contains: contains, untouched: "$S/\(results)")
  }
  /// `dsr train --config <file>` refused before anything is written.
  static func refusedFile(_ name: String, _ file: String, _ contains: [String]) -> Case {
    let results = "config-" + file
    return Case(name: name, arguments: ["train", "--config", "$S/\(file)", "--data", data, "--set", "results_directory=$S/\(results)"] + small,
                status: 1, contains: contains, untouched: "$S/\(results)")
  }
  static let run = "$S/run/001"
  static let test = "$F/lorenz63_test_small.npy"

  static let moreCases: [Case] = [
    // Every typed key with a value of the wrong kind or out of range (--set).
    refused("epochs 0", "epochs=0", ["key 'epochs'", "must be at least 1, got 0"]),
    refused("epochs 2.5", "epochs=2.5", ["key 'epochs'", "must be an integer, got '2.5'"]),
    refused("epochs 1e30", "epochs=1e30", ["key 'epochs'", "got '1e30'"]),
    refused("batch_size 0", "batch_size=0", ["key 'batch_size'", "got 0"]),
    refused("batch_size -3", "batch_size=-3", ["key 'batch_size'", "got -3"]),
    refused("sequence_length 0", "sequence_length=0", ["key 'sequence_length'", "got 0"]),
    refused("sequence_length longer than the data", "sequence_length=100000", ["sequence_length: 100000 needs trajectories of at least 100001 rows", "choose sequence_length ≤ 3999"]),
    refused("start_lr negative", "start_lr=-1", ["key 'start_lr'", "must be positive, got -1.0"]),
    refused("start_lr nan", "start_lr=nan", ["key 'start_lr'", "must be a number, got 'nan'"]),
    refused("end_lr 0", "end_lr=0", ["key 'end_lr'", "must be positive"]),
    refused("an unknown model", "model=Foo", ["key 'model'", "'Foo' is not one of", "clippedShallowPLRNN"]),
    refused("an unknown α method", "gtf_alpha_method=bogus", ["key 'gtf_alpha_method'", "'bogus' is not one of"]),
    refused("gtf_alpha 2", "gtf_alpha=2", ["key 'gtf_alpha'", "must lie in [0, 1], got 2.0"]),
    refused("precision float16", "precision=float16", ["key 'precision'", "did you mean 'float32'?"]),
    refused("standardize maybe", "standardize=maybe", ["key 'standardize'", "must be true or false, got 'maybe'"]),
    refused("--set without '='", "epochs", ["key 'epochs'", "is not of the form key=value"]),
    refused("--set without a key", "=5", ["key '=5'", "has no key before '='"]),
    // Configuration files of the wrong types, or not JSON.
    refusedFile("a number as a string", "string.json", ["string.json", "key 'epochs'", "got a string \"100\""]),
    refusedFile("an integer for a boolean", "boolint.json", ["key 'standardize'", "must be a boolean, got an integer 1"]),
    refusedFile("NaN in JSON", "nan.json", ["nan.json: is not valid JSON", "JSON has no NaN or Infinity"]),
    refusedFile("a number beyond Double", "huge.json", ["huge.json: is not valid JSON", "too large for a Double"]),
    refusedFile("a list for one value", "list.json", ["key 'hidden_dim'", "got a list of integers [8]", "\"grid\" object"]),
    refusedFile("null for a value", "null.json", ["key 'model'", "null is not", "remove the key"]),
    refusedFile("an empty configuration file", "empty.json", ["empty.json: is not valid JSON", "empty or cut short"]),
    refusedFile("a configuration file that is not UTF-8", "latin1.json", ["latin1.json: is not valid JSON"]),
    Case(name: "a directory as the configuration file", arguments: ["train", "--config", "$S/folder.npy"], status: 1,
         contains: ["folder.npy: is a directory, not a configuration file"]),
    Case(name: "grid: a missing configuration file", arguments: ["grid", "--config", "$S/none.json"], status: 1, contains: ["none.json: does not exist", "Configs/defaults.json"]),
    // Data: no rows, one row, fewer rows than a window, the wrong shape, text, not UTF-8, a loop.
    Case(name: "0 rows", arguments: ["train", "--data", "$S/zero.npy", "--set", "results_directory=$S/D1"] + small, status: 1, contains: ["zero.npy: is empty (shape [0, 3])"], untouched: "$S/D1"),
    Case(name: "1 row", arguments: ["train", "--data", "$S/one.npy", "--set", "results_directory=$S/D2"] + small, status: 1, contains: ["one.npy: column 0 (0-based) is constant"], untouched: "$S/D2"),
    Case(name: "fewer rows than sequence_length", arguments: ["train", "--data", "$S/ten.npy", "--set", "results_directory=$S/D3"] + small, status: 1,
         contains: ["sequence_length: 20 needs trajectories of at least 21 rows; the longest has 10"], untouched: "$S/D3"),
    Case(name: "a 3-D array", arguments: ["train", "--data", "$S/cube.npy", "--set", "results_directory=$S/D4"] + small, status: 1, contains: ["cube.npy: has shape [2, 5, 3]", "T × N matrix"], untouched: "$S/D4"),
    Case(name: "complex numbers", arguments: ["data", "info", "$S/complex.npy"], status: 1, contains: ["complex.npy: unsupported dtype '<c8'", "astype"]),
    Case(name: "a CSV with text", arguments: ["data", "info", "$S/text.csv"], status: 1, contains: ["text.csv: line 2, column 3: 'x' is not a number"]),
    Case(name: "a CSV that is not UTF-8", arguments: ["data", "info", "$S/latin1.csv"], status: 1, contains: ["latin1.csv: cannot be read as UTF-8 text"]),
    Case(name: "an empty CSV", arguments: ["data", "info", "$S/empty.csv"], status: 1, contains: ["empty.csv: holds no data rows"]),
    Case(name: "a symlink loop", arguments: ["train", "--data", "$S/loop1.npy", "--set", "results_directory=$S/D5"] + small, status: 1, contains: ["loop1.npy: does not exist"], untouched: "$S/D5"),
    Case(name: "a 300-character name", arguments: ["data", "info", "$S/" + String(repeating: "x", count: 300) + ".npy"], status: 1, contains: [String(repeating: "x", count: 300) + ".npy"]),
    // Test data that does not fit the model; the run is left as it was.
    Case(name: "evaluate: 2 columns for a 3-column model", arguments: ["evaluate", run, "--data", "$S/twocolumns.npy"], status: 1,
         contains: ["twocolumns.npy: has N = 2 columns but the model observes N = 3", "No run could be evaluated"], preserved: "\(run)/model.json"),
    Case(name: "report: 2 columns for a 3-column model", arguments: ["report", run, "--data", "$S/twocolumns.npy"], status: 1,
         contains: ["twocolumns.npy: has N = 2 columns but the model observes N = 3"], preserved: "\(run)/model.json"),
    Case(name: "evaluate: 0-row test data", arguments: ["evaluate", run, "--data", "$S/zero.npy"], status: 1, contains: ["zero.npy: is empty"], preserved: "\(run)/model.json"),
    Case(name: "lyapunov: --steps 0", arguments: ["lyapunov", run, "--steps", "0"], status: 64, contains: ["--steps must be at least 1, got 0"]),
    Case(name: "analyze: a config.json for a model", arguments: ["analyze", "\(run)/config.json"], status: 1, contains: ["config.json: is not a dsr model file (no key 'format')"]),
    Case(name: "analyze: a folder without a model", arguments: ["analyze", "$S/folder.npy"], status: 1, contains: ["folder.npy: holds no model.json and no checkpoint"]),
    Case(name: "suite: an unknown system", arguments: ["suite", "--systems", "lorenz6", "--results", "$S/suite"], status: 1, contains: ["unknown system 'lorenz6'", "lorenz63"], untouched: "$S/suite"),
    Case(name: "report of a one-dimensional run (crashed in the regions figure)", arguments: ["report", "$S/T/data/onecolumn/001"], status: 0, contains: ["report.html"]),
    // Outputs that cannot be written: a full disk, a file where a folder should be, a folder where a file should be.
    Case(name: "metrics.jsonl a link to a full disk: never written through (issue 26 item 4)", arguments: ["train", "--data", data, "--set", "results_directory=$S/full"] + small, status: 1,
         contains: ["metrics.jsonl: is a symbolic link", "remove the link"]),
    Case(name: "import --out /dev/full", arguments: ["import", "$F/import_shplrnn.npz", "--model", "shallowPLRNN", "--out", "/dev/full"], status: 1,
         contains: ["/dev/full: cannot be written (No space left on device)"]),
    Case(name: "report --out /dev/full", arguments: ["report", run, "--out", "/dev/full"], status: 1, contains: ["/dev/full: cannot be written (No space left on device)"],
         preserved: "\(run)/model.json"),
    Case(name: "subsample --out below a file", arguments: ["data", "subsample", test, "--every", "2", "--out", "$S/plainfile/x.npy"], status: 1,
         contains: ["plainfile/x.npy: cannot be written (Not a directory)"]),
    Case(name: "checkpoints/ is a file", arguments: ["train", "--data", data, "--set", "results_directory=$S/blocked"] + small, status: 1,
         contains: ["checkpoints: cannot be created", "is a file, not a directory"], preserved: "$S/blocked/data/lorenz63_train_small/001/checkpoints"),
    Case(name: "evaluate: metrics.csv is a folder", arguments: ["evaluate", "$S/group", "--data", test], status: 1,
         contains: ["metrics.csv: cannot be written (Is a directory)"], preserved: "$S/group/001/model.json"),
  ]

  /// The files the second half uses (called once, after the first half's).
  func prepareMoreFiles() throws {
    let s = Self.scratch, fm = FileManager.default
    func write(_ name: String, _ bytes: Data) throws { try bytes.write(to: s.appendingPathComponent(name)) }
    try write("string.json", Data(#"{"epochs": "100"}"#.utf8))
    try write("boolint.json", Data(#"{"standardize": 1}"#.utf8))
    try write("nan.json", Data(#"{"epochs": NaN}"#.utf8))
    try write("huge.json", Data(#"{"start_lr": 1e400}"#.utf8))
    try write("list.json", Data(#"{"hidden_dim": [8]}"#.utf8))
    try write("null.json", Data(#"{"model": null}"#.utf8))
    try write("empty.json", Data())
    try write("latin1.json", Data([0x7B, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x20, 0x22, 0xE9, 0x22, 0x7D]))
    try write("text.csv", Data("a,b,c\n1,2,x\n".utf8))
    try write("latin1.csv", Data([0xFF, 0xFE, 0x31, 0x2C, 0x32, 0x0A]))
    try write("empty.csv", Data())
    try write("zero.npy", npy(shape: [0, 3], values: []))
    try write("ten.npy", npy(shape: [10, 3], values: (0..<30).map { sin(Double($0)) }))
    try write("cube.npy", npy(shape: [2, 5, 3], values: (0..<30).map { cos(Double($0)) }))
    try write("twocolumns.npy", npy(shape: [500, 2], values: (0..<1000).map { sin(0.05 * Double($0)) }))
    var complex = npy(shape: [2, 2], values: [1, 2, 3, 4])
    complex.replaceSubrange(complex.range(of: Data("'<f8'".utf8))!, with: Data("'<c8'".utf8))
    try write("complex.npy", complex)
    try? fm.removeItem(at: s.appendingPathComponent("loop1.npy"))
    try? fm.removeItem(at: s.appendingPathComponent("loop2.npy"))
    try fm.createSymbolicLink(atPath: s.appendingPathComponent("loop1.npy").path, withDestinationPath: "loop2.npy")
    try fm.createSymbolicLink(atPath: s.appendingPathComponent("loop2.npy").path, withDestinationPath: "loop1.npy")
    // A run directory whose metrics.jsonl is a full disk, one whose checkpoints/ is a file.
    let full = s.appendingPathComponent("full/data/lorenz63_train_small/001")
    try fm.createDirectory(at: full, withIntermediateDirectories: true)
    try fm.createSymbolicLink(atPath: full.appendingPathComponent("metrics.jsonl").path, withDestinationPath: "/dev/full")
    let blocked = s.appendingPathComponent("blocked/data/lorenz63_train_small/001")
    try fm.createDirectory(at: blocked, withIntermediateDirectories: true)
    try Data("not a folder".utf8).write(to: blocked.appendingPathComponent("checkpoints"))
    // A group of one run whose metrics.csv is taken by a folder.
    try fm.createDirectory(at: s.appendingPathComponent("group"), withIntermediateDirectories: true)
    try fm.copyItem(at: s.appendingPathComponent("run/001"), to: s.appendingPathComponent("group/001"))
    try fm.createDirectory(at: s.appendingPathComponent("group/metrics.csv"), withIntermediateDirectories: true)
    // A trained one-dimensional run (its report crashed).
    let oneColumn = s.appendingPathComponent("onecolumn.npy").path
    try write("onecolumn.npy", npy(shape: [600], values: (0..<600).map { sin(0.3 * Double($0)) + 0.5 * sin(0.71 * Double($0)) }))
    let r = try DSRProcess.run(["train", "--data", oneColumn, "--set", "results_directory=\(s.path)/T"] + Self.small)
    #expect(r.status == 0, "\(r.stderr)")
  }

  /// A little-endian float64 NPY file of `shape` (C order).
  func npy(shape: [Int], values: [Double]) -> Data {
    let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(dims), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var out = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
    out += withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { Data($0) }
    out += Data(header.utf8)
    for v in values { out += withUnsafeBytes(of: v.bitPattern.littleEndian) { Data($0) } }
    return out
  }
}
