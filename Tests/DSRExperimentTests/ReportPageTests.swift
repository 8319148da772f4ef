import Foundation
import Testing
@testable import DSRExperiment

@Suite struct ReportPageTests {
  @Test func moreThanEightDimensionsGetASelector() {
    let svgs = (1...10).map { "<svg><title>d\($0)</title></svg>" }
    let html = ReportPage.dimensionGroups(svgs, visible: 8, name: "ts")
    #expect(html.contains("<select class=\"dim-select\" data-group=\"ts\">"))
    #expect(html.contains(">1–8</option>") && html.contains(">9–10</option>"))
    #expect(html.components(separatedBy: "class=\"dim-group\"").count - 1 == 2)
    #expect(html.components(separatedBy: " hidden>").count - 1 == 1)
    #expect(!ReportPage.dimensionGroups(Array(svgs.prefix(8)), visible: 8, name: "ts").contains("<select"))
  }

  @Test func theSliderShowsTheLastSnapshot() {
    let html = ReportPage.slider([("25", "<svg>a</svg>"), ("50", "<svg>b</svg>")], name: "snap")
    #expect(html.contains("max=\"1\" value=\"1\""))
    #expect(html.contains("data-label=\"25\" hidden>") && html.contains("data-label=\"50\"><svg>b</svg>"))
  }

  @Test func theRotatableViewEmbedsNormalisedPointsAsJSON() throws {
    let c = [[0.0, 1, 2], [0.0, 2, 4], [5.0, 5, 5]]
    let html = ReportPage.rotatable(title: "3-D <view>", names: ["a", "b", "c"], truth: c, generated: c)
    #expect(html.contains("<title>3-D &lt;view&gt;</title>"))
    let json = html.components(separatedBy: "class=\"dsr-3d-data\">")[1].components(separatedBy: "</script>")[0]
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    let truth = object["truth"] as! [Double]
    #expect(truth.count == 9 && truth.allSatisfy { $0 >= -1 && $0 <= 1 })
    #expect(ReportPage.rotatable(title: "t", names: ["a", "b"], truth: [[0], [1]], generated: [[0], [1]]).isEmpty)
  }

  @Test func tablesAndTheWholePageAreSelfContained() {
    var page = ReportPage(title: "a & b", subtitle: "s")
    page.section("S", id: "s", ReportPage.table(["x", "y"], [["1", "2"]], numeric: [1]))
    let html = page.html()
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<title>a &amp; b</title>"))
    #expect(html.contains("<td class=\"num\">2</td>"))
    #expect(!html.contains("src=") && !html.contains("href=\"http"))
  }
}
