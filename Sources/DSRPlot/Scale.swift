import Foundation

/// How data values map onto an axis: linearly or logarithmically (base 10).
public enum ScaleKind: Sendable, Equatable {
  /// Values map linearly.
  case linear
  /// `log10` of positive values maps linearly.
  case log
}

/// A map from a data interval (the domain) onto a pixel interval (the range).
///
/// A log scale maps `log10` of the value; values ≤ 0 have no position there (``position(_:)``
/// returns nil), nor have NaN and infinities on either scale.
public struct Scale: Sendable, Equatable {
  /// Linear or logarithmic.
  public var kind: ScaleKind
  /// The data interval (positive on a log scale).
  public var domain: ClosedRange<Double>
  /// The pixel interval; `range.lowerBound` is where `domain.lowerBound` lands (may be the larger
  /// pixel value, as for a y axis).
  public var range: (Double, Double)

  /// A scale mapping `domain` onto `range`.
  public init(kind: ScaleKind, domain: ClosedRange<Double>, range: (Double, Double)) {
    (self.kind, self.domain, self.range) = (kind, domain, range)
  }

  /// Equal kind, domain and range.
  public static func == (a: Scale, b: Scale) -> Bool {
    a.kind == b.kind && a.domain == b.domain && a.range == b.range
  }

  func transformed(_ v: Double) -> Double { kind == .log ? log10(v) : v }

  /// The pixel position of `v`, or nil when it has none (non-finite, or ≤ 0 on a log scale).
  public func position(_ v: Double) -> Double? {
    guard v.isFinite, kind == .linear || v > 0 else { return nil }
    let a = transformed(domain.lowerBound), b = transformed(domain.upperBound)
    let f = b == a ? 0.5 : (transformed(v) - a) / (b - a)
    return range.0 + f * (range.1 - range.0)
  }

  /// The domain that shows every finite value of `values` (positive ones on a log scale) with a
  /// small margin: `padding` of the span on each side (a decade fraction on a log scale). No
  /// usable value gives 0…1 (1…10 on a log scale); a constant value `c` gives `c ± max(|c|/10, 0.5)`
  /// (`c/2…2c` on a log scale).
  public static func domain<C: Sequence>(of values: C, kind: ScaleKind, padding: Double = 0.04) -> ClosedRange<Double>
  where C.Element == Double {
    var lo = Double.infinity, hi = -Double.infinity
    for v in values where v.isFinite && (kind == .linear || v > 0) {
      lo = min(lo, v)
      hi = max(hi, v)
    }
    switch kind {
    case .linear:
      guard lo <= hi else { return 0...1 }
      if lo == hi {
        let d = max(abs(lo) / 10, 0.5)
        return (lo - d)...(hi + d)
      }
      let pad = (hi - lo) * padding
      return (lo - pad)...(hi + pad)
    case .log:
      guard lo <= hi else { return 1...10 }
      if lo == hi { return (lo / 2)...(hi * 2) }
      let a = log10(lo), b = log10(hi), pad = (b - a) * padding
      return pow(10, a - pad)...pow(10, b + pad)
    }
  }
}
