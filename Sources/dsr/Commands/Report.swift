import ArgumentParser
import DSRExperiment
import Foundation

/// `dsr report`: a self-contained HTML report with figures drawn by dsr.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write a self-contained HTML report (SVG figures) of a run, a results directory or a model.",
    discussion: """
      For a run directory (or a model.json, e.g. from dsr import): the model and its settings, \
      the true and generated attractor (three 2-D projections of the first three dimensions or \
      principal components, and a 3-D view to rotate), time series, power spectra smoothed as D_H \
      sees them, training curves from metrics.jsonl, the measures (with the data's noise floor \
      when --data is given), the Lyapunov spectrum from dsr evaluate --lyapunov, the linear \
      subregions with their transition graph and fixed points, and the snapshots written during \
      training (image_saving_interval). For a results directory: a table of every run with \
      median ± MAD per setting, strip plots of D_stsp and D_H, the best run's attractor, and a \
      page per run written into each run directory. Without --data each model is compared with \
      its run's training data. The file needs no network: open it from disk in any browser.
      """)

  @Argument(help: "A run directory, a results directory or a model.json.", completion: .file())
  var path: String

  @Option(help: "The output file (default: report.html in the run or results directory).", completion: .file(extensions: ["html"]))
  var out: String?

  @Option(help: "Test data to compare with: .npy/.csv file, a directory of .npy files, or several (comma-separated).")
  var data: String?

  @Option(help: "External inputs for the test data (same form as --data).")
  var inputs: String?

  @Option(help: "Compare at most this many rows of the data.")
  var maxLength = 100_000

  @Option(help: "Runs analysed in parallel for a results directory.")
  var workers = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Replace --out if it exists (the default report.html is always replaced).")
  var force = false

  @Flag(help: "Open the report in the default browser (xdg-open / open).")
  var open = false

  func validate() throws {
    if maxLength < 8 { throw ValidationError("--max-length must be at least 8, got \(maxLength)") }
    if workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
  }

  func run() throws {
    var options = Report.Options()
    options.out = out
    options.dataPaths = data.map { $0.split(separator: ",").map(String.init) } ?? []
    options.inputPaths = inputs.map { $0.split(separator: ",").map(String.init) } ?? []
    options.maxLength = maxLength
    options.workers = workers
    options.force = force
    let written = try Report.write(path, options: options)
    if !written.runPages.isEmpty { print("\(written.runPages.count) run pages written into the run directories") }
    print(written.path)
    if open { try Report.open(written.path) }
  }
}
