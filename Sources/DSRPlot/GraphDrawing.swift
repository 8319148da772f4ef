import Foundation

/// A directed graph as a node–link drawing (e.g. the transition graph of linear subregions):
/// nodes on a circle in the given order, sized by weight, arrows with widths by edge weight,
/// self-loops as arrowed loops outside the circle. The layout needs no external tool.
public struct GraphDrawing: Sendable {
  /// A node: a label, a weight (area ∝ weight), a fill colour, an outline style and a caption
  /// under the label.
  public struct Node: Sendable {
    /// The node's label.
    public var label: String
    /// The node's weight; its area is proportional to it.
    public var weight: Double
    /// The fill colour (any SVG colour).
    public var fill: String
    /// Outline: solid (e.g. a real fixed point), dashed (virtual) or none.
    public var outline: Outline
    /// The outline's colour.
    public var outlineColor: String
    /// Small text under the label (empty: none).
    public var caption: String
    /// A node; by default without an outline or caption.
    public init(label: String, weight: Double, fill: String, outline: Outline = .none, outlineColor: String = Palette.ink, caption: String = "") {
      (self.label, self.weight, self.fill, self.outline, self.outlineColor, self.caption) = (label, weight, fill, outline, outlineColor, caption)
    }
  }

  /// How a node is outlined: not at all, solid or dashed.
  public enum Outline: Sendable { case none, solid, dashed }

  /// An edge `from → to` (node indices) with a weight in 0…1 (e.g. a transition probability).
  public struct Edge: Sendable {
    /// The index of the source node.
    public var from: Int
    /// The index of the target node (equal to `from` for a self-loop).
    public var to: Int
    /// The weight in 0…1; the arrow's width grows with it.
    public var weight: Double
    /// An edge `from → to` with `weight`.
    public init(from: Int, to: Int, weight: Double) { (self.from, self.to, self.weight) = (from, to, weight) }
  }

  /// The title above the drawing.
  public var title: String
  /// The nodes, placed clockwise on a circle from the top in this order.
  public var nodes: [Node]
  /// The edges between nodes.
  public var edges: [Edge]
  /// The drawing's width in SVG user units (pixels).
  public var width: Double = 420
  /// The drawing's height in SVG user units (pixels).
  public var height: Double = 360
  /// Legend lines under the drawing: (text, fill, outline).
  public var legend: [(String, String, Outline)] = []
  /// The arrow marker's id; unique within one HTML page.
  public var id: String = "graph"

  /// A drawing of `nodes` and `edges`; traps if an edge names a node that does not exist.
  public init(title: String, nodes: [Node], edges: [Edge]) {
    precondition(edges.allSatisfy { nodes.indices.contains($0.from) && nodes.indices.contains($0.to) }, "edges must join existing nodes")
    (self.title, self.nodes, self.edges) = (title, nodes, edges)
  }

  /// Node centres on a circle, the first at the top, clockwise.
  public func layout() -> [(x: Double, y: Double)] {
    let legendHeight = Double(legend.count) * 15
    // Room above for the title and the top node's label, below for the legend.
    let cx = width / 2, cy = 52 + (height - 52 - legendHeight - 10) / 2
    let r = max(10, min(width / 2 - 110, (height - 52 - legendHeight - 10) / 2 - 48))
    guard nodes.count > 1 else { return nodes.map { _ in (cx, cy) } }
    return nodes.indices.map { i in
      let a = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(nodes.count)
      return (cx + r * cos(a), cy + r * sin(a))
    }
  }

  /// The node radius for `weight` (area ∝ weight relative to the largest, 6…22 px).
  func radius(_ weight: Double) -> Double {
    let largest = nodes.map(\.weight).max() ?? 1
    guard largest > 0, weight.isFinite, weight > 0 else { return 6 }
    return max(6, 22 * (weight / largest).squareRoot())
  }

