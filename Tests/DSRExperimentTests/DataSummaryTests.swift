import DSRExperiment
import DSRTestSupport
import Foundation
import Testing

/// The library side of `dsr data info` and `dsr inspect`, called directly.
@Suite("DataSummary")
struct DataSummaryTests {
  let test = repositoryRoot().appendingPathComponent("Tests/DSRCLITests/Fixtures/lorenz63_test_small.npy").path

  @Test("data summaries: info counts, inspect adds the dominant period; both give the units line")
  func summaries() throws {
    let info = try DataSummary.info(test, json: false)
    #expect(info.text.contains("(time × dimension), dtype <f") && info.text.contains("C order, 0 non-finite values"))
    #expect(info.text.contains("  units: "))
    let inspect = try DataSummary.inspect(test, maxColumns: 1)
    #expect(inspect.text.contains("dominant period") && inspect.text.contains("… 2 more columns"))
  }
}
