import CZlib
import DSRTestSupport
import Foundation
import Testing

/// `dsr report` end to end on small trained runs (the Lorenz-63 fixtures of the evaluate tests).
@Suite("dsr report", .serialized)
struct ReportCommandTests {
  static let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-report-tests-\(getpid())")
  var scratch: URL { Self.scratch }
  static var test: String { fixturesDirectory().appendingPathComponent("lorenz63_test_small.npy").path }

  /// A short training (a few seconds in a debug build) with snapshots every 2 epochs.
  static func train(_ results: String, name: String, run: Int) throws -> String {
    let settings = [
      "path_to_data=\(fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path)",
      "results_directory=\(scratch.appendingPathComponent(results).path)", "hidden_dim=16", "sequence_length=30",
      "batches_per_epoch=4", "epochs=4", "scalar_saving_interval=2", "image_saving_interval=2", "gtf_alpha_method=constant",
      "gtf_alpha=0.1", "start_lr=0.005", "experiment=e", "name=\(name)", "run=\(run)",
    ]
    let r = try DSRProcess.run(["train"] + settings.flatMap { ["--set", $0] })
    #expect(r.status == 0, "\(r.stderr)")
    return scratch.appendingPathComponent("\(results)/e/\(name)/\(String(format: "%03d", run))").path
  }

  /// The run and results directories shared by the tests (trained once).
  static let grid: (runs: [String], root: String) = {
    let runs = [(try? train("grid", name: "a", run: 1)) ?? "", (try? train("grid", name: "a", run: 2)) ?? "", (try? train("grid", name: "b", run: 1)) ?? ""]
    return (runs, scratch.appendingPathComponent("grid").path)
  }()

