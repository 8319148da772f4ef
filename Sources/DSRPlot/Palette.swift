import Foundation

/// The colours of dsr's figures.
///
/// True data is drawn in a dark blue-grey and generated trajectories in vermillion, a pair told
/// apart with every common colour-vision deficiency and in grey-scale print; categories use the
/// Okabe–Ito palette; continuous values use a viridis-like sequential scale.
public enum Palette {
  /// Data (ground truth).
  public static let truth = "#3b5b92"
  /// The model's generated trajectory.
  public static let generated = "#d55e00"
  /// Axes and text.
  public static let ink = "#222222"
  /// Grid lines.
  public static let grid = "#e3e3e3"

  /// Okabe–Ito categorical colours (black dropped), then darker variants.
  public static let categorical = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#7f7f7f",
                                   "#004c7a", "#9a6b00", "#00664b", "#8c4f73"]

  /// The `i`-th categorical colour (cycling).
  public static func category(_ i: Int) -> String { categorical[((i % categorical.count) + categorical.count) % categorical.count] }

  static let viridisStops: [(Double, Double, Double)] = [
    (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142), (31, 158, 137),
    (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37),
  ]

  /// The colour of `t` ∈ [0, 1] on the sequential scale (clamped; NaN is grey).
  public static func sequential(_ t: Double) -> String {
    guard t.isFinite else { return "#999999" }
    let u = min(max(t, 0), 1) * Double(viridisStops.count - 1)
    let i = min(Int(u), viridisStops.count - 2), f = u - Double(i)
    let a = viridisStops[i], b = viridisStops[i + 1]
    func mix(_ p: Double, _ q: Double) -> Int { Int((p + f * (q - p)).rounded()) }
    return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
  }
}
