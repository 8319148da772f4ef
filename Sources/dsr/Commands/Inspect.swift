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
      (in samples). Non-finite values and malformed files are reported with the file and the \
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
    let columns = data.transposed()
    for j in 0..<min(n, maxColumns) {
      let signal = columns.row(j).scalars.map { $0 - mean[j] }
      let power = FFT.powerSpectrum(signal)
      let k = power.indices.dropFirst().max { power[$0] < power[$1] } ?? 0
      let period = k > 0 ? String(format: "%.1f samples", Double(t) / Double(k)) : "—"
      print(
        String(format: "  %6d  %10.4f  %10.4f  %10.4f  %10.4f   ", j, mean[j], std[j], minimum[j], maximum[j])
          + period)
    }
    if n > maxColumns { print("  … \(n - maxColumns) more columns") }
  }
}
