import Foundation

/// An x–y figure rendered as one self-contained SVG element: title, axes with nice ticks and
/// grid lines, optional log scales, lines or dots of any number of series, a legend above the
/// plotting area (never over the data), and shaded horizontal bands (e.g. a noise floor).
///
/// ```swift
/// var plot = Plot(title: "Loss", xLabel: "epoch", yLabel: "loss")
/// plot.yScale = .log
/// plot.series.append(Series("training", x: epochs, y: loss, color: Palette.truth))
/// let svg = plot.svg()
/// ```
///
/// Non-finite values (and values ≤ 0 on a log axis) are skipped and break lines; an empty plot
/// shows its axes and "no data"; a constant series gets a range around its value.
public struct Plot: Sendable {
  /// A shaded horizontal band `y ∈ low…high` with a label at its right end.
  public struct Band: Sendable {
    /// The band's lower edge, in data units.
    public var low: Double
    /// The band's upper edge, in data units.
    public var high: Double
    /// The label at the band's right end.
    public var label: String
    /// The band's colour.
    public var color: String
    /// A band from `low` to `high`, grey by default.
    public init(low: Double, high: Double, label: String, color: String = "#9e9e9e") {
      (self.low, self.high, self.label, self.color) = (low, high, label, color)
    }
  }

  /// The title above the plot.
  public var title: String
  /// The x-axis label.
  public var xLabel: String
  /// The y-axis label.
  public var yLabel: String
  /// The figure's width in SVG user units (pixels).
  public var width: Double = 420
  /// The figure's height in SVG user units (pixels).
  public var height: Double = 300
  /// Linear or logarithmic x axis.
  public var xScale: ScaleKind = .linear
  /// Linear or logarithmic y axis.
  public var yScale: ScaleKind = .linear
  /// Fixed domains; nil: fitted to the data.
  public var xDomain: ClosedRange<Double>? = nil
  /// The fixed y domain; nil: fitted to the data.
  public var yDomain: ClosedRange<Double>? = nil
  /// The data series, drawn in this order.
  public var series: [Series] = []
  /// Shaded horizontal bands.
  public var bands: [Band] = []
  /// Shows the legend (when at least one series has a legend entry).
  public var showLegend = true
  /// The element id prefix (clip path); unique within one HTML page. Default: from the title.
  public var id: String? = nil
  /// A line of small print under the plotting area (e.g. how the values were computed).
  public var note: String? = nil

  /// An empty plot with linear axes.
  public init(title: String, xLabel: String = "", yLabel: String = "") {
    (self.title, self.xLabel, self.yLabel) = (title, xLabel, yLabel)
  }

  static let fontSize: Double = 11
  static func textWidth(_ s: String, size: Double = fontSize) -> Double { Double(s.count) * size * 0.6 }

  /// The pixel frame of the plotting area and the scales, given the legend height.
  struct Frame {
    var left, top, right, bottom: Double
    var x: Scale
    var y: Scale
    var xTicks: [Double]
    var yTicks: [Double]
  }

  func legendEntries() -> [Series] { showLegend ? series.filter { $0.inLegend && !$0.name.isEmpty } : [] }

  /// Legend rows: entries packed left to right into the figure's width.
  func legendRows() -> [[Series]] {
    var rows: [[Series]] = []
    var current: [Series] = [], used = 0.0
    for s in legendEntries() {
      let w = 26 + Self.textWidth(s.name)
      if used + w > width - 20 && !current.isEmpty {
        rows.append(current)
        (current, used) = ([], 0)
      }
      current.append(s)
      used += w
    }
    if !current.isEmpty { rows.append(current) }
    return rows
  }

  func frame() -> Frame {
    let xs = series.flatMap(\.x), ys = series.flatMap(\.y) + bands.flatMap { [$0.low, $0.high] }
    let xd = xDomain ?? Scale.domain(of: xs, kind: xScale, padding: series.allSatisfy({ if case .line = $0.style { return true } else { return false } }) ? 0 : 0.04)
    let yd = yDomain ?? Scale.domain(of: ys, kind: yScale)
    let xTicks = xScale == .log ? Ticks.log(xd) : Ticks.linear(xd, target: max(2, Int(width / 90)))
    let yTicks = yScale == .log ? Ticks.log(yd) : Ticks.linear(yd, target: max(2, Int(height / 60)))
    let yLabelWidth = Ticks.labels(yTicks, kind: yScale).map { Self.textWidth($0) }.max() ?? 0
    let legendHeight = Double(legendRows().count) * 16
    let top = 26 + legendHeight
    let left = 10 + yLabelWidth + 6 + (yLabel.isEmpty ? 0 : 16)
    let bottom = height - 20 - (xLabel.isEmpty ? 0 : 14) - (note == nil ? 0 : 14)
    let right = width - 12
    return Frame(left: left, top: top, right: right, bottom: bottom,
                 x: Scale(kind: xScale, domain: xd, range: (left, right)),
                 y: Scale(kind: yScale, domain: yd, range: (bottom, top)), xTicks: xTicks, yTicks: yTicks)
  }

