import DSRExperiment
import DSRTestSupport
import Foundation
import Testing

/// The library side of `dsr measure`, `dsr data floor`, `dsr data info`/`inspect`, `dsr data list`
/// and `dsr lyapunov --system`, called directly.
@Suite("Data and comparison workflows")
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

  @Test("data summaries: info counts, inspect adds the dominant period; both give the units line")
  func summaries() throws {
    let info = try DataSummary.info(test, json: false)
    #expect(info.text.contains("(time × dimension), dtype <f") && info.text.contains("C order, 0 non-finite values"))
    #expect(info.text.contains("  units: "))
    let inspect = try DataSummary.inspect(test, maxColumns: 1)
    #expect(inspect.text.contains("dominant period") && inspect.text.contains("… 2 more columns"))
  }

  @Test("the catalogue and a benchmark spectrum; a malformed --param is a usage error")
  func systems() throws {
    #expect(BenchmarkCatalogue.listing().split(separator: "\n").contains { $0.hasPrefix("lorenz63 ") })
    var request = LyapunovReport.Request()
    (request.system, request.steps, request.transient) = ("henon", 2000, 100)
    #expect(try LyapunovReport.run(request).hasPrefix("Hénon map (a=1.4, b=0.3): 2000 steps after 100 transient, per iteration"))
    request.parameters = ["a"]
    #expect(throws: UsageError("--param a: expected name=value, e.g. rho=35")) { try LyapunovReport.run(request) }
  }
}
