import DSRData
import DSRExperiment
import Foundation
import Testing

@Suite("Output files (--out)")
struct OutputFileTests {
  @Test("a new file or an unrelated one may be written; an input, a directory or a run directory's file may not")
  func rule() throws {
    let dir = try ExportFixtures.scratch("outputfile")
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = dir.appendingPathComponent("in.npy").path, other = dir.appendingPathComponent("other.npy").path
    for path in [input, other] { try Data([0]).write(to: URL(fileURLWithPath: path)) }
    try OutputFile.refuseOverwriting(dir.appendingPathComponent("new.npy").path, inputs: [input])
    try OutputFile.refuseOverwriting(other, inputs: [input])
    // The same file by another spelling is still the input.
    #expect { try OutputFile.refuseOverwriting(dir.path + "/./in.npy", inputs: [input]) } throws: {
      ($0 as? DataFileError)?.problem.contains("is an input") == true
    }
    #expect { try OutputFile.refuseOverwriting(dir.path, inputs: []) } throws: { ($0 as? DataFileError)?.problem == "is a directory" }
    let run = dir.appendingPathComponent("Results/x/y/001")
    try FileManager.default.createDirectory(at: run.appendingPathComponent("plots"), withIntermediateDirectories: true)
    try Data("{}".utf8).write(to: run.appendingPathComponent("config.json"))
    let plot = run.appendingPathComponent("plots/a.npy").path
    try Data([1]).write(to: URL(fileURLWithPath: plot))
    #expect { try OutputFile.refuseOverwriting(plot, inputs: []) } throws: { "\($0)".contains("inside the run directory") }
    try OutputFile.refuseOverwriting(run.appendingPathComponent("plots/b.npy").path, inputs: [])
  }
}