  /// The figure as an `<svg>` element.
  public func svg() -> String {
    let c = SVGText.coordinate
    let at = layout()
    var s = #"<svg xmlns="http://www.w3.org/2000/svg" class="dsr-figure" viewBox="0 0 \#(c(width)) \#(c(height))" width="\#(c(width))" height="\#(c(height))" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="10.5" role="img">"#
    s += "<title>\(SVGText.escape(title))</title>"
    s += #"<defs><marker id="\#(id)-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill='#555'/></marker></defs>"#
    s += #"<text x="\#(c(width / 2))" y="16" text-anchor="middle" font-weight="600" font-size="12.5" fill="\#(Palette.ink)">\#(SVGText.escape(title))</text>"#
    if nodes.isEmpty {
      s += #"<text x="\#(c(width / 2))" y="\#(c(height / 2))" text-anchor="middle" fill='#999'>no regions</text>"#
    }
    let centre = (x: width / 2, y: at.map(\.y).reduce(0, +) / Double(max(at.count, 1)))
    for e in edges {
      let a = at[e.from], b = at[e.to]
      let w = 0.6 + 3 * min(max(e.weight, 0), 1)
      let opacity = String(format: "%.2f", 0.35 + 0.6 * min(max(e.weight, 0), 1))
      if e.from == e.to {
        // A loop with an arrow on the outside of the circle, leaving and re-entering the node.
        let dx = a.x - centre.x, dy = a.y - centre.y
        let angle = nodes.count == 1 ? -Double.pi / 2 : atan2(dy, dx), r = radius(nodes[e.from].weight)
        func at(_ t: Double, _ d: Double) -> (Double, Double) { (a.x + d * cos(angle + t), a.y + d * sin(angle + t)) }
        let (s0, c0, c1, s1) = (at(-0.5, r + 1), at(-1.0, r + 34), at(1.0, r + 34), at(0.5, r + 4))
        s += #"<path d="M\#(c(s0.0)) \#(c(s0.1))C\#(c(c0.0)) \#(c(c0.1)) \#(c(c1.0)) \#(c(c1.1)) \#(c(s1.0)) \#(c(s1.1))" fill="none" stroke='#555' stroke-width="\#(c(w))" opacity="\#(opacity)" marker-end="url(#\#(id)-arrow)"/>"#
        continue
      }
      let dx = b.x - a.x, dy = b.y - a.y, n = max((dx * dx + dy * dy).squareRoot(), 1)
      let (ux, uy) = (dx / n, dy / n)
      let ra = radius(nodes[e.from].weight) + 2, rb = radius(nodes[e.to].weight) + 3
      // Bend every edge to its left, so that a → b and b → a do not overlap.
      let (sx, sy) = (a.x + ux * ra, a.y + uy * ra), (tx, ty) = (b.x - ux * rb, b.y - uy * rb)
      let (mx, my) = ((sx + tx) / 2 - uy * n * 0.12, (sy + ty) / 2 + ux * n * 0.12)
      s += #"<path d="M\#(c(sx)) \#(c(sy))Q\#(c(mx)) \#(c(my)) \#(c(tx)) \#(c(ty))" fill="none" stroke='#555' stroke-width="\#(c(w))" opacity="\#(opacity)" marker-end="url(#\#(id)-arrow)"/>"#
    }
    for (node, p) in zip(nodes, at) {
      let r = radius(node.weight)
      let outline: String
      switch node.outline {
      case .none: outline = #" stroke='#fff' stroke-width="1""#
      case .solid: outline = #" stroke="\#(node.outlineColor)" stroke-width="2.5""#
      case .dashed: outline = #" stroke="\#(node.outlineColor)" stroke-width="2" stroke-dasharray="3 2""#
      }
      s += #"<circle cx="\#(c(p.x))" cy="\#(c(p.y))" r="\#(c(r))" fill="\#(node.fill)"\#(outline)><title>\#(SVGText.escape(node.label + (node.caption.isEmpty ? "" : ": " + node.caption)))</title></circle>"#
      // Labels outside the circle, away from the centre.
      let dx = p.x - centre.x, dy = p.y - centre.y, n = max((dx * dx + dy * dy).squareRoot(), 1)
      // Beyond the self-loop (which reaches about r + 26 from the node's centre).
      let lx = nodes.count == 1 ? p.x : p.x + dx / n * (r + 32), ly = nodes.count == 1 ? p.y + r + 36 : p.y + dy / n * (r + 32) + (dy < 0 ? -8 : 8)
      let anchor = nodes.count == 1 || abs(dx / n) < 0.3 ? "middle" : dx > 0 ? "start" : "end"
      s += #"<text x="\#(c(lx))" y="\#(c(ly))" text-anchor="\#(anchor)" fill="\#(Palette.ink)">\#(SVGText.escape(node.label))"#
      if !node.caption.isEmpty {
        s += #"<tspan x="\#(c(lx))" dy="11" fill='#666' font-size="9.5">\#(SVGText.escape(node.caption))</tspan>"#
      }
      s += "</text>"
    }
    var ly = height - Double(legend.count) * 15 + 4
    for (text, fill, outline) in legend {
      let stroke: String
      switch outline {
      case .none: stroke = ""
      case .solid: stroke = #" stroke="\#(Palette.ink)" stroke-width="2""#
      case .dashed: stroke = #" stroke="\#(Palette.ink)" stroke-width="1.6" stroke-dasharray="3 2""#
      }
      s += #"<circle cx="16" cy="\#(c(ly - 4))" r="5" fill="\#(fill)"\#(stroke)/><text x="27" y="\#(c(ly))" fill='#444'>\#(SVGText.escape(text))</text>"#
      ly += 15
    }
    return s + "</svg>"
  }
}
