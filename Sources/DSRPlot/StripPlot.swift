import Foundation

/// Values per category (e.g. D_stsp of every run of each setting) as a strip plot: every value a
/// dot, spread sideways deterministically so equal values stay visible, over a box from the
/// first to the third quartile (four values or more) with the median as a bar (two or more).
public struct StripPlot: Sendable {
  /// The title above the plot.
  public var title: String
  /// The y-axis label.
  public var yLabel: String
  /// The category names along the x axis.
  public var categories: [String]
  /// One list of values per category (non-finite values are counted in the caption, not drawn).
  public var values: [[Double]]
  /// Linear or logarithmic y axis.
  public var yScale: ScaleKind = .linear
  /// The figure's width in SVG user units (pixels).
  public var width: Double = 420
  /// The figure's height in SVG user units (pixels).
  public var height: Double = 300
  /// Highlighted points: (category, index in its values) drawn as a ring (e.g. the best run).
  public var highlighted: (category: Int, index: Int)? = nil

  /// A strip plot of `values`, one list per category; traps unless the counts agree.
  public init(title: String, yLabel: String, categories: [String], values: [[Double]]) {
    precondition(categories.count == values.count, "one list of values per category")
    (self.title, self.yLabel, self.categories, self.values) = (title, yLabel, categories, values)
  }

  /// Quartiles by linear interpolation between order statistics (numpy's default).
  public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let h = q * Double(sorted.count - 1)
    let i = Int(h.rounded(.down)), f = h - Double(i)
    return i + 1 < sorted.count ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i]
  }

  /// The figure as an `<svg>` element.
  public func svg() -> String {
    let c = SVGText.coordinate
    let usable = values.map { $0.filter { $0.isFinite && (yScale == .linear || $0 > 0) } }
    let domain = Scale.domain(of: usable.flatMap { $0 }, kind: yScale, padding: 0.06)
    let ticks = yScale == .log ? Ticks.log(domain) : Ticks.linear(domain, target: max(2, Int(height / 60)))
    let tickLabels = Ticks.labels(ticks, kind: yScale)
    let left = 10 + (tickLabels.map { Plot.textWidth($0) }.max() ?? 0) + 6 + 16, right = width - 12, top = 26.0
    let slot = (right - left) / Double(max(categories.count, 1))
    let longest = categories.map { Plot.textWidth($0) }.max() ?? 0
    let rotate = longest > slot - 6
    let labelDepth = rotate ? min(longest, 150) * 0.6 + 10 : 16
    let bottom = height - labelDepth - 8
    let y = Scale(kind: yScale, domain: domain, range: (bottom, top))
    var s = #"<svg xmlns="http://www.w3.org/2000/svg" class="dsr-figure" viewBox="0 0 \#(c(width)) \#(c(height))" width="\#(c(width))" height="\#(c(height))" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="\#(c(Plot.fontSize))" role="img">"#
    s += "<title>\(SVGText.escape(title))</title>"
    s += #"<text x="\#(c(width / 2))" y="16" text-anchor="middle" font-weight="600" font-size="12.5" fill="\#(Palette.ink)">\#(SVGText.escape(title))</text>"#
    var grid = "", labels = ""
    for (t, label) in zip(ticks, tickLabels) {
      guard let py = y.position(t) else { continue }
      grid += "M\(c(left)) \(c(py))H\(c(right))"
      labels += #"<text x="\#(c(left - 5))" y="\#(c(py + 3.5))" text-anchor="end">\#(SVGText.escape(label))</text>"#
    }
    s += #"<path d="\#(grid)" stroke="\#(Palette.grid)" fill="none"/><g fill='#555'>\#(labels)</g>"#
    for (k, name) in categories.enumerated() {
      let cx = left + slot * (Double(k) + 0.5)
      let sorted = usable[k].sorted()
      let color = Palette.category(k)
      // The median from two values on, the quartile box from four.
      let w = min(slot * 0.6, 60)
      if sorted.count >= 4, let q1 = y.position(Self.quantile(sorted, 0.25)), let q3 = y.position(Self.quantile(sorted, 0.75)) {
        s += #"<rect x="\#(c(cx - w / 2))" y="\#(c(min(q1, q3)))" width="\#(c(w))" height="\#(c(max(abs(q3 - q1), 1)))" fill="\#(color)" fill-opacity="0.15" stroke="\#(color)"/>"#
      }
      if sorted.count >= 2, let med = y.position(Self.quantile(sorted, 0.5)) {
        s += #"<path d="M\#(c(cx - w / 2)) \#(c(med))h\#(c(w))" stroke="\#(color)" stroke-width="2.5"/>"#
      }
      var d = ""
      for (i, v) in values[k].enumerated() {
        guard let py = y.position(v) else { continue }
        // A deterministic spread (golden-ratio sequence) within ±30 % of the slot.
        let jitter = (Double(i) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) - 0.5
        let px = cx + jitter * min(slot * 0.6, 60)
        d += "M\(c(px)) \(c(py))h0"
        if let h = highlighted, h.category == k, h.index == i {
          s += #"<circle cx="\#(c(px))" cy="\#(c(py))" r="6" fill="none" stroke="\#(Palette.ink)" stroke-width="1.5"/>"#
        }
      }
      s += #"<path d="\#(d)" stroke="\#(color)" stroke-width="6" stroke-linecap="round" opacity="0.85"/>"#
      let dropped = values[k].count - usable[k].count
      let shown = name.count > 25 ? String(name.prefix(24)) + "…" : name
      let text = SVGText.escape(shown) + (dropped > 0 ? " (\(dropped) n/a)" : "")
      if rotate {
        s += #"<text transform="translate(\#(c(cx + 3)) \#(c(bottom + 10))) rotate(35)" text-anchor="start" fill="\#(Palette.ink)"><title>\#(SVGText.escape(name))</title>\#(text)</text>"#
      } else {
        s += #"<text x="\#(c(cx))" y="\#(c(bottom + 14))" text-anchor="middle" fill="\#(Palette.ink)">\#(text)</text>"#
      }
    }
    if usable.allSatisfy(\.isEmpty) {
      s += #"<text x="\#(c((left + right) / 2))" y="\#(c((top + bottom) / 2))" text-anchor="middle" fill='#999'>no data</text>"#
    }
    s += #"<rect x="\#(c(left))" y="\#(c(top))" width="\#(c(right - left))" height="\#(c(bottom - top))" fill="none" stroke='#888'/>"#
    s += #"<text transform="translate(12 \#(c((top + bottom) / 2))) rotate(-90)" text-anchor="middle" fill="\#(Palette.ink)">\#(SVGText.escape(yLabel))</text>"#
    return s + "</svg>"
  }
}
