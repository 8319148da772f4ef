import ArgumentParser
import DSRExperiment

/// `dsr measure`: D_stsp and D_H between any two trajectories.
struct Measure: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compare two trajectories: state-space divergence D_stsp and power-spectrum distance D_H.",
    discussion: """
      D_stsp is binned (--bins, by default D_stsp_bins's) for N < 6 observed dimensions and a Gaussian \
      mixture (--gmm-scaling σ², by default D_stsp_scaling's; 1000 seeded Monte-Carlo samples) otherwise, as in the GTF \
      reference; giving one of the two options forces that estimator. D_H compares the Gaussian- \
      smoothed power spectra (--smoothing σ in frequency bins, by default PSE_smoothing's) over the first \
      min(T, T') rows of both series.
      """)

  @Option(name: .customLong("true"), help: "The reference trajectory (T × N, .npy or .csv).")
  var truePath: String

  @Option(name: .customLong("generated"), help: "The trajectory to judge (T' × N).")
  var generatedPath: String

  @OptionGroup var measure: MeasureOptions

  func validate() throws { try measure.check() }

  func run() throws {
    print(try usage { try TrajectoryComparison.measure(truePath: truePath, generatedPath: generatedPath, settings: measure.settings) })
  }
}