  static func html(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  static func titles(_ html: String) -> [String] {
    html.components(separatedBy: "<title>").dropFirst().map { String($0.prefix { $0 != "<" }) }
  }

  /// Nothing in a report may be fetched: no external scripts, styles, fonts or images.
  static func expectSelfContained(_ html: String) {
    let withoutNamespace = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
    #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"))
    #expect(!html.contains("<script src") && !html.contains("<link") && !html.contains("@import"))
    // Images only as data: URIs (the training snapshots).
    #expect(html.components(separatedBy: "<img").count == html.components(separatedBy: #"src="data:image/svg+xml;base64,"#).count)
  }

  @Test("training writes plots/generated_<epoch>.svg at image_saving_interval; a run report with test data has every figure")
  func runReport() throws {
    let run = Self.grid.runs[0]
    let plots = try FileManager.default.contentsOfDirectory(atPath: run + "/plots").sorted()
    #expect(plots == ["generated_2.svg", "generated_4.svg"])
    let snapshot = try Self.html(run + "/plots/generated_4.svg")
    #expect(snapshot.hasPrefix("<svg") && snapshot.contains("<title>Epoch 4: free run"))

    let out = scratch.appendingPathComponent("run.html").path
    let r = try DSRProcess.run(["report", run, "--data", Self.test, "--out", out])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == out)
    let html = try Self.html(out)
    Self.expectSelfContained(html)
    let titles = Self.titles(html)
    for expected in ["True: x₂ against x₁", "True: x₃ against x₁", "True: x₃ against x₂", "Generated: x₂ against x₁",
                     "Generated: x₃ against x₁", "Generated: x₃ against x₂", "Attractor in 3-D (x₁, x₂, x₃)",
                     "Time series x₁, first 1000 steps", "Time series x₃, first 1000 steps", "Loss", "GTF α", "Learning rate",
                     "Transitions between the most visited regions"] {
      #expect(titles.contains { $0.hasPrefix(expected) }, "no figure titled \(expected)")
    }
    // The snapshots are images (never inlined: a received results folder could plant script).
    for epoch in [2, 4] { #expect(html.contains("alt=\"Epoch \(epoch): free run"), "no snapshot of epoch \(epoch)") }
    #expect(titles.filter { $0.hasPrefix("Power spectrum x") }.count == 3)
    #expect(html.contains("noise floor") && html.contains("D_stsp (binned, 30 bins)"))
    // The forecast horizon with test data: the error curves and the valid prediction times of the
    // model and the baselines.
    #expect(titles.contains { $0.hasPrefix("Forecast error (median over") }, "no forecast figure")
    #expect(html.contains("context parroting (training data + context)") && html.contains("valid prediction time"))
    for section in ["model", "attractor", "timeseries", "spectra", "measures", "forecast", "training", "regions", "snapshots"] {
      #expect(html.contains("<section id=\"\(section)\">"), "no section \(section)")
    }
    // Ordinary data (no sampling rate, no embedding): no section on a recording, times in steps.
    #expect(!html.contains("<section id=\"recording\">") && html.contains(">step</text>"))
  }

  /// A one-column recording (two incommensurate oscillations, 3000 samples at 100 Hz) as CSV,
  /// and a run trained on it briefly: dsr delay-embeds it on its own (embedding = auto).
  static let recordingRun: (run: String, recording: String, delay: Int?) = {
    let csv = scratch.appendingPathComponent("recording.csv")
    try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let text = (0..<3000).map { t in String(format: "%.6f", sin(0.05 * Double(t)) + 0.6 * sin(0.131 * Double(t) + 1)) }.joined(separator: "\n")
    try? text.write(to: csv, atomically: true, encoding: .utf8)
    let settings = [
      "path_to_data=\(csv.path)", "sampling_rate=100", "results_directory=\(scratch.appendingPathComponent("recording").path)", "hidden_dim=16",
      "sequence_length=30", "batches_per_epoch=4", "epochs=2", "experiment=e", "name=ecg", "run=1",
    ]
    let r = try? DSRProcess.run(["train"] + settings.flatMap { ["--set", $0] })
    // "Delay-embedded: channel 1 at lags 0, 16, … samples (…); delay 16 samples (…"
    let delay = r?.stdout.components(separatedBy: "; delay ").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) }
    return (scratch.appendingPathComponent("recording/e/ecg/001").path, csv.path, delay)
  }()

  @Test("a run trained on a recording: the section on how it became the model's data, its figures, times in the recording's units")
  func recordingReport() throws {
    let (run, recording, delay) = Self.recordingRun
    let chosen = try #require(delay, "the training did not report a delay embedding")
    #expect(FileManager.default.fileExists(atPath: run + "/embedding.json"))
    let out = scratch.appendingPathComponent("recording.html").path
    let r = try DSRProcess.run(["report", run, "--data", recording, "--out", out])
    #expect(r.status == 0, "\(r.stderr)")
    let html = try Self.html(out)
    Self.expectSelfContained(html)
    #expect(html.contains("<section id=\"recording\"><h2>From the recording to the model&#39;s data</h2>"))
    let titles = Self.titles(html)
    for expected in ["Auto-mutual information I(τ)", "Autocorrelation r(τ)", "Cao&#39;s false neighbours at τ = \(chosen) samples"] {
      #expect(titles.contains(expected), "no figure titled \(expected)")
    }
    #expect(html.contains("chosen τ = \(chosen) samples (\(String(format: "%.3g", Double(chosen) * 0.01)))"))
    #expect(html.contains("dt = 0.01 (100 samples per time unit)") && html.contains("dsr, on its own"))
    #expect(html.contains("time (time units, dt = 0.01)") && html.contains("frequency (cycles per time unit)"))
  }

  @Test("a results directory: one table of every run, median ± MAD per setting, strip plots, the best run, a page per run")
  func resultsReport() throws {
    let (runs, root) = Self.grid
    let r = try DSRProcess.run(["report", root, "--workers", "2"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasSuffix(root + "/report.html\n"))
    let html = try Self.html(root + "/report.html")
    Self.expectSelfContained(html)
    for run in runs {
      #expect(FileManager.default.fileExists(atPath: run + "/report.html"))
      let relative = String(run.dropFirst(root.count + 1))
      // Relative links start with ./ (no name can read as a URL scheme).
      #expect(html.contains("href=\"./\(relative)/report.html\""))
      // Each run page links back to the results page.
      #expect(try Self.html(run + "/report.html").contains("href=\"./../../../report.html\""))
    }
    #expect(html.contains("median ± MAD"))
    let titles = Self.titles(html)
    #expect(titles.contains("D_stsp per setting") && titles.contains("D_H per setting"))
    // Models trained this briefly may all settle on a fixed point: then no D_stsp is defined and
    // the page says there is no best run instead of crowning a dead model.
    if html.contains("No run has a finite D_stsp") {
      #expect(!html.contains("<tr class=\"best\">") && !titles.contains("Generated: x₂ against x₁"))
    } else {
      #expect(html.contains("<tr class=\"best\">"))
      #expect(titles.contains("True: x₂ against x₁") && titles.contains("Generated: x₂ against x₁"))
    }
  }

  @Test("dsr evaluate --report writes the report with the evaluation's data, and the Lyapunov spectrum it computed")
  func evaluateWritesTheReport() throws {
    let run = Self.grid.runs[2]
    let r = try DSRProcess.run(["evaluate", run, "--data", Self.test, "--lyapunov", "--lyapunov-steps", "2000", "--report"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasSuffix("Report: \(run)/report.html\n"))
    let html = try Self.html(run + "/report.html")
    #expect(Self.titles(html).contains("Lyapunov spectrum") && html.contains("noise floor"))
  }

  @Test("an imported model (dsr import) with test data, and errors")
  func importedModelAndErrors() throws {
    let dir = scratch.appendingPathComponent("imported")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let model = dir.appendingPathComponent("model.json").path
    let i = try DSRProcess.run(["import", fixturesDirectory().appendingPathComponent("import_shplrnn.npz").path, "--model", "shallowPLRNN", "--out", model])
    #expect(i.status == 0, "\(i.stderr)")
    // Without data the model runs freely from x = 0.
    let r = try DSRProcess.run(["report", dir.path, "--out", dir.appendingPathComponent("free.html").path])
    #expect(r.status == 0, "\(r.stderr)")
    let html = try Self.html(dir.appendingPathComponent("free.html").path)
    #expect(html.contains("No data: the model runs freely from x = 0"))
    #expect(Self.titles(html).contains { $0.hasPrefix("Time series x₁") })

    let missing = try DSRProcess.run(["report", scratch.appendingPathComponent("nowhere").path])
    #expect(missing.status != 0 && missing.stderr.contains("does not exist"))
    let empty = scratch.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    let none = try DSRProcess.run(["report", empty.path])
    #expect(none.status != 0 && none.stderr.contains("holds no model.json and no run directories"))
    let wrong = try DSRProcess.run(["report", Self.grid.runs[0], "--data", fixturesDirectory().appendingPathComponent("inputs_test_small.npy").path, "--out", empty.appendingPathComponent("x.html").path])
    #expect(wrong.status != 0 && wrong.stderr.contains("columns"))
  }

  /// Debian's chromium (CI installs it in `make setup`); nil skips the browser test.
  static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  static func browser(_ arguments: [String]) throws -> (stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: chromium!)
    process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0"] + arguments
    // stderr goes to a file: a full pipe would block chromium.
    let log = Self.scratch.appendingPathComponent("chromium-\(UUID().uuidString).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let err = try FileHandle(forWritingTo: log)
    let out = Pipe()
    (process.standardOutput, process.standardError) = (out, err)
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try err.close()
    return (String(decoding: stdout, as: UTF8.self), (try? String(contentsOf: log, encoding: .utf8)) ?? "")
  }

  @Test("in Chromium: the reports (a run, a results directory, a run on a recording) load without JavaScript errors, every figure is in the DOM, the screenshots are not blank",
        .enabled(if: chromium != nil, "chromium is not installed (make setup installs it; apt-get install chromium)"))
  func inTheBrowser() throws {
    let (runs, root) = Self.grid
    let runPage = scratch.appendingPathComponent("browser-run.html").path
    #expect(try DSRProcess.run(["report", runs[0], "--data", Self.test, "--out", runPage]).status == 0)
    let resultsPage = scratch.appendingPathComponent("browser-results.html").path
    #expect(try DSRProcess.run(["report", root, "--out", resultsPage]).status == 0)
    // A run trained on a recording: its page has the section on the recording's embedding too.
    let recordingPage = scratch.appendingPathComponent("browser-recording.html").path
    #expect(try DSRProcess.run(["report", Self.recordingRun.run, "--data", Self.recordingRun.recording, "--out", recordingPage]).status == 0)
    #expect(try Self.html(recordingPage).contains("<section id=\"recording\">"))
    for page in [runPage, resultsPage, recordingPage] {
      let html = try Self.html(page)
      // Every <svg> but the legends' colour swatches is a figure.
      let figures = html.components(separatedBy: "<svg").count - html.components(separatedBy: #"<svg class="swatch""#).count
      let dom = try Self.browser(["--dump-dom", "file://" + page])
      // The page's script writes the number of figures it found into <body> when it has run.
      #expect(dom.stdout.contains("data-report-ready=\"\(figures)\""), "\(page): the script did not finish (\(dom.stderr.suffix(600)))")
      #expect(!dom.stdout.contains("data-report-error=\""))
      #expect(!dom.stderr.contains("Uncaught"), "\(dom.stderr)")
      // The page's Content-Security-Policy lets all of its own script and style run.
      #expect(!dom.stderr.contains("Content Security Policy"), "\(dom.stderr)")
      // Every titled figure reached the DOM.
      #expect(Self.titles(dom.stdout).count >= Self.titles(html).count - 1)
      let png = page + ".png"
      _ = try Self.browser(["--screenshot=" + png, "--window-size=1300,2400", "file://" + page])
      let image = try PNGImage(contentsOf: png)
      #expect(image.width == 1300 && image.height == 2400)
      let colours = image.distinctColours(every: 3)
      #expect(colours > 50, "\(png) has \(colours) colours: blank?")
      #expect(image.nonBackgroundFraction() > 0.05, "\(png) is mostly background")
    }
  }
}

/// An 8-bit RGB or RGBA PNG decoded with zlib (enough for Chromium's screenshots).
struct PNGImage {
  var width = 0, height = 0, channels = 0
  var pixels: [UInt8] = []

  init(contentsOf path: String) throws {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
    var i = 8, idat: [UInt8] = []
    while i + 8 <= bytes.count {
      let length = u32(i), type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
      let body = Array(bytes[(i + 8)..<(i + 8 + length)])
      if type == "IHDR" {
        (width, height) = (u32(i + 8), u32(i + 12))
        precondition(body[8] == 8 && (body[9] == 2 || body[9] == 6), "only 8-bit RGB(A) PNGs")
        channels = body[9] == 6 ? 4 : 3
      }
      if type == "IDAT" { idat += body }
      i += 12 + length
    }
    let stride = width * channels
    var raw = [UInt8](repeating: 0, count: height * (stride + 1))
    var size = uLong(raw.count)
    let status = raw.withUnsafeMutableBufferPointer { out in idat.withUnsafeBufferPointer { uncompress(out.baseAddress, &size, $0.baseAddress, uLong(idat.count)) } }
    precondition(status == Z_OK, "zlib status \(status)")
    // Undo the per-row filters (PNG spec §9).
    pixels = [UInt8](repeating: 0, count: height * stride)
    for y in 0..<height {
      let filter = raw[y * (stride + 1)]
      for x in 0..<stride {
        let v = Int(raw[y * (stride + 1) + 1 + x])
        let a = x >= channels ? Int(pixels[y * stride + x - channels]) : 0
        let b = y > 0 ? Int(pixels[(y - 1) * stride + x]) : 0
        let c = x >= channels && y > 0 ? Int(pixels[(y - 1) * stride + x - channels]) : 0
        let predictor: Int
        switch filter {
        case 1: predictor = a
        case 2: predictor = b
        case 3: predictor = (a + b) / 2
        case 4:
          let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
        default: predictor = 0
        }
        pixels[y * stride + x] = UInt8((v + predictor) & 0xff)
      }
    }
  }

  func rgb(_ k: Int) -> Int { Int(pixels[k * channels]) << 16 | Int(pixels[k * channels + 1]) << 8 | Int(pixels[k * channels + 2]) }

  /// Distinct colours among every `every`-th pixel.
  func distinctColours(every: Int) -> Int { Set(stride(from: 0, to: width * height, by: every).map(rgb)).count }

  /// The fraction of pixels that differ from the most common colour.
  func nonBackgroundFraction() -> Double {
    var counts: [Int: Int] = [:]
    for k in 0..<(width * height) { counts[rgb(k), default: 0] += 1 }
    return 1 - Double(counts.values.max() ?? 0) / Double(width * height)
  }
}
