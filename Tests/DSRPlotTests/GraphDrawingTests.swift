import Testing
@testable import DSRPlot

@Suite struct GraphDrawingTests {
  @Test func nodesEdgesAndLoopsAreDrawn() {
    let nodes = (0..<3).map { GraphDrawing.Node(label: "r\($0)", weight: Double($0 + 1), fill: Palette.category($0)) }
    var g = GraphDrawing(title: "Transitions", nodes: nodes, edges: [.init(from: 0, to: 1, weight: 0.5), .init(from: 1, to: 1, weight: 0.9)])
    g.legend = [("real fixed point", "#fff", .solid)]
    let svg = g.svg()
    #expect(svg.contains("<title>Transitions</title>"))
    // One arrow per edge, the self-loop included.
    #expect(svg.components(separatedBy: "marker-end").count - 1 == 2)
    #expect(svg.contains(">real fixed point</text>"))
    #expect(g.layout().count == 3)
  }

  @Test func anEmptyGraphSaysSo() {
    #expect(GraphDrawing(title: "none", nodes: [], edges: []).svg().contains("no regions"))
  }
}