  /// The figure as an `<svg>` element (with a `<title>` for accessibility and tests).
  public func svg() -> String {
    let f = frame()
    let c = SVGText.coordinate
    let clip = (id ?? "p" + String(fnv(title), radix: 36)) + "-clip"
    var s = #"<svg xmlns="http://www.w3.org/2000/svg" class="dsr-figure" viewBox="0 0 \#(c(width)) \#(c(height))" width="\#(c(width))" height="\#(c(height))" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="\#(c(Self.fontSize))" role="img">"#
    s += "<title>\(SVGText.escape(title))</title>"
    s += #"<defs><clipPath id="\#(clip)"><rect x="\#(c(f.left))" y="\#(c(f.top))" width="\#(c(f.right - f.left))" height="\#(c(f.bottom - f.top))"/></clipPath></defs>"#
    s += #"<text x="\#(c(width / 2))" y="16" text-anchor="middle" font-weight="600" font-size="12.5" fill="\#(Palette.ink)">\#(SVGText.escape(title))</text>"#
    s += legend()
    // Grid lines and tick labels.
    var grid = "", labels = ""
    for (t, label) in zip(f.xTicks, Ticks.labels(f.xTicks, kind: xScale)) {
      guard let px = f.x.position(t) else { continue }
      grid += "M\(c(px)) \(c(f.top))V\(c(f.bottom))"
      labels += #"<text x="\#(c(px))" y="\#(c(f.bottom + 13))" text-anchor="middle">\#(SVGText.escape(label))</text>"#
    }
    for (t, label) in zip(f.yTicks, Ticks.labels(f.yTicks, kind: yScale)) {
      guard let py = f.y.position(t) else { continue }
      grid += "M\(c(f.left)) \(c(py))H\(c(f.right))"
      labels += #"<text x="\#(c(f.left - 5))" y="\#(c(py + 3.5))" text-anchor="end">\#(SVGText.escape(label))</text>"#
    }
    s += #"<path d="\#(grid)" stroke="\#(Palette.grid)" stroke-width="1" fill="none"/>"#
    s += #"<g fill='#555'>\#(labels)</g>"#
    // Bands, then series, clipped to the frame.
    s += #"<g clip-path="url(#\#(clip))">"#
    for b in bands {
      guard let y0 = f.y.position(b.low) ?? (yScale == .log ? f.bottom : nil), let y1 = f.y.position(b.high) else { continue }
      s += #"<rect x="\#(c(f.left))" y="\#(c(min(y0, y1)))" width="\#(c(f.right - f.left))" height="\#(c(max(abs(y1 - y0), 1)))" fill="\#(b.color)" fill-opacity="0.22"/>"#
    }
    for series in series { s += draw(series, f) }
    s += "</g>"
    for b in bands {
      guard let y1 = f.y.position(b.high) else { continue }
      s += #"<text x="\#(c(f.right - 3))" y="\#(c(max(y1 - 3, f.top + 9)))" text-anchor="end" font-size="9.5" fill='#666'>\#(SVGText.escape(b.label))</text>"#
    }
    if series.allSatisfy({ !zip($0.x, $0.y).contains { f.x.position($0.0) != nil && f.y.position($0.1) != nil } }) {
      s += #"<text x="\#(c((f.left + f.right) / 2))" y="\#(c((f.top + f.bottom) / 2))" text-anchor="middle" fill='#999'>no data</text>"#
    }
    // Frame and axis labels.
    s += #"<rect x="\#(c(f.left))" y="\#(c(f.top))" width="\#(c(f.right - f.left))" height="\#(c(f.bottom - f.top))" fill="none" stroke='#888' stroke-width="1"/>"#
    if !xLabel.isEmpty {
      s += #"<text x="\#(c((f.left + f.right) / 2))" y="\#(c(f.bottom + 27))" text-anchor="middle" fill="\#(Palette.ink)">\#(SVGText.escape(xLabel))</text>"#
    }
    if !yLabel.isEmpty {
      let cy = (f.top + f.bottom) / 2
      s += #"<text transform="translate(12 \#(c(cy))) rotate(-90)" text-anchor="middle" fill="\#(Palette.ink)">\#(SVGText.escape(yLabel))</text>"#
    }
    if let note {
      s += #"<text x="\#(c(f.left))" y="\#(c(height - 5))" font-size="9.5" fill='#777'>\#(SVGText.escape(note))</text>"#
    }
    return s + "</svg>"
  }

