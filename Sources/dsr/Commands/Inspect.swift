import ArgumentParser
import DSRData
import DSRTensor
import Foundation

/// `dsr inspect`: what is in a data file.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Summarise a time-series file (.npy or .csv): shape, dtype and per-column statistics.",
    discussion: """
      Reads the file as a T × N matrix (time × observed dimension) and prints, for each column, \
      mean, standard deviation, minimum, maximum and the dominant period of its power spectrum \
      (in samples), then whether the columns are z-scored (dsr train standardises them by \
      default) and, on standard error, warnings about constant columns and sampling that is far \
      too coarse or too fine for training. Non-finite values and malformed files are reported with the file and the \
      problem.
      """)

  @Argument(help: "Data files to summarise.", completion: .file(extensions: ["npy", "csv", "txt"]))
  var files: [String]

  @Option(help: "Print at most this many columns.")
  var maxColumns = 12

  func run() throws {
    // A DataFileError's description names the file, the problem and the fix; ArgumentParser
    // prints it as `Error: …` and exits non-zero.
    for file in files { try summarise(file) }
  }

  func summarise(_ file: String) throws {
    var dtype = "text"
    if file.lowercased().hasSuffix(".npy") {
      dtype = try NPY.read(file).dtype.rawValue
    }
    let data: Tensor<Double> = try MatrixFile.read(file)
    let (t, n) = (data.shape[0], data.shape[1])
    print("\(file): \(t) × \(n) (time × dimension), dtype \(dtype)")
    let mean = data.mean(alongAxis: 0)
    let std = data.standardDeviation(alongAxis: 0)
    let minimum = data.min(alongAxis: 0)
    let maximum = data.max(alongAxis: 0)
    print("  column        mean         std         min         max   dominant period")
    let sampling = SamplingCheck(data)
    for j in 0..<min(n, maxColumns) {
      let period = sampling.periods[j].map { String(format: "%.1f samples", $0) } ?? "—"
      print(
        String(format: "  %6d  %10.4f  %10.4f  %10.4f  %10.4f   ", j, mean[j], std[j], minimum[j], maximum[j])
          + period)
    }
    if n > maxColumns { print("  … \(n - maxColumns) more columns") }
    reportUnitsAndSampling(data, file: file, sampling: sampling)
  }
}

/// What `dsr inspect` and `dsr data info` add below the column table: the units (z-scored or
/// not, and what `dsr train` will do about it) on standard output; constant columns and sampling
/// warnings (``SamplingCheck``) on standard error.
func reportUnitsAndSampling(_ data: Tensor<Double>, file: String, sampling: SamplingCheck? = nil) {
  let (mean, std) = Standardization.statistics(of: [data])
  let constant = mean.indices.filter { Standardization.isConstant(mean: mean[$0], std: std[$0]) }
  let zScored = zip(mean, std).allSatisfy { Swift.abs($0) < 0.05 && Swift.abs($1 - 1) < 0.05 }
  if zScored {
    print("  units: z-scored (every column has mean ≈ 0 and std ≈ 1)")
  } else {
    let means = mean.map { Swift.abs($0) }.max() ?? 0, low = std.min() ?? 0, high = std.max() ?? 0
    print(String(format: "  units: not z-scored (|mean| up to %.4g, std %.4g–%.4g); dsr train z-scores each column (standardize = true)", means, low, high))
  }
  var warnings = constant.map { "\(file): column \($0) (0-based) is constant or nearly so (std \(String(format: "%.3g", std[$0]))); dsr train refuses it (drop the column)" }
  warnings += (sampling ?? SamplingCheck(data)).warnings(for: file)
  for w in warnings { FileHandle.standardError.write(Data("Warning: \(w)\n".utf8)) }
}
