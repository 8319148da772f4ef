/// One data series of a ``Plot``: values, a name for the legend, and how to draw them.
public struct Series: Sendable {
  /// How the values are drawn.
  public enum Style: Sendable, Equatable {
    /// A polyline of this stroke width (broken at non-finite values; decimated per pixel column
    /// when x is ordered).
    case line(width: Double)
    /// Dots of this radius (thinned to one per dot-sized pixel cell and colour).
    case points(radius: Double)
    /// Dots of this radius joined by a thin line, for short series such as a spectrum of exponents.
    case markers(radius: Double)
  }

  /// The name shown in the legend.
  public var name: String
  /// The x values.
  public var x: [Double]
  /// The y values (as many as `x`).
  public var y: [Double]
  /// The colour (any SVG colour).
  public var color: String
  /// Line, points or markers.
  public var style: Style
  /// Opacity in 0…1.
  public var opacity: Double
  /// A stroke dash pattern (SVG `stroke-dasharray`), e.g. "4 3"; nil: solid.
  public var dash: String?
  /// Per-point colours as indices into ``pointPalette`` (e.g. a region's symbol); nil: ``color``.
  public var pointColors: [Int]?
  /// The colours that pointColors index into.
  public var pointPalette: [String]
  /// Whether the series gets a legend entry.
  public var inLegend: Bool

  /// A series of `y` against `x` (same length).
  public init(_ name: String, x: [Double], y: [Double], color: String, style: Style = .line(width: 1.2), opacity: Double = 1,
              dash: String? = nil, pointColors: [Int]? = nil, pointPalette: [String] = Palette.categorical, inLegend: Bool = true) {
    precondition(x.count == y.count, "series '\(name)': x has \(x.count) values and y \(y.count)")
    precondition(pointColors == nil || pointColors!.count == x.count, "series '\(name)': one colour index per point")
    (self.name, self.x, self.y, self.color, self.style, self.opacity, self.dash) = (name, x, y, color, style, opacity, dash)
    (self.pointColors, self.pointPalette, self.inLegend) = (pointColors, pointPalette, inLegend)
  }

  /// A series of `y` against its index 0, 1, 2, ….
  public init(_ name: String, y: [Double], color: String, style: Style = .line(width: 1.2), opacity: Double = 1, dash: String? = nil) {
    self.init(name, x: y.indices.map(Double.init), y: y, color: color, style: style, opacity: opacity, dash: dash)
  }
}
