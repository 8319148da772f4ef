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
    for (overrides, remedy) in [(["hidden_dim=10000000"], "reduce hidden_dim"), (["hidden_dim=1000000"], "reduce hidden_dim"),
                                (["model=PLRNN", "latent_dim=100000"], "reduce latent_dim"), (["batch_size=100000000"], "batch_size"),
                                // The dendritic models grow with num_bases, not with hidden_dim.
                                (["model=dendPLRNN", "num_bases=100000000"], "reduce num_bases or latent_dim"),
                                (["model=clippedDendPLRNN", "latent_dim=20", "num_bases=5000000"], "reduce num_bases")] {
      do {
        try estimate(overrides).check(physical: 24e9, source: "c.json")
        Issue.record("\(overrides) was accepted")
      } catch let error as ConfigurationError {
        #expect("\(error)".contains("this machine has 24.0 GB") && "\(error)".contains(remedy), "\(error)")
        if overrides[0].hasPrefix("model=") { #expect(!"\(error)".contains("hidden_dim"), "\(error)") }
      }
    }
    try estimate([]).check(physical: 24e9, source: "c.json")
  }
}
