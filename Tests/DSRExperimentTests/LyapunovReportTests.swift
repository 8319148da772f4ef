import DSRExperiment
import DSRTestSupport
import Foundation
import Testing

/// The library side of `dsr data list` and `dsr lyapunov --system`, called directly.
@Suite("LyapunovReport and the benchmark catalogue")
struct LyapunovReportTests {
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
