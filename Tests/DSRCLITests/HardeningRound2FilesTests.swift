import DSRTestSupport
import Foundation
import Testing

/// Issue 26, items 1–6 and part of 12, run against the built `dsr` as a user would: every case
/// ends in its exit status (1, 2 or 64, never a signal), with a message naming the file, key or
/// value and the fix, and no byte of the user's files changes — the scratch tree is checksummed
/// before and after each case (every regular file but the run locks, which hold dsr's PID).
@Suite("hardening round 2: files a user owns", .serialized)
struct HardeningRound2FilesTests {
  static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-hardening2-files-\(getpid())")
  static let small = ["--set", "hidden_dim=8", "--set", "sequence_length=20", "--set", "batches_per_epoch=2", "--set", "epochs=4",
                      "--set", "scalar_saving_interval=2"]

  /// One case: `setup` prepares files in the scratch directory (`$S`), then `dsr arguments`
  /// must exit with `status` and print every fragment of `contains`. Unless `changes`, the
  /// scratch tree is byte for byte the same afterwards; `kept` lists files (with `$S`) that
  /// must be unchanged even when the case may change others.
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var setup: @Sendable (Scratch) throws -> Void = { _ in }
    var arguments: [String]
    var status: Int32
    var contains: [String]
    var changes = false
    var kept: [String] = []
    var check: @Sendable (Scratch) throws -> Void = { _ in }
    var testDescription: String { name }
  }

  /// The scratch directory with the prepared files: `data.npy` (the fixture's training data),
  /// `R0` a finished run trained on it, `m.json` its model.
  struct Scratch: Sendable {
    let root: URL
    var path: String { root.path }
    func file(_ name: String) -> String { root.appendingPathComponent(name).path }
    /// A copy of the finished run R0 as `name` (a fresh run directory to break).
    @discardableResult
    func copyRun(_ name: String, epochs: Int? = nil) throws -> String {
      let target = file(name)
      try? FileManager.default.removeItem(atPath: target)
      try FileManager.default.copyItem(atPath: file("R0"), toPath: target)
      try? FileManager.default.removeItem(atPath: (target as NSString).appendingPathComponent("lock"))
      if let epochs { try edit(name + "/config.json", "\"epochs\" : 4", "\"epochs\" : \(epochs)") }
      return target
    }
    func edit(_ name: String, _ old: String, _ new: String) throws {
      let text = try String(contentsOfFile: file(name), encoding: .utf8)
      precondition(text.contains(old), "\(name) does not hold \(old)")
      try text.replacingOccurrences(of: old, with: new).write(toFile: file(name), atomically: true, encoding: .utf8)
    }
    func write(_ name: String, _ text: String, mode: Int = 0o644) throws {
      try? FileManager.default.removeItem(atPath: file(name))
      try text.write(toFile: file(name), atomically: false, encoding: .utf8)
      try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file(name))
    }
    func link(_ name: String, to target: String) throws {
      try? FileManager.default.removeItem(atPath: file(name))
      try FileManager.default.createSymbolicLink(atPath: file(name), withDestinationPath: target)
    }
    /// A float64 .npy of `rows` × `columns` values `f(row, column)`.
    func npy(_ name: String, rows: Int, columns: Int, _ f: (Int, Int) -> Double) throws {
      var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
      header += String(repeating: " ", count: 63 - (10 + header.count) % 64) + "\n"
      var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
      for r in 0..<rows { for c in 0..<columns { withUnsafeBytes(of: f(r, c).bitPattern.littleEndian) { bytes += $0 } } }
      try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
    }
  }

  static let cases: [Case] = binCases + allocationCases + outputCases + linkCases + fingerprintCases + messageCases

  // MARK: - Item 1: binned D_stsp

  static let binCases: [Case] = [
    Case(name: "train: D_stsp_bins 100 000 000", arguments: ["train", "--data", "$S/data.npy", "--set", "results_directory=$S/B1", "--set", "D_stsp_bins=100000000"] + small,
         status: 1, contains: ["key 'D_stsp_bins'", "is 100000000", "at most", "set D_stsp_bins to"]),
    Case(name: "train: D_stsp_bins Int.max", arguments: ["train", "--data", "$S/data.npy", "--set", "results_directory=$S/B2", "--set", "D_stsp_bins=9223372036854775807"] + small,
         status: 1, contains: ["key 'D_stsp_bins'", "smoothing"]),
    Case(name: "train --resume of a run whose config.json has D_stsp_bins 1e8",
         setup: { s in try s.copyRun("B3", epochs: 6); try s.edit("B3/config.json", "\"D_stsp_bins\" : 30", "\"D_stsp_bins\" : 100000000") },
         arguments: ["train", "--resume", "$S/B3"], status: 1, contains: ["B3/config.json", "key 'D_stsp_bins'", "in $S/B3/config.json"]),
    Case(name: "measure --bins 3 000 000", arguments: ["measure", "--true", "$S/data.npy", "--generated", "$S/data.npy", "--bins", "3000000"],
         status: 64, contains: ["--bins 3000000", "give --bins", "or fewer"]),
    Case(name: "measure: N = 5 with --bins 7000", setup: { s in try s.npy("five.npy", rows: 400, columns: 5) { r, c in sin(Double(r * (c + 1)) * 0.1) } },
         arguments: ["measure", "--true", "$S/five.npy", "--generated", "$S/five.npy", "--bins", "7000"], status: 64, contains: ["7000^5", "N = 5"]),
    Case(name: "data floor --bins 100 000", arguments: ["data", "floor", "$S/data.npy", "--bins", "100000"], status: 64, contains: ["--bins 100000"]),
    Case(name: "evaluate --bins 100 000", arguments: ["evaluate", "$S/R0", "--data", "$S/data.npy", "--bins", "100000"], status: 1,
         contains: ["--bins 100000 on the test data", "No run could be evaluated"], changes: true, kept: ["$S/data.npy", "$S/R0/model.json", "$S/R0/config.json"]),
  ]

  // MARK: - Item 2: allocations by a user's number

  static let allocationCases: [Case] = [
    Case(name: "analyze --steps 1e11", arguments: ["analyze", "$S/R0", "--steps", "100000000000"], status: 64,
         contains: ["--steps 100000000000", "GB", "give --steps"]),
    Case(name: "export csv --steps 5e9", arguments: ["export", "$S/R0", "--format", "csv", "--steps", "5000000000", "--out", "$S/x.csv"], status: 64,
         contains: ["--steps 5000000000", "would need about"]),
    Case(name: "data generate --steps 1e11", arguments: ["data", "generate", "lorenz63", "--steps", "100000000000", "--out", "$S/h.npy"], status: 64,
         contains: ["--steps 100000000000", "rows of Lorenz-63", "give --steps"]),
    Case(name: "suite --training-steps 1e10", arguments: ["suite", "--results", "$S/suite", "--training-steps", "10000000000", "--no-training"], status: 64,
         contains: ["--training-steps 10000000000", "give fewer --training-steps"]),
  ]

  // MARK: - Item 3: --out

  static let outputCases: [Case] = [
    Case(name: "export: --out the model itself (mode 0444)", setup: { s in try s.write("m444.json", try String(contentsOfFile: s.file("m.json"), encoding: .utf8), mode: 0o444) },
         arguments: ["export", "$S/m444.json", "--format", "latex", "--out", "$S/m444.json", "--force"], status: 1, contains: ["m444.json: is an input of this command"]),
    Case(name: "export: --out a link to the model", setup: { s in try s.link("link.tex", to: s.file("m.json")) },
         arguments: ["export", "$S/m.json", "--format", "latex", "--out", "$S/link.tex", "--force"], status: 1, contains: ["is an input of this command"]),
    Case(name: "export: --out the run's model.json", arguments: ["export", "$S/R0", "--format", "json", "--out", "$S/R0/model.json", "--force"], status: 1,
         contains: ["R0/model.json: is a file dsr keeps in", "choose another --out"]),
    Case(name: "report: --out the run's config.json", arguments: ["report", "$S/R0", "--out", "$S/R0/config.json", "--force"], status: 1,
         contains: ["R0/config.json: is a file dsr keeps in"]),
    Case(name: "import: --out the run's config.json", arguments: ["import", "$F/import_shplrnn.npz", "--model", "shallowPLRNN", "--out", "$S/R0/config.json"], status: 1,
         contains: ["R0/config.json: is a file dsr keeps in"]),
    Case(name: "import: --out the run's metrics.jsonl", arguments: ["import", "$F/import_shplrnn.npz", "--model", "shallowPLRNN", "--out", "$S/R0/metrics.jsonl", "--force"], status: 1,
         contains: ["metrics.jsonl: is a file dsr keeps in"]),
    Case(name: "import: --out a new file under checkpoints/", arguments: ["import", "$F/import_shplrnn.npz", "--model", "shallowPLRNN", "--out", "$S/R0/checkpoints/new.json"], status: 1,
         contains: ["checkpoints/new.json: is a file dsr keeps in"]),
    Case(name: "import: --out the run's lock", arguments: ["import", "$F/import_shplrnn.npz", "--model", "shallowPLRNN", "--out", "$S/R0/lock", "--force"], status: 1,
         contains: ["R0/lock: is a file dsr keeps in"]),
    Case(name: "export: --out a read-only file, even with --force", setup: { s in try s.write("ro.txt", "mine\n", mode: 0o444) },
         arguments: ["export", "$S/m.json", "--format", "dot", "--out", "$S/ro.txt", "--force"], status: 1, contains: ["ro.txt: is read-only (mode 444)", "chmod u+w"]),
    Case(name: "export: --out an existing file without --force", setup: { s in try s.write("mine.txt", "mine\n") },
         arguments: ["export", "$S/m.json", "--format", "dot", "--out", "$S/mine.txt"], status: 1, contains: ["mine.txt: already exists", "add --force"]),
    Case(name: "export: --out an existing file with --force replaces it", setup: { s in try s.write("mine2.txt", "mine\n") },
         arguments: ["export", "$S/m.json", "--format", "dot", "--out", "$S/mine2.txt", "--force"], status: 0, contains: ["dot written to"], changes: true,
         kept: ["$S/m.json"], check: { s in
           let text = try String(contentsOfFile: s.file("mine2.txt"), encoding: .utf8)
           #expect(text.contains("digraph"))
         }),
    Case(name: "export: --out a directory", arguments: ["export", "$S/m.json", "--format", "dot", "--out", "$S/R0", "--force"], status: 1, contains: ["R0: is a directory"]),
    Case(name: "data generate: --out an existing file", arguments: ["data", "generate", "lorenz63", "--steps", "100", "--out", "$S/data.npy"], status: 1,
         contains: ["data.npy: already exists"]),
    Case(name: "data subsample: --out its input, with --force", arguments: ["data", "subsample", "$S/data.npy", "--every", "2", "--out", "$S/data.npy", "--force"], status: 1,
         contains: ["data.npy: is an input of this command"]),
    Case(name: "data embed: --out its input, with --force", arguments: ["data", "embed", "$S/data.npy", "--delays", "0,2", "--out", "$S/data.npy", "--force"], status: 1,
         contains: ["data.npy: is an input of this command"]),
    Case(name: "report: --out the test data", arguments: ["report", "$S/R0", "--data", "$S/data.npy", "--out", "$S/data.npy", "--force"], status: 1,
         contains: ["data.npy: is an input of this command"]),
  ]

  // MARK: - Items 4 and 5: links in run directories, the lock

  static let linkCases: [Case] = [
    Case(name: "resume: RUN/lock planted as a link to a user's file",
         setup: { s in try s.copyRun("L1", epochs: 6); try s.write("victim1.txt", "victim\n"); try s.link("L1/lock", to: s.file("victim1.txt")) },
         arguments: ["train", "--resume", "$S/L1"], status: 1, contains: ["L1/lock is a symbolic link", "remove the link"]),
    Case(name: "resume: RUN/metrics.jsonl a link to a user's file: replaced, never followed",
         setup: { s in
           try s.copyRun("L2", epochs: 6); try s.write("victim2.txt", "victim\n")
           try FileManager.default.removeItem(atPath: s.file("L2/metrics.jsonl")); try s.link("L2/metrics.jsonl", to: s.file("victim2.txt"))
         },
         arguments: ["train", "--resume", "$S/L2"], status: 0, contains: ["Finished 6 epochs"], changes: true, kept: ["$S/victim2.txt", "$S/data.npy"],
         check: { s in
           let attributes = try FileManager.default.attributesOfItem(atPath: s.file("L2/metrics.jsonl"))
           #expect(attributes[.type] as? FileAttributeType == .typeRegular)
         }),
    Case(name: "resume: RUN/model.json a link to a user's file: replaced, never followed",
         setup: { s in
           try s.copyRun("L3", epochs: 6); try s.write("victim3.txt", "victim\n")
           try FileManager.default.removeItem(atPath: s.file("L3/model.json")); try s.link("L3/model.json", to: s.file("victim3.txt"))
         },
         arguments: ["train", "--resume", "$S/L3"], status: 0, contains: ["Finished 6 epochs"], changes: true, kept: ["$S/victim3.txt", "$S/data.npy"]),
    Case(name: "resume: RUN/lock a pipe", setup: { s in try s.copyRun("L4", epochs: 6); #expect(mkfifo(s.file("L4/lock"), 0o644) == 0) },
         arguments: ["train", "--resume", "$S/L4"], status: 1, contains: ["L4/lock is not a regular file (a pipe)"]),
  ]

  // MARK: - Item 6: the training data changed

  static let fingerprintCases: [Case] = [
    Case(name: "resume: the data file replaced",
         setup: { s in
           try FileManager.default.copyItem(atPath: s.file("data.npy"), toPath: s.file("data6.npy"))
           try s.copyRun("D1", epochs: 6); try s.edit("D1/config.json", s.file("data.npy"), s.file("data6.npy"))
           try s.edit("D1/data_fingerprint.json", s.file("data.npy"), s.file("data6.npy"))
           try s.npy("data6.npy", rows: 300, columns: 3) { r, c in cos(Double(r + c) * 0.05) }
         },
         arguments: ["train", "--resume", "$S/D1"], status: 1, contains: ["D1/config.json: its training data changed", "(300 × 3", "restore the data the run was trained on"]),
    Case(name: "resume: path_to_data edited to other data",
         setup: { s in
           try s.npy("other.npy", rows: 250, columns: 3) { r, c in sin(Double(r * (c + 2)) * 0.03) }
           try s.copyRun("D2", epochs: 6); try s.edit("D2/config.json", s.file("data.npy"), s.file("other.npy"))
         },
         arguments: ["train", "--resume", "$S/D2"], status: 1, contains: ["its training data changed", "other.npy (250 × 3"]),
    Case(name: "resume: path_to_data edited to the same values elsewhere resumes",
         setup: { s in
           try? FileManager.default.removeItem(atPath: s.file("copy.npy"))
           try FileManager.default.copyItem(atPath: s.file("data.npy"), toPath: s.file("copy.npy"))
           try s.copyRun("D3", epochs: 6); try s.edit("D3/config.json", s.file("data.npy"), s.file("copy.npy"))
         },
         arguments: ["train", "--resume", "$S/D3"], status: 0, contains: ["Finished 6 epochs"], changes: true, kept: ["$S/data.npy", "$S/copy.npy"]),
    Case(name: "resume: a run without a fingerprint resumes with a notice",
         setup: { s in try s.copyRun("D4", epochs: 6); try FileManager.default.removeItem(atPath: s.file("D4/data_fingerprint.json")) },
         arguments: ["train", "--resume", "$S/D4"], status: 0, contains: ["has no data_fingerprint.json", "resuming without checking"], changes: true,
         kept: ["$S/data.npy"], check: { s in #expect(FileManager.default.fileExists(atPath: s.file("D4/data_fingerprint.json"))) }),
  ]

  // MARK: - Item 12 (part): messages that misled

  static let messageCases: [Case] = [
    Case(name: "train: a FIFO as data", setup: { s in try? FileManager.default.removeItem(atPath: s.file("fifo.npy")); #expect(mkfifo(s.file("fifo.npy"), 0o644) == 0) },
         arguments: ["train", "--data", "$S/fifo.npy", "--set", "results_directory=$S/M1"], status: 1, contains: ["fifo.npy: is a pipe (FIFO), not a file", "save the content to a regular file"]),
    Case(name: "measure: a link to /dev/zero", setup: { s in try s.link("zero.npy", to: "/dev/zero") },
         arguments: ["measure", "--true", "$S/zero.npy", "--generated", "$S/data.npy"], status: 1, contains: ["zero.npy: is a link to /dev/zero, a character device"]),
    Case(name: "analyze: a link to /dev/zero as model", setup: { s in try s.link("zero.json", to: "/dev/zero") },
         arguments: ["analyze", "$S/zero.json"], status: 1, contains: ["zero.json: is a link to /dev/zero"]),
    Case(name: "import: a FIFO as archive", setup: { s in try? FileManager.default.removeItem(atPath: s.file("fifo.npz")); #expect(mkfifo(s.file("fifo.npz"), 0o644) == 0) },
         arguments: ["import", "$S/fifo.npz", "--model", "PLRNN", "--out", "$S/imported.json"], status: 1, contains: ["fifo.npz: is a pipe (FIFO)"]),
    Case(name: "resume: model edited in config.json", setup: { s in try s.copyRun("M2", epochs: 6); try s.edit("M2/config.json", "\"clippedShallowPLRNN\"", "\"shallowPLRNN\"") },
         arguments: ["train", "--resume", "$S/M2"], status: 1, contains: ["M2/config.json: key 'model'", "trained as clippedShallowPLRNN", "the model family changed"]),
    Case(name: "resume: model edited to another family with other shapes", setup: { s in try s.copyRun("M3", epochs: 6); try s.edit("M3/config.json", "\"clippedShallowPLRNN\"", "\"PLRNN\"") },
         arguments: ["train", "--resume", "$S/M3"], status: 1, contains: ["key 'model'", "is PLRNN, but the run was trained as clippedShallowPLRNN"]),
    Case(name: "resume: every checkpoint damaged",
         setup: { s in
           try s.copyRun("M4", epochs: 6)
           for name in try FileManager.default.contentsOfDirectory(atPath: s.file("M4/checkpoints")) { try s.write("M4/checkpoints/\(name)", "garbage") }
         },
         arguments: ["train", "--resume", "$S/M4"], status: 1, contains: ["M4/checkpoints: every checkpoint of the run is damaged", "latest.json", "move checkpoints/ and metrics.jsonl away"]),
    Case(name: "train: a dangling link as results directory", setup: { s in try s.link("dangling", to: s.file("nowhere")) },
         arguments: ["train", "--data", "$S/data.npy", "--set", "results_directory=$S/dangling"] + small, status: 1,
         contains: ["dangling is a symbolic link to", "nowhere, which does not exist"]),
  ]

  // MARK: - The runner

  /// The scratch files (once): the fixture's data, a finished run R0 and its model.
  static let prepared: Result<Scratch, Error> = Result {
    let s = Scratch(root: scratch)
    try? FileManager.default.removeItem(at: scratch)
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path, toPath: s.file("data.npy"))
    let r = try DSRProcess.run(["train", "--data", s.file("data.npy"), "--set", "results_directory=\(s.file("T"))", "--set", "name=run"] + small)
    guard r.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
    try FileManager.default.moveItem(atPath: s.file("T/data/run/001"), toPath: s.file("R0"))
    try? FileManager.default.removeItem(atPath: s.file("R0/lock"))
    try FileManager.default.copyItem(atPath: s.file("R0/model.json"), toPath: s.file("m.json"))
    return s
  }

  /// Every regular file under `root` (links not followed) but run locks, with its bytes.
  static func snapshot(_ root: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return files }
    for case let name as String in walker where (name as NSString).lastPathComponent != "lock" {
      let path = root.appendingPathComponent(name).path
      if let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType, type == .typeRegular {
        files[name] = FileManager.default.contents(atPath: path)
      }
    }
    return files
  }

  @Test("each case: its exit status, a message naming the file/key/value and the fix, no byte of a user's file changed", arguments: cases)
  func hardening(_ c: Case) throws {
    let s = try Self.prepared.get()
    let expand = { (text: String) in
      text.replacingOccurrences(of: "$S", with: s.path).replacingOccurrences(of: "$F", with: fixturesDirectory().path)
    }
    try c.setup(s)
    let before = Self.snapshot(s.root)
    let r = try DSRProcess.run(c.arguments.map(expand))
    let output = r.stdout + r.stderr
    #expect(r.status == c.status, "\(c.name): exit \(r.status)\n\(output)")
    #expect(!output.contains("Fatal error") && !output.contains("Program crashed") && !output.contains("Backtrac"), "\(c.name): \(output)")
    for fragment in c.contains.map(expand) { #expect(output.contains(fragment), "\(c.name): missing '\(fragment)' in\n\(output)") }
    let after = Self.snapshot(s.root)
    if c.changes {
      for name in c.kept.map(expand) {
        let relative = String(name.dropFirst(s.path.count + 1))
        #expect(after[relative] == before[relative] && before[relative] != nil, "\(c.name) changed \(relative)")
      }
    } else {
      let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
      #expect(changed.isEmpty, "\(c.name) changed or wrote \(changed)")
    }
    try c.check(s)
  }

  @Test("deleting RUN/lock while a training runs does not let --resume start a second trainer (item 5)")
  func deletedLock() throws {
    let s = try Self.prepared.get()
    let run = try s.copyRun("K1", epochs: 100_000)
    let process = Process()
    process.executableURL = DSRProcess.executable
    process.arguments = ["train", "--resume", run]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer {
      kill(process.processIdentifier, SIGINT)
      process.waitUntilExit()
    }
    let lock = (run as NSString).appendingPathComponent("lock")
    let deadline = Date().addingTimeInterval(60)
    while !((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").contains("\(process.processIdentifier)") && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.1)
    }
    try FileManager.default.removeItem(atPath: lock)
    let second = try DSRProcess.run(["train", "--resume", run])
    #expect(second.status == 1, "\(second.stdout)\(second.stderr)")
    #expect(second.stderr.contains("another process is training this run"), "\(second.stderr)")
    #expect(process.isRunning)
  }

  @Test("--resume of a finished run in a read-only folder: 'Nothing to do' (item 12), as an unprivileged user")
  func readOnlyFinished() throws {
    let s = try Self.prepared.get()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-hardening2-ro-\(getpid())")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer {
      _ = try? DSRShell.run("chmod -R u+w '\(folder.path)'")
      try? FileManager.default.removeItem(at: folder)
    }
    let run = folder.appendingPathComponent("run").path
    try FileManager.default.copyItem(atPath: s.file("R0"), toPath: run)
    try? FileManager.default.removeItem(atPath: run + "/lock")
    let command: String
    if geteuid() == 0 {
      // Root writes anywhere: run dsr as nobody on a folder nobody cannot write.
      _ = try DSRShell.run("chown -R nobody '\(folder.path)' && chmod -R a-w '\(run)' && chmod a+rx '\(folder.path)'")
      command = "su nobody -s /bin/sh -c \"'\(DSRProcess.executable.path)' train --resume '\(run)'\""
    } else {
      _ = try DSRShell.run("chmod -R a-w '\(run)'")
      command = "'\(DSRProcess.executable.path)' train --resume '\(run)'"
    }
    let before = Self.snapshot(URL(fileURLWithPath: run))
    let r = try DSRShell.run(command)
    #expect(r.status == 0 && r.output.contains("Nothing to do"), "\(r.output)")
    #expect(Self.snapshot(URL(fileURLWithPath: run)) == before)
  }
}

/// `/bin/sh -c` for the few cases that need another user or permissions.
enum DSRShell {
  static func run(_ command: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command + " 2>&1"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
