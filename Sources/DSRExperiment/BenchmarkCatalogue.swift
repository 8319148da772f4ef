import DSRDynamics
import Foundation

/// `dsr data list`: the benchmark systems with their parameters and Lyapunov exponents.
public enum BenchmarkCatalogue {

  /// The table `dsr data list` prints.
  public static func listing() -> String {
    var lines = ["system                 kind  dim  dt     parameters                                  λ (reference)"]
    for s in BenchmarkSystem.all {
      let params = zip(s.parameterNames, s.parameters).map { "\($0)=\(format($1))" }.joined(separator: " ")
      let lambda = "(" + s.referenceExponents.map { format($0) }.joined(separator: ", ") + ")" + (s.kind == .flow ? " per time unit" : " per iteration")
      let dt = s.kind == .flow ? format(s.suggestedDt) : "—"
      lines.append("\(pad(s.name, 22)) \(pad(s.kind.rawValue, 5)) \(pad("\(s.dimension)", 4)) \(pad(dt, 6)) \(pad(params, 43)) \(lambda)")
    }
    return lines.joined(separator: "\n")
  }

  static func format(_ x: Double) -> String { x == x.rounded() && Swift.abs(x) < 1e6 ? String(Int(x)) : String(format: "%.4g", x) }
  static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}
