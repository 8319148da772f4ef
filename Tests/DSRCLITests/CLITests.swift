import DSRTestSupport
import Foundation
import Testing

/// Runs the built `dsr` executable and captures its output.
struct DSRProcess {
  static var executable: URL {
    // The test runner lives in the build directory beside the dsr executable.
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = runner.deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent("dsr")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir.deleteLastPathComponent()
    }
    return repositoryRoot().appendingPathComponent(".build/debug/dsr")
  }

  /// Runs `dsr` with `arguments`; `environment` adds to (or overrides) the inherited environment.
  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    process.currentDirectoryURL = repositoryRoot()
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
  }
}

@Suite struct CLITests {
  @Test func versionAndHelp() throws {
    let v = try DSRProcess.run(["--version"])
    #expect(v.status == 0)
    #expect(v.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.3.0")
    let h = try DSRProcess.run(["--help"])
    #expect(h.status == 0)
    #expect(h.stdout.contains("USAGE: dsr <subcommand>"))
    #expect(h.stdout.contains("inspect"))
    #expect(h.stdout.contains("bench"))
  }

  @Test func inspectSummarisesTheShippedData() throws {
    let r = try DSRProcess.run(["inspect", "Datasets/lorenz63_test.npy"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("Datasets/lorenz63_test.npy: 100000 × 3 (time × dimension), dtype <f4"))
    #expect(r.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("       ") }.count == 3)
  }

  @Test func inspectReportsBadFilesWithNonZeroExit() throws {
    let fixtures = repositoryRoot().appendingPathComponent("Tests/DSRDataTests/Fixtures")
    let missing = try DSRProcess.run(["inspect", "no/such/file.npy"])
    #expect(missing.status != 0)
    #expect(missing.stderr.contains("no/such/file.npy: no such file"))
    let inf = try DSRProcess.run(["inspect", fixtures.appendingPathComponent("inf_values.npy").path])
    #expect(inf.status != 0)
    #expect(inf.stderr.contains("infinite value (inf) at row 1, column 0"))
    #expect(!inf.stderr.contains("Fatal error"), "no crash, a message")
  }

  @Test func benchCoreEmitsJSONLines() throws {
    let r = try DSRProcess.run(["bench", "--core", "--json", "--seconds", "0.01"])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count >= 5)
    var names: [String] = []
    for line in lines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      let ns = object?["ns_per_op"] as? Double ?? -1
      #expect(ns > 0)
      names.append(object?["benchmark"] as? String ?? "")
    }
    #expect(names.contains("matmul_16x20_20x20_f32"))
    #expect(names.contains("tape_record_add_20x16_f32"))
    #expect(names.contains("tape_reverse_per_op_20x16_f32"))
  }

  @Test func benchAlphaCostPairsAdaptiveWithConstant() throws {
    let r = try DSRProcess.run(["bench", "--alpha-cost", "--json", "--seconds", "0.01", "--only", "lorenz63-clippedshplrnn-agtf"])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count == 1)
    let object = try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any]
    #expect(object?["config"] as? String == "lorenz63-clippedshplrnn-agtf")
    #expect((object?["rounds"] as? Int ?? 0) >= 8, "at least 8 paired rounds")
    let constant = object?["constant_ms"] as? Double ?? -1, adaptive = object?["adaptive_ms"] as? Double ?? -1
    let ratio = object?["ratio"] as? Double ?? -1
    #expect(constant > 0 && adaptive > 0 && ratio > 0.2 && ratio < 20)
  }

  @Test func benchRejectsBadSeconds() throws {
    let r = try DSRProcess.run(["bench", "--seconds", "0"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("--seconds must be in (0, 60], got 0.0"))
  }
}