  func legend() -> String {
    let c = SVGText.coordinate
    var s = ""
    for (row, entries) in legendRows().enumerated() {
      let total = entries.reduce(0) { $0 + 26 + Self.textWidth($1.name) }
      var x = (width - total) / 2
      let y = 33 + Double(row) * 16
      for e in entries {
        switch e.style {
        case .line(let w):
          s += #"<path d="M\#(c(x)) \#(c(y - 4))h16" stroke="\#(e.color)" stroke-width="\#(max(w, 2))"\#(e.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"#
        case .points, .markers:
          s += #"<circle cx="\#(c(x + 8))" cy="\#(c(y - 4))" r="4" fill="\#(e.color)"/>"#
        }
        s += #"<text x="\#(c(x + 20))" y="\#(c(y))" fill="\#(Palette.ink)">\#(SVGText.escape(e.name))</text>"#
        x += 26 + Self.textWidth(e.name)
      }
    }
    return s
  }

  func draw(_ series: Series, _ f: Frame) -> String {
    let c = SVGText.coordinate
    let opacity = series.opacity < 1 ? String(format: " opacity=\"%.2f\"", series.opacity) : ""
    switch series.style {
    case .line(let width):
      let ordered = zip(series.x.dropFirst(), series.x).allSatisfy { !($0 < $1) }
      let columns = Int(f.right - f.left)
      let indices = ordered ? Decimation.minMaxPerColumn(x: series.x, y: series.y, columns: columns) : Array(series.x.indices)
      let d = path(indices.map { (series.x[$0], series.y[$0]) }, f)
      guard !d.isEmpty else { return "" }
      return #"<path d="\#(d)" fill="none" stroke="\#(series.color)" stroke-width="\#(c(width))" stroke-linejoin="round"\#(series.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")\#(opacity)/>"#
    case .points(let r):
      return dots(series, f, radius: r, opacity: opacity)
    case .markers(let r):
      let d = path(Array(zip(series.x, series.y)), f)
      let line = d.isEmpty ? "" : #"<path d="\#(d)" fill="none" stroke="\#(series.color)" stroke-width="1"\#(series.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")\#(opacity)/>"#
      return line + dots(series, f, radius: r, opacity: opacity, thin: false)
    }
  }

  /// A path through the points, broken where a point has no position.
  func path(_ points: [(Double, Double)], _ f: Frame) -> String {
    let c = SVGText.coordinate
    var d = "", pen = false
    for (x, y) in points {
      guard let px = f.x.position(x), let py = f.y.position(y) else {
        pen = false
        continue
      }
      d += (pen ? "L" : "M") + c(px) + " " + c(py)
      pen = true
    }
    return d
  }

  /// Dots as zero-length round-capped path segments, one path per colour.
  func dots(_ series: Series, _ f: Frame, radius: Double, opacity: String, thin: Bool = true) -> String {
    let c = SVGText.coordinate
    let px = series.x.map { f.x.position($0) ?? .nan }, py = series.y.map { f.y.position($0) ?? .nan }
    let groups = series.pointColors
    let kept = thin ? Decimation.gridThinning(px: px, py: py, cell: max(2 * radius, 1), groups: groups)
      : px.indices.filter { px[$0].isFinite && py[$0].isFinite }
    var byColor: [Int: String] = [:]
    for i in kept { byColor[groups?[i] ?? -1, default: ""] += "M\(c(px[i])) \(c(py[i]))h0" }
    return byColor.keys.sorted().map { g in
      let color = g < 0 ? series.color : series.pointPalette[g % series.pointPalette.count]
      return #"<path d="\#(byColor[g]!)" stroke="\#(color)" stroke-width="\#(c(2 * radius))" stroke-linecap="round" fill="none"\#(opacity)/>"#
    }.joined()
  }
}

/// FNV-1a, a stable hash for default element ids.
func fnv(_ s: String) -> UInt32 {
  var h: UInt32 = 2_166_136_261
  for b in s.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
  return h
}
