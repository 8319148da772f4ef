@testable import DSRExperiment
import Testing

@Suite("MemoryEstimate: refuse what cannot fit, before anything is written")
struct MemoryEstimateTests {
  func estimate(_ overrides: [String], rows: Int = 4000) throws -> MemoryEstimate {
    let spec = try Configuration.load(file: nil, overrides: ["latent_dim=3"] + overrides).decoded
    return MemoryEstimate(spec, observed: 3, inputs: 0, longestTrajectory: rows)
  }

  @Test("the defaults fit easily; the measured large cases are reproduced within a factor of 1.5")
  func figures() throws {
    #expect(try estimate([]).bytes < 0.2e9)
    // Measured peaks: hidden_dim 20 000 → 4.0 GB, 100 000 → 19.7 GB; batch_size 4000 → 0.75 GB.
    for (overrides, measured) in [(["hidden_dim=20000"], 4.0e9), (["hidden_dim=100000"], 19.7e9), (["batch_size=4000"], 0.75e9)] {
      let bytes = try estimate(overrides).bytes
      #expect(bytes > measured / 1.5 && bytes < measured * 1.5, "\(overrides): \(bytes)")
    }
  }

  @Test("the hostile sizes of the issue are refused with the figures and the keys to change")
  func refusals() throws {
    for overrides in [["hidden_dim=10000000"], ["hidden_dim=1000000"], ["model=PLRNN", "latent_dim=100000"], ["batch_size=100000000"]] {
      do {
        try estimate(overrides).check(physical: 24e9, source: "c.json")
        Issue.record("\(overrides) was accepted")
      } catch let error as ConfigurationError {
        #expect("\(error)".contains("this machine has 24.0 GB") && "\(error)".contains("reduce hidden_dim"), "\(error)")
      }
    }
    try estimate([]).check(physical: 24e9, source: "c.json")
  }
}
