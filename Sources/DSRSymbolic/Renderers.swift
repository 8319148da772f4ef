import Foundation

/// Text renderings of a ``SymbolicModel`` (kept apart from the extraction).
public enum SymbolicRenderer {
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "\\mathrm{NaN}" : (x > 0 ? "\\infty" : "-\\infty") }
    if x == 0 { return "0" }
    let s = String(format: "%.4g", x)
    if let e = s.firstIndex(of: "e") {
      let mantissa = s[..<e], exponent = Int(s[s.index(after: e)...]) ?? 0
      return "\(mantissa)\\cdot 10^{\(exponent)}"
    }
    return s
  }

  /// LaTeX: the map region by region, each as `z_{t+1} = A z_t + b` under its region conditions.
  public static func latex(_ s: SymbolicModel) -> String {
    func matrix(_ rows: [[Double]]) -> String {
      "\\begin{pmatrix}" + rows.map { $0.map(number).joined(separator: " & ") }.joined(separator: " \\\\ ") + "\\end{pmatrix}"
    }
    func vector(_ v: [Double]) -> String { "\\begin{pmatrix}" + v.map(number).joined(separator: " \\\\ ") + "\\end{pmatrix}" }
    func condition(_ r: Region) -> String {
      zip(s.switches, r.bits).map { name, on in
        let n = name.replacingOccurrences(of: "_", with: "_{").appending(name.contains("_") ? "}" : "")
        return n + (on ? " > 0" : " \\le 0")
      }.joined(separator: ",\\; ")
    }
    var out = [
      "% dsr symbolic export: \(s.model), M = \(s.latentDim), \(s.switches.count) switches, \(s.regionsUsed) regions visited",
      "% (\(s.trajectory["steps"] ?? "?") steps after a transient of \(s.trajectory["transient"] ?? "?"), from \(s.trajectory["start"] ?? "?")).",
      "% Requires amsmath. Region bits are in switch order; a switch exactly at 0 is off.",
    ]
    for e in s.regions {
      out.append("")
      out.append(String(format: "\\paragraph{Region %@ (symbol %d, %.2f\\,\\%% of steps, mean dwell %.1f)}", e.region.description, e.symbol, 100 * e.frequency, e.meanDwell))
      out.append("If $\(condition(e.region))$:")
      out.append("\\[ z_{t+1} = \(matrix(e.latent.matrix))\\, z_t + \(vector(e.latent.offset)) \\]")
      if let fp = s.fixedPoints.first(where: { $0.region == e.region }) {
        out.append(String(format: "Fixed point of this map: %@ (%@, spectral radius %@).", fp.real ? "real" : "virtual", fp.type, number(fp.spectralRadius)))
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// Graphviz DOT of the transition graph; edge labels and widths are transition probabilities.
  public static func dot(_ s: SymbolicModel) -> String {
    var out = ["digraph regions {", "  // dsr symbolic export: \(s.model), \(s.regionsUsed) regions; edge weight = P(next | current)",
               "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];"]
    for e in s.regions {
      let fp = s.fixedPoints.first { $0.region == e.region }
      let marker = fp.map { $0.real ? "\\nreal FP (\($0.type))" : "" } ?? ""
      out.append(String(format: "  r%d [label=\"%@\\n%.1f%%%@\"];", e.symbol, e.region.description, 100 * e.frequency, marker))
    }
    let symbol = Dictionary(uniqueKeysWithValues: s.regions.map { ($0.region, $0.symbol) })
    for t in s.transitions {
      guard let a = symbol[t.from], let b = symbol[t.to] else { continue }
      out.append(String(format: "  r%d -> r%d [weight=%.6f, label=\"%.3f\", penwidth=%.2f];", a, b, t.probability, t.probability, 0.5 + 4 * t.probability))
    }
    out.append("}")
    return out.joined(separator: "\n") + "\n"
  }

  /// CSV of the symbolic sequence: step, symbol (frequency rank), region bits.
  public static func csv(_ census: RegionCensus) -> String {
    var out = "t,symbol,region\n"
    out.reserveCapacity(census.sequence.count * 12)
    let names = census.regions.map(\.description)
    for (t, s) in census.sequence.enumerated() { out += "\(t),\(s),\(names[s])\n" }
    return out
  }
}
