import DSRData
import Foundation

/// `dsr report`: one self-contained HTML file (inline SVG, CSS and a little JavaScript; nothing
/// fetched from a network) that shows a reconstruction.
///
/// - A run directory (one holding `config.json`), a directory holding only a `model.json` (e.g.
///   from `dsr import`) or a model file: ``RunReport``, written to `report.html` beside the model.
/// - A results directory (several runs, e.g. a grid or a suite): ``ResultsReport``, written to
///   `report.html` in it, with a page per run written into each run directory.
public enum Report {
  /// What to report and where.
  public struct Options: Sendable {
    /// The output file; nil: `report.html` in the run or results directory (beside a model file).
    public var out: String? = nil
    /// Test data to compare with (as `dsr evaluate --data`); empty: each run's training data.
    public var dataPaths: [String] = []
    /// External-input files for ``dataPaths`` (`dsr report --inputs`); used only with test data.
    public var inputPaths: [String] = []
    /// Rows of the data compared at most (the first trajectory's first rows).
    public var maxLength = 100_000
    /// Runs analysed in parallel for a results directory.
    public var workers = 1
    /// Replace an existing ``out`` (``OutputFile``); the default report.html is always replaced.
    public var force = false

    /// Options with the defaults above.
    public init() {}
  }

  /// What was written.
  public struct Written: Sendable {
    /// The report.
    public var path: String
    /// Pages written for the runs of a results directory.
    public var runPages: [String]
  }

  /// Writes the report of `path` (run directory, results directory or model file).
  ///
  /// - Throws: ``DataFileError`` when `path` holds neither a model nor run directories, or the
  ///   data does not fit the model.
  public static func write(_ path: String, options: Options) throws -> Written {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DataFileError(path: path, problem: "does not exist", remedy: "give a run directory, a results directory or a model.json")
    }
    let standardized = (path as NSString).standardizingPath
    if let out = options.out { try OutputFile.check(out, reading: [path] + options.dataPaths + options.inputPaths, force: options.force) }
    if !isDirectory.boolValue {
      let out = options.out ?? ((standardized as NSString).deletingLastPathComponent as NSString).appendingPathComponent("report.html")
      let html = try RunReport.page(path: standardized, modelPath: standardized, options: options).html
      try AtomicFile.write(Data(html.utf8), to: out, streams: options.out != nil)
      return Written(path: out, runPages: [])
    }
    let run = RunDirectory(path: standardized)
    if fm.fileExists(atPath: run.config) || (fm.fileExists(atPath: run.model) && (try? Evaluation.findRuns(in: standardized))?.isEmpty != false) {
      let out = options.out ?? run.file("report.html")
      let html = try RunReport.page(path: standardized, modelPath: Evaluation.modelFile(of: run), options: options).html
      try AtomicFile.write(Data(html.utf8), to: out, streams: options.out != nil)
      return Written(path: out, runPages: [])
    }
    let runs = try Evaluation.findRuns(in: standardized)
    guard !runs.isEmpty else {
      throw DataFileError(path: path, problem: "holds no model.json and no run directories (none with a config.json)",
                          remedy: "give a run directory, a results directory (e.g. Results/<experiment>) or a model.json")
    }
    let out = options.out ?? (standardized as NSString).appendingPathComponent("report.html")
    return try ResultsReport.write(root: standardized, runs: runs, to: out, options: options)
  }
}

extension Report {
  /// Opens `file` in the desktop's default browser (`open` on macOS, `xdg-open` elsewhere).
  public static func open(_ file: String) throws {
    let process = Process()
    #if os(macOS)
    process.executableURL = URL(fileURLWithPath: "/usr/bin/open")
    process.arguments = [file]
    #else
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["xdg-open", file]
    #endif
    do { try process.run() } catch {
      throw DataFileError(path: file, problem: "could not be opened (\(error.localizedDescription))", remedy: "open it in a browser yourself")
    }
  }
}
