import DSRExperiment
import DSRTestSupport
import Foundation
import Testing

/// The library side of `dsr measure` and `dsr data floor`, called directly.
@Suite("TrajectoryComparison")
struct TrajectoryComparisonTests {
  let test = repositoryRoot().appendingPathComponent("Tests/DSRCLITests/Fixtures/lorenz63_test_small.npy").path

  @Test("a trajectory compared with itself is at distance 0; the floor compares the halves")
  func comparison() throws {
    var settings = TrajectoryComparison.Settings()
    settings.bins = 10
    let same = try TrajectoryComparison.measure(truePath: test, generatedPath: test, settings: settings)
    #expect(same.hasPrefix("D_stsp (binned, 10 bins): 0.0000\nD_H (σ = 20.0, first "))
    settings.json = true
    let floor = try TrajectoryComparison.floor(test, other: nil, settings: settings)
    let object = try JSONSerialization.jsonObject(with: Data(floor.utf8)) as? [String: Any]
    #expect(object?["dstsp_method"] as? String == "binned" && (object?["dstsp"] as? Double ?? -1) >= 0)
  }
}
