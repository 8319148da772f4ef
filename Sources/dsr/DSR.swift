import ArgumentParser

/// The `dsr` command: dynamical-systems reconstruction from the command line.
struct DSR: ParsableCommand {
  static let version = "0.3.0"

  static let configuration = CommandConfiguration(
    commandName: "dsr",
    abstract: "Dynamical-systems reconstruction with piecewise-linear RNNs.",
    discussion: """
      dsr reconstructs dynamical systems from time series with piecewise-linear recurrent \
      networks trained by generalized teacher forcing: `dsr train` trains a configuration, `dsr evaluate` judges trained runs on test data, \
      `dsr inspect` summarises data files and `dsr bench` measures training speed.
      """,
    version: version,
    subcommands: [Train.self, Grid.self, Suite.self, Evaluate.self, Measure.self, Lyapunov.self, Analyze.self, Export.self, Import.self, ReportCommand.self, DataCommand.self, Inspect.self, Bench.self]
  )
}
