import ArgumentParser
import DSRExperiment

/// `dsr inspect`: what is in a data file.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Summarise a time-series file (.npy or .csv): shape, dtype and per-column statistics.",
    discussion: """
      Reads the file as a T × N matrix (time × observed dimension) and prints, for each column, \
      mean, standard deviation, minimum, maximum and the dominant period of its power spectrum \
      (in samples), then whether the columns are z-scored (dsr train standardises them by \
      default) and, on standard error, warnings about constant columns and sampling that is far \
      too coarse or too fine for training. NaN (an empty CSV field, nan) is a missing value: the \
      statistics leave it out and a gaps line gives the gaps, the missing rows, the longest gap and the \
      longest complete stretch. ±∞ and malformed files are reported with the file and the problem.
      """)

  @Argument(help: "Data files to summarise.", completion: .file(extensions: ["npy", "csv", "txt"]))
  var files: [String]

  @Option(help: "Print at most this many columns.")
  var maxColumns = 12

  func run() throws {
    // A DataFileError's description names the file, the problem and the fix; ArgumentParser
    // prints it as `Error: …` and exits non-zero.
    for file in files { emit(try DataSummary.inspect(file, maxColumns: maxColumns)) }
  }
}
