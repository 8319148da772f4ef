import DSRExperiment
import DSRTestSupport
import Foundation
import Testing

@Suite("Grid specifications")
struct GridTests {
  let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-grid-spec-\(getpid())")

  func file(_ text: String) throws -> String {
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let url = scratch.appendingPathComponent("\(UUID().uuidString).json")
    try Data(text.utf8).write(to: url)
    return url.path
  }

  @Test("tasks: the Cartesian product with the first grid key slowest, runs innermost, the reference's folder names")
  func product() throws {
    let path = try file("""
      { "experiment": "e", "name": "CRSettings", "model": "clippedShallowPLRNN", "observation_model": "Affine",
        "latent_dim": 5,
        "grid": {"hidden_dim": [50, 250], "gtf_alpha": [0.3, 1e-5]},
        "ids": {"model": "ℳ", "observation_model": "𝒪", "latent_dim": "M", "hidden_dim": "H", "gtf_alpha": "α"},
        "runs": 2 }
      """)
    let grid = try GridSpecification.load(file: path)
    let tasks = try grid.tasks()
    #expect(tasks.count == 8)
    #expect(tasks.map(\.index) == Array(0..<8))
    #expect(tasks[0].name == "CRSettings-ℳ_clippedShallowPLRNN-𝒪_Affine-M_5-H_50-α_0.3")
    #expect(tasks[1].name == tasks[0].name && tasks[0].run == 1 && tasks[1].run == 2)
    #expect(tasks[2].name == "CRSettings-ℳ_clippedShallowPLRNN-𝒪_Affine-M_5-H_50-α_1.0e-5")
    #expect(tasks[4].name == "CRSettings-ℳ_clippedShallowPLRNN-𝒪_Affine-M_5-H_250-α_0.3")
    #expect(tasks[5].configuration.decoded.model.hiddenDimension == 250 && tasks[5].configuration.values["gtf_alpha"] == .double(0.3))
    #expect(tasks[7].directory.path.hasSuffix("e/CRSettings-ℳ_clippedShallowPLRNN-𝒪_Affine-M_5-H_250-α_1.0e-5/002"))
  }

  @Test("the order of the grid keys in the file decides the order of the tasks")
  func order() throws {
    let a = try GridSpecification.load(file: file(#"{"grid": {"gtf_alpha": [0.1, 0.2], "hidden_dim": [8, 16]}, "ids": {"gtf_alpha": "a", "hidden_dim": "H"}}"#))
    #expect(try a.tasks().map(\.name) == ["lorenz63-a_0.1-H_8", "lorenz63-a_0.1-H_16", "lorenz63-a_0.2-H_8", "lorenz63-a_0.2-H_16"])
    let b = try GridSpecification.load(file: file(#"{"grid": {"hidden_dim": [8, 16], "gtf_alpha": [0.1, 0.2]}, "ids": {"gtf_alpha": "a", "hidden_dim": "H"}}"#))
    #expect(try b.tasks().map(\.name) == ["lorenz63-H_8-a_0.1", "lorenz63-H_8-a_0.2", "lorenz63-H_16-a_0.1", "lorenz63-H_16-a_0.2"])
  }

  @Test("values are written as Julia's string prints them")
  func juliaFormatting() {
    #expect(GridSpecification.folderValue(.double(0.3)) == "0.3")
    #expect(GridSpecification.folderValue(.double(1e-5)) == "1.0e-5")
    #expect(GridSpecification.folderValue(.double(100)) == "100.0")
    #expect(GridSpecification.folderValue(.double(1e16)) == "1.0e16")
    #expect(GridSpecification.folderValue(.double(2.5e-7)) == "2.5e-7")
    #expect(GridSpecification.folderValue(.int(250)) == "250")
    #expect(GridSpecification.folderValue(.bool(true)) == "true")
    #expect(GridSpecification.folderValue(.string("Affine")) == "Affine")
  }

  @Test("--runs overrides the file; a plain configuration is one task per run")
  func runs() throws {
    let plain = try file(#"{"name": "x"}"#)
    #expect(try GridSpecification.load(file: plain).tasks().count == 1)
    #expect(try GridSpecification.load(file: plain, runs: 5).tasks().map(\.run) == [1, 2, 3, 4, 5])
  }

  @Test("bad grids are refused naming the key", arguments: [
    (#"{"grid": {"hidden_dim": [8, 16]}}"#, "has no folder id"),
    (#"{"grid": {"hiden_dim": [8]}, "ids": {"hiden_dim": "H"}}"#, "did you mean 'hidden_dim'?"),
    (#"{"grid": {"hidden_dim": []}, "ids": {"hidden_dim": "H"}}"#, "non-empty list"),
    (#"{"grid": {"hidden_dim": [8, "many"]}, "ids": {"hidden_dim": "H"}}"#, "must be an integer"),
    (#"{"grid": {"run": [1, 2]}, "ids": {"run": "r"}}"#, "cannot vary within a grid"),
    (#"{"runs": 0}"#, "runs"),
    (#"{"runs": 2.5}"#, "runs"),
    (#"{"slurm": {"partion": "cpu"}}"#, "did you mean 'partition'?"),
    (#"{"slurm": {"cpus_per_task": 0}}"#, "positive integer"),
    (#"{"grid": {"gtf_alpha": [0.5, 1.5]}, "ids": {"gtf_alpha": "α"}}"#, "gtf_alpha"),
  ])
  func errors(_ text: String, _ message: String) throws {
    let path = try file(text)
    do {
      _ = try GridSpecification.load(file: path)
      Issue.record("\(text) was accepted")
    } catch {
      #expect("\(error)".contains(message), "\(error)")
    }
  }

  @Test("a grid file given to dsr train is refused with a pointer to dsr grid")
  func trainRefusesGrids() throws {
    let path = try file(#"{"runs": 3}"#)
    #expect(throws: ConfigurationError.self) { try Configuration.load(file: path) }
    do { _ = try Configuration.load(file: path) } catch { #expect("\(error)".contains("dsr grid --config")) }
  }

  @Test("Slurm array specifications compress runs of indices; the script runs dsr train --grid-task")
  func slurm() throws {
    #expect(SlurmSettings.arraySpecification([0, 1, 2, 3, 7, 9, 10]) == "0-3,7,9-10")
    #expect(SlurmSettings.arraySpecification([5]) == "5")
    let grid = try GridSpecification.load(file: file(##"{"experiment": "s", "slurm": {"partition": "cpu", "time": "01:00:00", "mem": "1G", "max_parallel": 4, "extra": ["#SBATCH --account=lab"]}}"##))
    let script = grid.slurm.script(jobName: "dsr-s", indices: [0, 2], grid: grid, executable: "/opt/dsr", workingDirectory: "/work")
    for line in ["#SBATCH --array=0,2%4", "#SBATCH --partition=cpu", "#SBATCH --time=01:00:00", "#SBATCH --mem=1G", "#SBATCH --account=lab",
                 "exec /opt/dsr train --grid-task /work/Results/s/.grid/tasks/${SLURM_ARRAY_TASK_ID}.json"] {
      #expect(script.contains(line), "\(line)")
    }
  }
}
