import Foundation

/// Text and numbers as they go into SVG and HTML: escaping and compact coordinates.
public enum SVGText {
  /// `text` with the five XML special characters replaced by entities, safe inside element
  /// content and inside single- or double-quoted attribute values.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(c)
      }
    }
    return out
  }

  /// A pixel coordinate with one decimal (enough at screen resolution, and short).
  public static func coordinate(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let r = (v * 10).rounded() / 10
    if r == r.rounded() { return String(Int(r)) }
    return String(format: "%.1f", r)
  }

  /// A number for a label or a table: `digits` significant digits, exponent notation outside
  /// 1e-3…1e5, "–" for NaN and "∞" / "−∞" for infinities.
  public static func number(_ v: Double, digits: Int = 4) -> String {
    if v.isNaN { return "–" }
    if v.isInfinite { return v > 0 ? "∞" : "−∞" }
    if v == 0 { return "0" }
    let a = abs(v)
    if a < 1e-3 || a >= 1e5 { return String(format: "%.\(max(digits - 1, 0))e", v) }
    return String(format: "%.\(digits)g", v)
  }
}
