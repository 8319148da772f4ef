import ArgumentParser
import DSRExperiment

extension DataCommand {
  /// `dsr data subsample`.
  struct Subsample: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Keep every k-th row of a time series (e.g. when it is sampled far too finely for training).",
      discussion: """
        Writes rows o, o + k, o + 2k, … of FILE (k = --every, o = --offset) to --out, as .npy \
        (the input's dtype; float64 for text input) or as comma-separated text (.csv, .tsv, .txt; \
        the input's header line is kept). The output is written atomically; an existing file is \
        replaced only with --force. `dsr inspect` and `dsr train` suggest k when the data is \
        sampled very finely (about 75 samples per dominant period is a good target).
        """)

    @Argument(help: "The data file (.npy, .csv, .tsv or .txt).", completion: .file(extensions: ["npy", "csv", "tsv", "txt"]))
    var file: String

    @Option(help: "Keep every k-th row.")
    var every: Int

    @Option(help: "The first row kept (0-based).")
    var offset = 0

    @Option(help: "The output file: .npy, or .csv/.tsv/.txt for text.")
    var out: String

    @Flag(help: "Replace --out if it exists.")
    var force = false

    func validate() throws {
      if every < 1 { throw ValidationError("--every must be at least 1, got \(every)") }
      if offset < 0 { throw ValidationError("--offset must be ≥ 0, got \(offset)") }
      let lower = out.lowercased()
      if ![".npy", ".csv", ".tsv", ".txt"].contains(where: { lower.hasSuffix($0) }) {
        throw ValidationError("--out must end in .npy, .csv, .tsv or .txt, got '\(out)'")
      }
    }

    func run() throws {
      print(try DataFiles.subsample(file, every: every, offset: offset, to: out, replace: force))
    }
  }
}
