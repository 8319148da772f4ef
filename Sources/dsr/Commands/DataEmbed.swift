import ArgumentParser
import DSRExperiment
import Foundation

extension DataCommand {
  /// `dsr data embed`.
  struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show the delay embedding dsr train would choose for a recording (without training).",
      discussion: """
        The delay is the first minimum of each channel's auto-mutual information (autocorrelation \
        below 1/e as the fallback), the dimension the first m at which Cao's E1 saturates; \
        --method nonuniform adds lags one at a time where they best reduce false neighbours; \
        --delays fixes the lags. The same preprocessing keys as training can be given first. \
        `dsr train --data FILE` embeds a one-column file this way by default and stores the \
        choice in model.json.
        """)

    @Argument(help: "The recording (.npy/.csv, or a directory of .npy files).", completion: .file(extensions: ["npy", "csv", "tsv", "txt"]))
    var files: [String]

    @Option(help: "uniform (default) or nonuniform.")
    var method: String = "uniform"

    @Option(help: "Explicit lags for every channel, e.g. 0,20,68.")
    var delays: String?

    @Option(help: "Samples per time unit (Hz for seconds).")
    var samplingRate: Double?

    @Option(help: "High-pass cutoff per time unit (needs --sampling-rate).")
    var highpass: Double?

    @Flag(help: "Remove each column's least-squares line first.")
    var detrend = false

    @Option(help: "Keep every k-th sample after an anti-alias low-pass.")
    var downsample = 1

    @Option(help: "Write the embedded series (first trajectory) to this .npy file.")
    var out: String?

    @Flag(help: "Replace --out if it exists.")
    var force = false

    @Flag(help: "Print one JSON object with the curves.")
    var json = false

    func run() throws {
      var request = try EmbeddingReport.Request(paths: files)
      request.preprocessing = try EmbeddingReport.preprocessing(samplingRate: samplingRate, highpass: highpass, detrend: detrend, downsample: downsample)
      request.method = try EmbeddingReport.method(method)
      request.delays = try delays.map(EmbeddingReport.delays) ?? []
      (request.json, request.out, request.force) = (json, out, force)
      print(try EmbeddingReport.run(request))
    }
  }
}
