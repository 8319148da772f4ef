import ArgumentParser

/// The `dsr` command: dynamical-systems reconstruction from the command line.
struct DSR: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "dsr",
    abstract: "Dynamical-systems reconstruction with piecewise-linear RNNs.",
    discussion: """
      dsr reconstructs dynamical systems from time series with piecewise-linear recurrent \
      networks trained by generalized teacher forcing. Available in this version: the numerical \
      core (tensors, autodiff, NPY/CSV input), `dsr inspect` for data files and `dsr bench` for \
      its speed.
      """,
    version: version,
    subcommands: [Inspect.self, Bench.self]
  )
}
