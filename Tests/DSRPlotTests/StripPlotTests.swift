import Testing
@testable import DSRPlot

@Suite struct StripPlotTests {
  @Test func quantilesInterpolateLikeNumpy() {
    #expect(StripPlot.quantile([1, 2, 3, 4], 0.5) == 2.5)
    #expect(StripPlot.quantile([1, 2, 3, 4], 0.25) == 1.75)
    #expect(StripPlot.quantile([], 0.5).isNaN)
  }

  @Test func oneDotPerFiniteValueAndNotApplicableCounted() {
    let plot = StripPlot(title: "D_stsp per setting", yLabel: "D_stsp", categories: ["a", "b"], values: [[1, 2, 3], [2, .nan]])
    let svg = plot.svg()
    #expect(svg.components(separatedBy: "h0").count - 1 == 4)
    #expect(svg.contains("(1 n/a)"))
    #expect(svg.contains("<title>D_stsp per setting</title>"))
  }

  @Test func longCategoryNamesAreRotated() {
    let names = (0..<6).map { "latent_dim=\($0),gtf_alpha=0.1" }
    let svg = StripPlot(title: "t", yLabel: "y", categories: names, values: names.map { _ in [1] }).svg()
    #expect(svg.contains("rotate(35)"))
  }
}
