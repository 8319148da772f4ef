import DSRTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 26, second round (items 7–11 and part of 12), end to end: each hostile case ends with
/// exit status 1 (never a signal), a message naming the file, key or value and the fix, and no
/// byte of the user's files changed (every file in `inputs/` is compared before and after).
@Suite("hardening, second round")
struct HardeningRound2Tests {
  static let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-hardening2-tests-\(getpid())")
  static var inputs: URL { scratch.appendingPathComponent("inputs") }
  static var data: String { fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path }
  static let small = ["--set", "hidden_dim=8", "--set", "sequence_length=20", "--set", "batches_per_epoch=2", "--set", "epochs=2"]

  /// One case: arguments (`$I` the inputs folder, `$S` the scratch folder, `$D` the training
  /// data), the expected status, fragments the output must hold and must not hold, and a path
  /// that must not exist afterwards.
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    var status: Int32 = 1
    var contains: [String]
    var lacks: [String] = []
    var untouched: String? = nil
    var testDescription: String { name }
  }

  static func importing(_ file: String, _ extra: [String] = []) -> [String] {
    ["import", "$I/\(file)", "--model", "PLRNN", "--out", "$S/out-\(file)"] + extra
  }

  static let cases: [Case] = [
    // Item 10: import JSON and model.json under the strict reader.
    Case(name: "import: A given twice", arguments: importing("dup_a.json"), contains: ["dup_a.json: line 1: key \"A\" appears twice", "keep one of them"], untouched: "$S/out-dup_a.json"),
    Case(name: "import: W given twice on another line", arguments: importing("dup_w.json"), contains: ["dup_w.json: line 4: key \"W\" appears twice"], untouched: "$S/out-dup_w.json"),
    Case(name: "import: data twice inside a {shape, data} array", arguments: importing("dup_data.json"), contains: ["key \"data\" appears twice"], untouched: "$S/out-dup_data.json"),
    Case(name: "import: a key spelt with an escape", arguments: importing("dup_escape.json"), contains: ["key \"A\" appears twice"], untouched: "$S/out-dup_escape.json"),
    Case(name: "import: a comma before ]", arguments: importing("comma_array.json"), contains: ["comma_array.json: line 1: has a comma before ']'", "remove the comma"], untouched: "$S/out-comma_array.json"),
    Case(name: "import: a comma before }", arguments: importing("comma_object.json"), contains: ["comma_object.json: line 3: has a comma before '}'"], untouched: "$S/out-comma_object.json"),
    Case(name: "analyze: model.json with precision twice", arguments: ["analyze", "$I/model_dup.json"], contains: ["model_dup.json: line", "key \"precision\" appears twice"]),
    Case(name: "export: model.json with a trailing comma", arguments: ["export", "$I/model_comma.json", "--format", "latex"], contains: ["model_comma.json: line", "comma before '}'"]),
    Case(name: "lyapunov: model.json with a parameter's shape twice", arguments: ["lyapunov", "$I/model_dup_shape.json"], contains: ["key \"shape\" appears twice"]),
    // Item 12: float32 range.
    Case(name: "import: 1e300 in W as float32", arguments: importing("huge_w.json"), contains: ["huge_w.json: array 'W' holds 1e+300 at flat index 1, beyond float32's range", "--precision float64"], untouched: "$S/out-huge_w.json"),
    Case(name: "import: -1e39 in h as float32", arguments: importing("huge_h.json"), contains: ["array 'h' holds -1e+39 at flat index 0, beyond float32's range"], untouched: "$S/out-huge_h.json"),
    Case(name: "import: 1e300 as float64 is kept", arguments: importing("huge_w.json", ["--precision", "float64"]), status: 0, contains: ["written to"]),
    Case(name: "analyze: a float32 model.json edited to 1e300", arguments: ["analyze", "$I/model_huge.json"], contains: ["model_huge.json: parameter 'W' holds 1e+300", "not a finite float32 number", "\"precision\": \"float64\""]),
    Case(name: "export: a float32 model.json edited to 1e300", arguments: ["export", "$I/model_huge.json", "--format", "dot"], contains: ["parameter 'W' holds 1e+300"]),
    // Item 12: the memory refusal names the key that grows.
    Case(name: "train: dendPLRNN num_bases 1e8", arguments: ["train", "--data", "$D", "--set", "results_directory=$S/R1", "--set", "model=dendPLRNN", "--set", "num_bases=100000000"] + small,
         contains: ["key 'num_bases / latent_dim'", "would need about", "reduce num_bases or latent_dim"], lacks: ["hidden_dim"], untouched: "$S/R1"),
    Case(name: "train: clippedDendPLRNN num_bases 2e7 at latent_dim 30", arguments: ["train", "--data", "$D", "--set", "results_directory=$S/R2", "--set", "model=clippedDendPLRNN", "--set", "latent_dim=30", "--set", "num_bases=20000000"] + small,
         contains: ["reduce num_bases"], lacks: ["hidden_dim"], untouched: "$S/R2"),
    Case(name: "train: PLRNN latent_dim 200 000 names latent_dim only", arguments: ["train", "--data", "$D", "--set", "results_directory=$S/R3", "--set", "model=PLRNN", "--set", "latent_dim=200000"] + small,
         contains: ["reduce latent_dim"], lacks: ["hidden_dim", "num_bases"], untouched: "$S/R3"),
    // Item 12: a column constant but for one spike.
    Case(name: "inspect: a spiked column", arguments: ["inspect", "$I/spike.csv"], status: 0, contains: ["spike.csv: column 1 (0-based) is 2.5 in all but 1 of 600 rows", "np.delete(x, 1, axis=1)"]),
    Case(name: "train: a spiked column trains with a warning", arguments: ["train", "--data", "$I/spike.csv", "--set", "results_directory=$S/R4"] + small, status: 0,
         contains: ["Warning: ", "spike.csv: column 1 (0-based) is 2.5 in all but 1 of 600 rows"]),
    Case(name: "inspect: two glitches in a flat column", arguments: ["inspect", "$I/glitch.csv"], status: 0, contains: ["glitch.csv: column 0 (0-based) is 0 in all but 2 of 600 rows"]),
    // Item 11: refused up front, before any work.
    Case(name: "analyze --exhaustive: 40 switches", arguments: ["analyze", "$I/m40.model.json", "--exhaustive", "--steps", "1000000000"], contains: ["--exhaustive needs at most 16 switches", "this model has 40", "drop --exhaustive"]),
    Case(name: "export --exhaustive: 40 switches", arguments: ["export", "$I/m40.model.json", "--format", "json", "--exhaustive"], contains: ["this model has 40"], untouched: "$S/x.json"),
    Case(name: "analyze M = 200: cycles of order 10", arguments: ["analyze", "$I/m200.model.json", "--max-cycle-order", "10"],
         contains: ["m200.model.json: analysing this model (M = 200, 200 switches) would take about", "mostly the cycle search", "lower --max-cycle-order", "--no-cost-limit"]),
    Case(name: "export M = 200: 1e9 steps", arguments: ["export", "$I/m200.model.json", "--format", "csv", "--steps", "1000000000", "--out", "$S/x.csv"],
         contains: ["mostly the trajectory", "give fewer --steps"], untouched: "$S/x.csv"),
    Case(name: "analyze: --max-regions 0", arguments: ["analyze", "$I/m40.model.json", "--max-regions", "0"], status: 64, contains: ["--max-regions must be at least 1, got 0"]),
  ]

  /// Writes the user's files once.
  static let prepared: Bool = {
    let fm = FileManager.default
    try? fm.createDirectory(at: inputs, withIntermediateDirectories: true)
    func write(_ name: String, _ text: String) { fm.createFile(atPath: inputs.appendingPathComponent(name).path, contents: Data(text.utf8)) }
    write("dup_a.json", #"{"A": [0.9, 0.9], "A": [1, 1], "W": [[0, 0], [0, 0]], "h": [0, 0]}"#)
    write("dup_w.json", "{\"A\": [0.9, 0.9],\n \"W\": [[0, 0], [0, 0]],\n \"h\": [0, 0],\n \"W\": [[1, 1], [1, 1]]}")
    write("dup_data.json", #"{"A": {"shape": [2], "data": [0.5, 0.5], "data": [1, 1]}, "W": [[0, 0], [0, 0]], "h": [0, 0]}"#)
    write("dup_escape.json", #"{"A": [0.5, 0.5], "\u0041": [1, 1], "W": [[0, 0], [0, 0]], "h": [0, 0]}"#)
    write("comma_array.json", "{\"A\": [0.9, 0.9,], \"W\": [[0, 0], [0, 0]], \"h\": [0, 0]}")
    write("comma_object.json", "{\"A\": [0.9, 0.9], \"W\": [[0, 0], [0, 0]],\n \"h\": [0, 0],\n}")
    write("huge_w.json", #"{"A": [0.5, 0.5], "W": [[0, 1e300], [0, 0]], "h": [0, 0]}"#)
    write("huge_h.json", #"{"A": [0.5, 0.5], "W": [[0, 0.1], [0, 0]], "h": [-1e39, 0]}"#)
    write("ok.json", #"{"A": [0.5, 0.5], "W": [[0, 0.25], [0.1, 0]], "h": [0.1, -0.1]}"#)
    // Large PLRNNs (contracting: A = 0.5, small W) for the cost checks.
    for m in [40, 200] {
      let w = (0..<m).map { i in "[" + (0..<m).map { j in String(format: "%.5f", 0.2 * sin(Double(i * m + j)) / Double(m).squareRoot()) }.joined(separator: ",") + "]" }
      write("m\(m).json", #"{"A": [\#([String](repeating: "0.5", count: m).joined(separator: ","))], "W": [\#(w.joined(separator: ","))], "h": [\#((0..<m).map { String(format: "%.3f", 0.1 * cos(Double($0))) }.joined(separator: ","))]}"#)
    }
    // Three columns, 600 rows: a sine, a flat 2.5 with one spike, a cosine; and two glitches in a flat column.
    write("spike.csv", (0..<600).map { t in String(format: "%.6f,%@,%.6f", sin(0.1 * Double(t)), t == 300 ? "90" : "2.5", cos(0.07 * Double(t))) }.joined(separator: "\n") + "\n")
    write("glitch.csv", (0..<600).map { t in String(format: "%@,%.6f", t == 10 || t == 500 ? "1" : "0", sin(0.1 * Double(t))) }.joined(separator: "\n") + "\n")
    return true
  }()

  /// The model files made with the dsr binary from the inputs (once).
  static let models: Bool = {
    _ = prepared
    let i = inputs.path
    for m in [40, 200] { _ = try? DSRProcess.run(["import", "\(i)/m\(m).json", "--model", "PLRNN", "--precision", "float64", "--out", "\(i)/m\(m).model.json"]) }
    _ = try? DSRProcess.run(["import", "\(i)/ok.json", "--model", "PLRNN", "--out", "\(i)/model.json"])
    guard let text = try? String(contentsOfFile: "\(i)/model.json", encoding: .utf8) else { return false }
    func write(_ name: String, _ text: String) { FileManager.default.createFile(atPath: "\(i)/\(name)", contents: Data(text.utf8)) }
    write("model_dup.json", text.replacingOccurrences(of: "\"precision\" : \"float32\"", with: "\"precision\" : \"float32\",\n  \"precision\" : \"float64\""))
    write("model_comma.json", text.replacingOccurrences(of: "\"format\" : \"dsr-model\"", with: "\"format\" : \"dsr-model\",\n}"))
    write("model_dup_shape.json", text.replacingOccurrences(of: "\"shape\" : [\n        2\n      ]", with: "\"shape\" : [2], \"shape\" : [1]"))
    write("model_huge.json", text.replacingOccurrences(of: "0.25", with: "1e300"))
    return ["model_dup.json", "model_comma.json", "model_dup_shape.json", "model_huge.json"].allSatisfy {
      (try? String(contentsOfFile: "\(i)/\($0)", encoding: .utf8)) != text
    }
  }()

  /// Every file in the inputs folder with its bytes.
  static func snapshot() throws -> [String: Data] {
    let names = try FileManager.default.contentsOfDirectory(atPath: inputs.path)
    return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: inputs.appendingPathComponent($0))) })
  }

  static func expand(_ text: String) -> String {
    text.replacingOccurrences(of: "$I", with: inputs.path).replacingOccurrences(of: "$S", with: scratch.path).replacingOccurrences(of: "$D", with: data)
  }

  @Test("each case: its exit status, a message naming the file, key or value and the fix, the user's files unchanged", arguments: cases)
  func catalogue(_ c: Case) throws {
    try #require(Self.models, "the model files could not be prepared")
    if let untouched = c.untouched { try? FileManager.default.removeItem(atPath: Self.expand(untouched)) }
    let before = try Self.snapshot()
    let r = try DSRProcess.run(c.arguments.map(Self.expand))
    let output = r.stdout + r.stderr
    #expect(r.status == c.status, "\(c.name): exit \(r.status)\n\(output)")
    #expect(!output.contains("Fatal error") && !output.contains("Program crashed"), "\(c.name): \(output)")
    for fragment in c.contains { #expect(output.contains(fragment), "\(c.name): missing '\(fragment)' in\n\(output)") }
    for fragment in c.lacks { #expect(!output.contains(fragment), "\(c.name): '\(fragment)' in\n\(output)") }
    if let untouched = c.untouched { #expect(!FileManager.default.fileExists(atPath: Self.expand(untouched)), "\(c.name) wrote \(untouched)") }
    #expect(try Self.snapshot() == before, "\(c.name) changed a file in inputs/")
  }

  /// Runs dsr until its stderr holds every fragment (or `seconds` pass), then stops it.
  static func watch(_ arguments: [String], until fragments: [String], seconds: Double) throws -> String {
    let process = Process()
    process.executableURL = DSRProcess.executable
    process.arguments = arguments
    let log = scratch.appendingPathComponent("watch-\(UUID().uuidString).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    (process.standardOutput, process.standardError) = (FileHandle.nullDevice, handle)
    try process.run()
    let deadline = Date().addingTimeInterval(seconds)
    var text = ""
    repeat {
      Thread.sleep(forTimeInterval: 0.2)
      text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    } while Date() < deadline && process.isRunning && !fragments.allSatisfy(text.contains)
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    try handle.close()
    return text
  }

  @Test("a long analysis states its cost up front and reports progress on stderr")
  func costAndProgress() throws {
    try #require(Self.models)
    let before = try Self.snapshot()
    let stderr = try Self.watch(["analyze", Self.inputs.appendingPathComponent("m200.model.json").path],
                                until: ["Cost: about", "trajectory: "], seconds: 60)
    let lines = stderr.split(separator: "\n").map(String.init)
    #expect(lines.first?.contains("m200.model.json: M = 200, 200 switches. Cost: about") == true, "\(stderr)")
    #expect(lines.first?.contains("fixed points of up to 4464 visited regions") == true, "\(stderr)")
    #expect(lines.dropFirst().first?.hasPrefix("trajectory: ") == true, "\(stderr)")
    #expect(try Self.snapshot() == before)
  }

  // MARK: Items 8 and 9: a report is safe to open.

  /// A tiny run in an experiment named like a URL scheme, its snapshots replaced by hostile SVG.
  static let hostileRun: String? = {
    _ = prepared
    let results = scratch.appendingPathComponent("results").path
    let r = try? DSRProcess.run(["train", "--data", data, "--set", "results_directory=\(results)", "--set", "experiment=javascript:alert(1)",
                                 "--set", "name=n", "--set", "image_saving_interval=1"] + small)
    let run = results + "/javascript:alert(1)/n/001"
    guard r?.status == 0 else { return nil }
    let planted = #"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="document.title='pwned'"><script>document.body.setAttribute('data-pwned','1')</script><image href="https://example.com/x.png"/><rect width="50" height="50" fill="red"/></svg>"#
    for epoch in [1, 2] { FileManager.default.createFile(atPath: run + "/plots/generated_\(epoch).svg", contents: Data(planted.utf8)) }
    return run
  }()

  @Test("report: planted script in the snapshots never reaches the page; links are ./-prefixed and percent-encoded; a CSP meta tag")
  func reportMarkup() throws {
    let run = try #require(Self.hostileRun, "the run could not be trained")
    let page = Self.scratch.appendingPathComponent("hostile-run.html").path
    let r = try DSRProcess.run(["report", run, "--out", page])
    #expect(r.status == 0, "\(r.stderr)")
    let html = try String(contentsOfFile: page, encoding: .utf8)
    #expect(!html.contains("pwned") && !html.contains("onload") && !html.contains("example.com"))
    #expect(html.contains(#"<img class="dsr-snapshot" alt="Epoch 2: free run"#))
    #expect(html.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-"#))
    // The page's own <script> and the 3-D view's JSON data block, nothing else.
    let scripts = html.components(separatedBy: "<script").dropFirst().map { String($0.prefix(30)) }
    #expect(scripts.allSatisfy { $0.hasPrefix(">(function") || $0.hasPrefix(#" type="application/json""#) }, "\(scripts)")

    let root = Self.scratch.appendingPathComponent("results").path
    let results = Self.scratch.appendingPathComponent("hostile-results.html").path
    let all = try DSRProcess.run(["report", root, "--out", results])
    #expect(all.status == 0, "\(all.stderr)")
    for file in [results, run + "/report.html"] {
      let text = try String(contentsOfFile: file, encoding: .utf8)
      let hrefs = text.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
      #expect(!hrefs.isEmpty && hrefs.allSatisfy { $0.hasPrefix("./") || $0.hasPrefix("#") }, "\(file): \(hrefs)")
      #expect(!hrefs.contains { $0.contains(":") || $0.contains("(") }, "\(hrefs)")
    }
    #expect(try String(contentsOfFile: results, encoding: .utf8).contains(#"href="./results/javascript%3Aalert%281%29/n/001/report.html""#))
  }

  @Test("in Chromium: the hostile reports load with no CSP violation and their script runs; an injected handler is refused",
        .enabled(if: ReportCommandTests.chromium != nil, "chromium is not installed (apt-get install chromium)"))
  func reportInBrowser() throws {
    let run = try #require(Self.hostileRun, "the run could not be trained")
    let page = Self.scratch.appendingPathComponent("browser-hostile.html").path
    #expect(try DSRProcess.run(["report", run, "--out", page]).status == 0)
    try FileManager.default.createDirectory(at: ReportCommandTests.scratch, withIntermediateDirectories: true)
    let dom = try ReportCommandTests.browser(["--dump-dom", "file://" + page])
    #expect(dom.stdout.contains("data-report-ready=\"") && !dom.stdout.contains("data-report-error=\""), "\(dom.stderr.suffix(800))")
    #expect(!dom.stdout.contains("data-pwned=\"") && !dom.stdout.contains("<title>pwned"))
    #expect(!dom.stderr.contains("Content Security Policy") && !dom.stderr.contains("Refused to"), "\(dom.stderr.suffix(1500))")
    // The policy is what stops script in text the page quotes: an injected handler does not run.
    let injected = Self.scratch.appendingPathComponent("browser-injected.html").path
    let html = try String(contentsOfFile: page, encoding: .utf8)
    try html.replacingOccurrences(of: "</main>", with: #"<img src="data:," onerror="document.body.setAttribute('data-pwned','1')"></main>"#)
      .write(toFile: injected, atomically: true, encoding: .utf8)
    let refused = try ReportCommandTests.browser(["--dump-dom", "file://" + injected])
    #expect(refused.stdout.contains("data-report-ready=\"") && !refused.stdout.contains("data-pwned=\""))
    #expect(refused.stderr.contains("inline event handler violates the following Content Security Policy directive"), "\(refused.stderr.suffix(1500))")
  }

  // MARK: Item 7: two grids (or suites) on one folder.

  /// Holds `<directory>/lock` as a training process does (flock, our PID inside) until released.
  final class HeldLock {
    let descriptor: Int32
    init(_ path: String, pid: Bool = true) throws {
      try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      descriptor = open(path, O_RDWR | O_CREAT, 0o644)
      guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { throw CocoaError(.fileLocking) }
      if pid { _ = Array("\(getpid())\n".utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } }
    }
    deinit { close(descriptor) }
  }

  func gridFile(_ results: String) throws -> String {
    _ = Self.prepared
    let file = Self.scratch.appendingPathComponent("grid-\(UUID().uuidString).json").path
    let object: [String: Any] = ["path_to_data": Self.data, "results_directory": results, "experiment": "g", "name": "t", "hidden_dim": 8,
                                 "sequence_length": 20, "batches_per_epoch": 2, "epochs": 2, "runs": 2]
    try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: file))
    return file
  }

  @Test("grid: a task another process trains is 'running elsewhere (pid N)', its log kept, no failure in summary.json")
  func gridRunningElsewhere() throws {
    let results = Self.scratch.appendingPathComponent("grid-locked").path
    let config = try gridFile(results)
    let grid = results + "/g/.grid"
    // Another trainer holds task 0's run; an earlier worker's log of it exists.
    let held = try HeldLock(results + "/g/t/001/lock")
    try FileManager.default.createDirectory(atPath: grid + "/logs", withIntermediateDirectories: true)
    try Data("the other worker's log\n".utf8).write(to: URL(fileURLWithPath: grid + "/logs/0.log"))
    let r = try DSRProcess.run(["grid", "--config", config, "--workers", "2"])
    #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("t/001: running elsewhere (pid \(getpid()))") && !r.stdout.contains("failed"), "\(r.stdout)")
    #expect(r.stdout.contains("1 finished, 1 running elsewhere") && r.stdout.contains("trained by another process"), "\(r.stdout)")
    #expect(try String(contentsOfFile: grid + "/logs/0.log", encoding: .utf8) == "the other worker's log\n")
    let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: grid + "/summary.json"))) as! [String: Any]
    #expect(summary["failed_now"] as? Int == 0 && summary["running_elsewhere_now"] as? Int == 1 && summary["finished_now"] as? Int == 1)
    _ = held
  }

  @Test("grid: a task whose log another grid holds is left alone, the log unchanged")
  func gridLogHeld() throws {
    let results = Self.scratch.appendingPathComponent("grid-log").path
    let config = try gridFile(results)
    let log = results + "/g/.grid/logs/1.log"
    try FileManager.default.createDirectory(atPath: (log as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data("training epoch 1 …\n".utf8).write(to: URL(fileURLWithPath: log))
    let held = try HeldLock(log, pid: false)
    let r = try DSRProcess.run(["grid", "--config", config, "--workers", "1"])
    #expect(r.status == 1 && r.stdout.contains("t/002: running elsewhere (another dsr grid holds its log)") && !r.stdout.contains("failed"), "\(r.stdout)")
    #expect(try String(contentsOfFile: log, encoding: .utf8) == "training epoch 1 …\n")
    _ = held
  }

  @Test("grid: two dsr grid at once on one folder: every task trained once, no failures, every log a training's")
  func twoGrids() throws {
    let results = Self.scratch.appendingPathComponent("grid-two").path
    let config = try gridFile(results)
    let first = Process()
    first.executableURL = DSRProcess.executable
    first.arguments = ["grid", "--config", config, "--workers", "1", "--set", "epochs=8"]
    let out = Pipe()
    (first.standardOutput, first.standardError) = (out, FileHandle.nullDevice)
    try first.run()
    // Wait until the first grid trains task 0 (its worker wrote config.json under the run's lock),
    // then start the second.
    let started = results + "/g/t/001/config.json"
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline && !FileManager.default.fileExists(atPath: started) { Thread.sleep(forTimeInterval: 0.05) }
    let second = try DSRProcess.run(["grid", "--config", config, "--workers", "2", "--set", "epochs=8"])
    let firstOutput = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    first.waitUntilExit()
    #expect(second.stdout.contains("t/001: running elsewhere (pid "), "\(second.stdout)")
    for output in [firstOutput, second.stdout] { #expect(!output.contains("failed"), "\(output)") }
    for task in [0, 1] {
      let log = try String(contentsOfFile: results + "/g/.grid/logs/\(task).log", encoding: .utf8)
      #expect(log.contains("epoch") && !log.contains("Error"), "log \(task): \(log)")
      #expect(FileManager.default.fileExists(atPath: results + "/g/t/00\(task + 1)/model.json"))
    }
    let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: results + "/g/.grid/summary.json"))) as! [String: Any]
    #expect(summary["failed_now"] as? Int == 0)
  }

  @Test("suite: a second suite beside a training one writes no table and says why; then the table from finished runs")
  func suiteRunningElsewhere() throws {
    let results = Self.scratch.appendingPathComponent("suite").path
    let arguments = ["suite", "--systems", "henon", "--training-steps", "1000", "--test-steps", "1000", "--workers", "1", "--results", results, "--experiment", "s"]
      + ["epochs=2", "hidden_dim=8", "sequence_length=20", "batches_per_epoch=2", "scalar_saving_interval=2"].flatMap { ["--set", $0] }
    var held: HeldLock? = try HeldLock(results + "/s/henon/001/lock")
    let r = try DSRProcess.run(arguments)
    #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("running elsewhere (pid \(getpid()))") && r.stdout.contains("no table written"), "\(r.stdout)")
    #expect(!r.stdout.contains("0 of 0") && !FileManager.default.fileExists(atPath: results + "/s/suite.csv"), "\(r.stdout)")
    held = nil
    _ = held
    let again = try DSRProcess.run(arguments)
    #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
    #expect(try String(contentsOfFile: results + "/s/suite.csv", encoding: .utf8).contains("\nhenon,1,finished,"))
  }
}
