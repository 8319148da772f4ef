import ArgumentParser
import DSRExperiment

/// The D_stsp / D_H options shared by `dsr measure` and `dsr data floor`.
struct MeasureOptions: ParsableArguments {
  @Option(help: "Force the binned D_stsp with this many bins per dimension (at most the largest b with 10⁻⁵·b^N ≤ T).")
  var bins: Int?

  @Option(help: "Force the Gaussian-mixture D_stsp with this σ².")
  var gmmScaling: Double?

  @Option(help: "σ of the spectrum smoothing for D_H, in frequency bins (0 = none; the default is PSE_smoothing's).")
  var smoothing: Double = TrajectoryComparison.Settings().smoothing

  @Option(help: "Seed of the Gaussian-mixture Monte-Carlo samples.")
  var seed: UInt64 = 0

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  func check() throws {
    if bins != nil && gmmScaling != nil { throw ValidationError("give --bins or --gmm-scaling, not both") }
    if let bins, bins < 1 { throw ValidationError("--bins must be at least 1, got \(bins)") }
    if let gmmScaling, !(gmmScaling > 0) { throw ValidationError("--gmm-scaling must be positive, got \(gmmScaling)") }
    if !(smoothing >= 0) { throw ValidationError("--smoothing must be ≥ 0, got \(smoothing)") }
  }

  /// The comparison settings these options stand for.
  var settings: TrajectoryComparison.Settings {
    var s = TrajectoryComparison.Settings()
    (s.bins, s.gmmScaling, s.smoothing, s.seed, s.json) = (bins, gmmScaling, smoothing, seed, json)
    return s
  }
}
