import Foundation

/// Tick positions and labels for an axis: "nice" numbers (1, 2, 2.5 or 5 × 10^k) on a linear
/// scale, powers of ten (with 2 and 5 in between when the domain spans few decades) on a log scale.
public enum Ticks {
  /// The step among 1, 2 and 5 × 10^k that divides `span` into the number of intervals closest
  /// to `target` (the smaller step on a tie).
  public static func niceStep(span: Double, target: Int) -> Double {
    guard span > 0, span.isFinite else { return 1 }
    let t = Double(max(target, 1))
    let magnitude = pow(10, floor(log10(span / t)))
    var best = magnitude, bestDistance = Double.infinity
    for m in [1.0, 2, 5, 10] {
      let step = m * magnitude, distance = abs(span / step - t)
      if distance < bestDistance - 1e-9 { (best, bestDistance) = (step, distance) }
    }
    return best
  }

  /// Multiples of a nice step inside `domain` (about `target` of them, at least two when the
  /// domain is not a point).
  public static func linear(_ domain: ClosedRange<Double>, target: Int = 5) -> [Double] {
    let span = domain.upperBound - domain.lowerBound
    guard span > 0, span.isFinite else { return domain.lowerBound.isFinite ? [domain.lowerBound] : [] }
    var step = niceStep(span: span, target: target)
    var ticks = multiples(of: step, in: domain)
    if ticks.count < 2 {
      step = niceStep(span: span, target: target * 2)
      ticks = multiples(of: step, in: domain)
    }
    return ticks
  }

  static func multiples(of step: Double, in domain: ClosedRange<Double>) -> [Double] {
    let first = ceil(domain.lowerBound / step - 1e-9), last = floor(domain.upperBound / step + 1e-9)
    guard first <= last else { return [] }
    return stride(from: first, through: last, by: 1).map { k in
      let v = k * step
      return abs(v) < step * 1e-9 ? 0 : v
    }
  }

  /// Powers of ten inside `domain` (every second or third one when there are many), with 2 and 5
  /// times each power added when the domain spans under two decades; linear nice ticks when it
  /// holds no power of ten at all.
  public static func log(_ domain: ClosedRange<Double>, target: Int = 5) -> [Double] {
    guard domain.lowerBound > 0, domain.upperBound > domain.lowerBound else { return [] }
    let a = Int(ceil(log10(domain.lowerBound) - 1e-9)), b = Int(floor(log10(domain.upperBound) + 1e-9))
    let decades = log10(domain.upperBound) - log10(domain.lowerBound)
    if decades < 2 {
      var ticks: [Double] = []
      for e in (a - 1)...(b) {
        for m in [1.0, 2, 5] {
          let v = m * pow(10, Double(e))
          if domain.contains(v) { ticks.append(v) }
        }
      }
      if ticks.count >= 2 { return ticks }
      return linear(domain, target: target).filter { $0 > 0 }
    }
    let every = max(1, Int(ceil(Double(b - a + 1) / Double(max(target, 1) + 2))))
    return stride(from: a, through: b, by: every).map { pow(10, Double($0)) }
  }

  /// Labels for `ticks` that tell neighbours apart with as few digits as possible: plain decimals
  /// for moderate values, `1e-5`-style exponents for very small or large ones.
  public static func labels(_ ticks: [Double], kind: ScaleKind = .linear) -> [String] {
    guard !ticks.isEmpty else { return [] }
    if kind == .log {
      // 1, 2 or 5 × 10^k; narrow log domains fall back to linear ticks, labelled as such.
      let nice = ticks.allSatisfy { v in
        let m = v / pow(10, floor(log10(v) + 1e-9))
        return [1.0, 2, 5].contains { abs(m - $0) < 1e-6 }
      }
      if nice { return ticks.map(logLabel) }
      return labels(ticks, kind: .linear)
    }
    let largest = ticks.map(abs).max()!
    let step = ticks.count > 1 ? zip(ticks.dropFirst(), ticks).map { $0 - $1 }.min()! : max(largest, 1)
    if largest >= 1e5 || (largest > 0 && largest < 1e-3) {
      // The fewest mantissa digits that still give every tick its exact value.
      let digits = (0...4).first { d in ticks.allSatisfy { v in
        abs((Double(String(format: "%.\(d)e", v)) ?? .nan) - v) <= 1e-9 * max(abs(v), step) } } ?? 4
      return ticks.map { $0 == 0 ? "0" : String(format: "%.\(digits)e", $0) }
    }
    let decimals = max(0, Int(ceil(-log10(step) - 1e-9)))
    // Steps like 2.5 and 0.25 need one more digit than their order of magnitude.
    let extra = ticks.contains { abs($0 * pow(10, Double(decimals)) - ($0 * pow(10, Double(decimals))).rounded()) > 1e-6 } ? 1 : 0
    return ticks.map { v in
      let s = String(format: "%.\(decimals + extra)f", v)
      return s.hasPrefix("-") ? "−" + s.dropFirst() : s
    }
  }

  /// A log-axis label: plain decimals from 0.01 to 9999, otherwise `10⁻⁴` or `2·10⁻⁴`.
  static func logLabel(_ v: Double) -> String {
    let e = Int(floor(log10(v) + 1e-9))
    let m = (v / pow(10, Double(e)) * 1000).rounded() / 1000
    if e >= -2 && e <= 3 { return String(format: "%.\(max(0, -e))f", v) }
    return (m == 1 ? "" : SVGText.number(m, digits: 3) + "·") + "10" + superscript(e)
  }

  static func superscript(_ k: Int) -> String {
    let digits: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
    return String(String(k).map { digits[$0]! })
  }
}
