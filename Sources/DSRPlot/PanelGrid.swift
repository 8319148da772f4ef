import Foundation

/// Several figures side by side in one SVG document (e.g. a training snapshot file): each panel
/// is nested as its own `<svg>` at its place in a grid of `columns` columns.
public struct PanelGrid: Sendable {
  /// The document's title.
  public var title: String
  /// The panels, each with its width and height.
  public var panels: [(svg: String, width: Double, height: Double)]
  /// The number of columns of the grid.
  public var columns: Int

  /// A grid of `panels` in `columns` columns; traps unless `columns` ≥ 1.
  public init(title: String, panels: [(svg: String, width: Double, height: Double)], columns: Int) {
    precondition(columns >= 1, "at least one column")
    (self.title, self.panels, self.columns) = (title, panels, columns)
  }

  /// The document: a heading line, then the panels row by row.
  public func svg() -> String {
    let c = SVGText.coordinate
    var rows: [[(svg: String, width: Double, height: Double)]] = []
    for (i, p) in panels.enumerated() {
      if i % columns == 0 { rows.append([]) }
      rows[rows.count - 1].append(p)
    }
    let width = rows.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 200
    let height = 28 + rows.reduce(0) { $0 + ($1.map(\.height).max() ?? 0) }
    var body = ""
    var y = 28.0
    for row in rows {
      var x = 0.0
      for p in row {
        // Re-anchor the nested figure at (x, y).
        body += p.svg.replacingOccurrences(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" ", with: "<svg x=\"\(c(x))\" y=\"\(c(y))\" ", options: .anchored)
        x += p.width
      }
      y += row.map(\.height).max() ?? 0
    }
    return #"<svg xmlns="http://www.w3.org/2000/svg" class="dsr-panels" viewBox="0 0 \#(c(width)) \#(c(height))" width="\#(c(width))" height="\#(c(height))" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" role="img"><title>\#(SVGText.escape(title))</title><rect width="100%" height="100%" fill='#fff'/><text x="\#(c(width / 2))" y="19" text-anchor="middle" font-size="14" font-weight="600" fill="\#(Palette.ink)">\#(SVGText.escape(title))</text>"#
      + body + "</svg>"
  }
}
