import ArgumentParser
import DSRExperiment

/// The `dsr` command: dynamical-systems reconstruction from the command line.
struct DSR: AsyncParsableCommand {
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
    subcommands: [Train.self, Grid.self, Suite.self, Evaluate.self, Measure.self, Lyapunov.self, Analyze.self, Export.self, Import.self, Generate.self, ReportCommand.self, DataCommand.self, Inspect.self, Bench.self]
  )
}

extension DSR {
  /// What `AsyncParsableCommand.main()` does: parse, run the command (an asynchronous one
  /// awaited), exit with ArgumentParser's message on an error. Top-level code that names
  /// `DSR.main()` gets `ParsableCommand`'s synchronous entry point, which refuses an
  /// asynchronous root.
  static func start() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      exit(withError: error)
    }
  }
}
