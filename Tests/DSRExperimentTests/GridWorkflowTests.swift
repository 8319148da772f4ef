import DSRExperiment
import Foundation
import Testing

/// ``GridWorkflow``: the listing, the status report and the Slurm flags, without training.
@Suite("GridWorkflow")
struct GridWorkflowTests {
  @Test("a dry run lists every task with its state; --status adds the count; Slurm flags replace the file's")
  func listing() async throws {
    let dir = try scratchDirectory("grid-workflow")
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("grid.json").path
    let text = #"{"experiment": "w", "name": "g", "results_directory": "\#(dir.path)", "grid": {"hidden_dim": [4, 8]}, "ids": {"hidden_dim": "H"}, "runs": 2}"#
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    var request = GridWorkflow.Request(config: file)
    request.dryRun = true
    var lines: [String] = []
    #expect(try await GridWorkflow.run(request) { lines.append($0) })
    #expect(lines.first == "\(dir.path)/w: 2 settings × 2 runs = 4 tasks")
    #expect(lines.count == 2 && lines[1].split(separator: "\n").count == 4 && lines[1].hasSuffix("\(dir.path)/w/g-H_8/002  pending"))
    request.status = true
    lines = []
    #expect(try await GridWorkflow.run(request) { lines.append($0) })
    #expect(lines.count == 1 && lines[0].hasSuffix("4 task(s): 4 pending"))
    request.status = false
    request.backend = .slurm
    (request.slurm.partition, request.slurm.extraLines) = ("cpu", ["#SBATCH --account=lab"])
    lines = []
    #expect(try await GridWorkflow.run(request) { lines.append($0) })
    #expect(lines[1].hasPrefix("Job script for 4 task(s): ") && lines[2].contains("#SBATCH --partition=cpu") && lines[2].contains("#SBATCH --account=lab"))
  }
}
