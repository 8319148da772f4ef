import Foundation
import Testing
@testable import DSRPlot

@Suite struct PlotTests {
  func count(_ needle: String, in s: String) -> Int { s.components(separatedBy: needle).count - 1 }

  @Test func aLineFigureHasTitleAxesLegendAndOnePathPerSeries() {
    var plot = Plot(title: "Time series", xLabel: "step", yLabel: "x₁")
    plot.series = [Series("true", y: [0, 1, 0, -1, 0], color: Palette.truth),
                   Series("generated", y: [0, 0.8, 0.1, -0.9, 0], color: Palette.generated, dash: "4 2")]
    let svg = plot.svg()
    #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
    #expect(count("<title>", in: svg) == 1)
    #expect(svg.contains(">true</text>") && svg.contains(">generated</text>"))
    #expect(count("stroke=\"\(Palette.generated)\" stroke-width=\"1.2\"", in: svg) == 1)
    #expect(svg.contains("stroke-dasharray=\"4 2\""))
  }

  @Test func anEmptyPlotSaysNoData() {
    let svg = Plot(title: "Nothing").svg()
    #expect(svg.contains("no data"))
    var withNaN = Plot(title: "All NaN")
    withNaN.series = [Series("a", y: [.nan, .nan], color: "#000")]
    #expect(withNaN.svg().contains("no data"))
  }

  @Test func aConstantSeriesIsDrawnInTheMiddle() {
    var plot = Plot(title: "Constant")
    plot.series = [Series("c", y: [3, 3, 3, 3], color: "#000")]
    let svg = plot.svg()
    #expect(!svg.contains("no data"))
    let f = plot.frame()
    #expect(f.y.domain.contains(3) && f.y.domain.lowerBound < 3 && f.y.domain.upperBound > 3)
    #expect(f.yTicks.count >= 2)
  }

  @Test func nanBreaksALine() {
    var plot = Plot(title: "Gap")
    plot.series = [Series("g", y: [0, 1, .nan, 2, 3], color: "#000")]
    plot.showLegend = false
    let svg = plot.svg()
    // Two subpaths: M…L… M…L…
    let path = svg.components(separatedBy: "stroke=\"#000\"")[0].components(separatedBy: "<path d=\"").last!
    #expect(count("M", in: path) == 2)
  }

  @Test func aLongSeriesIsDecimatedToAFewPointsPerPixelColumn() {
    var plot = Plot(title: "Long")
    let y = (0..<200_000).map { sin(Double($0) / 100) }
    plot.series = [Series("long", y: y, color: "#000")]
    let svg = plot.svg()
    #expect(svg.utf8.count < 80_000, "got \(svg.utf8.count) bytes")
  }

  @Test func aScatterOfManyPointsIsThinned() {
    var plot = Plot(title: "Cloud")
    var rng = SystemRandomNumberGenerator()
    let x = (0..<100_000).map { _ in Double.random(in: -1...1, using: &rng) }
    let y = (0..<100_000).map { _ in Double.random(in: -1...1, using: &rng) }
    plot.series = [Series("cloud", x: x, y: y, color: "#000", style: .points(radius: 1))]
    let svg = plot.svg()
    #expect(svg.utf8.count < 1_200_000, "got \(svg.utf8.count) bytes")
    #expect(count("h0", in: svg) < 100_000)
  }

  @Test func logAxesSkipNonPositiveValues() {
    var plot = Plot(title: "Loss")
    plot.yScale = .log
    plot.series = [Series("loss", y: [1, 0.1, 0, -1, 0.01], color: "#000")]
    let f = plot.frame()
    #expect(f.y.domain.lowerBound > 0)
    #expect(plot.svg().contains(">0.01<"))
  }

  @Test func colouredPointsGetOnePathPerColour() {
    var plot = Plot(title: "Regions")
    plot.series = [Series("z", x: [0, 1, 2, 3], y: [0, 1, 0, 1], color: "#000", style: .points(radius: 2), pointColors: [0, 1, 0, 2])]
    let svg = plot.svg()
    for k in 0..<3 { #expect(svg.contains("stroke=\"\(Palette.category(k))\"")) }
  }

  @Test func bandsAreDrawnWithTheirLabel() {
    var plot = Plot(title: "D_stsp")
    plot.series = [Series("D", y: [1, 2], color: "#000")]
    plot.bands = [Plot.Band(low: 0.1, high: 0.36, label: "noise floor")]
    #expect(plot.svg().contains(">noise floor</text>"))
  }

  @Test func legendRowsWrapInsteadOfOverflowing() {
    var plot = Plot(title: "Many")
    plot.width = 300
    plot.series = (0..<8).map { Series("series number \($0)", y: [0, 1], color: Palette.category($0)) }
    #expect(plot.legendRows().count > 1)
    #expect(plot.frame().top > 26 + 16)
  }
}
