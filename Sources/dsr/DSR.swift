import ArgumentParser
import DSRExperiment
import Foundation

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
    subcommands: [Train.self, Grid.self, Suite.self, Evaluate.self, Measure.self, Lyapunov.self, Analyze.self, Export.self, Import.self, DataCommand.self, Inspect.self, Bench.self]
  )
}

/// Runs a library workflow, reporting its ``UsageError`` as a command-line usage error
/// (`Error: …` with the usage line, as ArgumentParser reports a `ValidationError`).
func usage<T>(_ body: () throws -> T) throws -> T {
  do { return try body() } catch let error as UsageError { throw ValidationError(error.message) }
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

/// ``usage(_:)`` for an asynchronous workflow.
func usage<T>(_ body: () async throws -> T) async throws -> T {
  do { return try await body() } catch let error as UsageError { throw ValidationError(error.message) }
}

/// Writes one line of a workflow's output to standard output at once (unbuffered, so that it
/// keeps its place among the lines of the grid's workers).
func emit(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
