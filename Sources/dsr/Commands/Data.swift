import ArgumentParser
import DSRExperiment

/// `dsr data`: benchmark data, file summaries and noise floors.
struct DataCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "data",
    abstract: "Generate benchmark data, list the systems, summarise files, compute noise floors, subsample, choose a delay embedding.",
    subcommands: [Generate.self, List.self, Info.self, Floor.self, Subsample.self, Embed.self])

  /// `dsr data list`.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the benchmark systems with their parameters and Lyapunov exponents.")

    func run() { print(BenchmarkCatalogue.listing()) }
  }

  /// `dsr data info`.
  struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Shape, dtype, memory order and per-column statistics of .npy or .csv files, with non-finite counts.")

    @Argument(help: "Data files.")
    var files: [String]

    @Flag(help: "Print one JSON object per file.")
    var json = false

    func run() throws {
      for file in files { emit(try DataSummary.info(file, json: json)) }
    }
  }

  /// `dsr data floor`.
  struct Floor: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The noise floor: D_stsp and D_H between two stretches of a file, or between two files.",
      discussion: """
        With one file, its first L rows are compared with the next L (two independent stretches \
        of the same system); L is --length, the length of the comparison the floor is for (both \
        measures depend on it), by default ⌊T/2⌋. A file shorter than 2L gives the floor at ⌊T/2⌋ \
        and says so. With two files, the first is the reference, compared as by `dsr measure` (with \
        --length, their first L rows). The length is printed beside the values. No model can be expected to \
        score below this at that length. Binned D_stsp for N < 6, Gaussian mixture otherwise, as \
        in `dsr measure`.
        """)

    @Argument(help: "The (test) data file.")
    var file: String

    @Argument(help: "A second file to compare with instead of the halves.")
    var other: String?

    @Option(help: "The length (rows) of the comparison the floor is for; default: half the file.")
    var length: Int?

    @OptionGroup var measure: MeasureOptions

    func validate() throws {
      try measure.check()
      if let length, length < 2 { throw ValidationError("--length must be at least 2 rows, got \(length)") }
    }

    func run() throws {
      print(try usage { try TrajectoryComparison.floor(file, other: other, length: length, settings: measure.settings) })
    }
  }
}
