import Testing
@testable import DSRPlot

@Suite struct SVGTextTests {
  @Test func escapesTheFiveSpecialCharacters() {
    #expect(SVGText.escape(#"<a href="x">Tom & 'Jerry'</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
    #expect(SVGText.escape("D_stsp α σ²") == "D_stsp α σ²")
  }

  @Test func titlesAndLabelsAreEscapedInTheFigure() {
    var plot = Plot(title: "a < b & c", xLabel: "x <i>", yLabel: "\"y\"")
    plot.series = [Series("s<1>", y: [1, 2, 3], color: "#000")]
    let svg = plot.svg()
    #expect(svg.contains("<title>a &lt; b &amp; c</title>"))
    #expect(svg.contains("x &lt;i&gt;") && svg.contains("&quot;y&quot;") && svg.contains("s&lt;1&gt;"))
    #expect(!svg.contains("<i>"))
  }

  @Test func coordinatesAndNumbers() {
    #expect(SVGText.coordinate(12.04) == "12")
    #expect(SVGText.coordinate(12.26) == "12.3")
    #expect(SVGText.coordinate(.nan) == "0")
    #expect(SVGText.number(.nan) == "–")
    #expect(SVGText.number(.infinity) == "∞")
    #expect(SVGText.number(0.2277, digits: 3) == "0.228")
    #expect(SVGText.number(1.5e-5, digits: 2) == "1.5e-05")
  }
}
