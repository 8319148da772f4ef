import ArgumentParser
import DSRExperiment
import Foundation

// How the commands hand over to DSRExperiment and print what it returns.

/// Runs a library workflow, reporting its ``UsageError`` as a command-line usage error
/// (`Error: …` with the usage line, as ArgumentParser reports a `ValidationError`).
func usage<T>(_ body: () throws -> T) throws -> T {
  do { return try body() } catch let error as UsageError { throw ValidationError(error.message) }
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

/// Prints a data summary on standard output and its warnings on standard error.
func emit(_ report: DataSummary.Report) {
  print(report.text)
  for w in report.warnings { FileHandle.standardError.write(Data("Warning: \(w)\n".utf8)) }
}
