import Testing
@testable import DSRExperiment

@Suite struct ResultsReportTests {
  @Test func relativeLinks() {
    #expect(ResultsReport.relative("/r/a/b/001/report.html", from: "/r") == "a/b/001/report.html")
    #expect(ResultsReport.relative("/r/report.html", from: "/r/a/b/001") == "../../../report.html")
  }
}
