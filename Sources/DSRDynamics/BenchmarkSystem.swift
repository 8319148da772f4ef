import Foundation

/// The benchmark systems of DSR papers (benchmarks.md §3; equations and parameters as in the dysts
/// library): continuous flows `ẋ = f(x, t)` and discrete maps `x' = f(x)`, each with its analytic
/// Jacobian, default parameters, an initial state on or near the attractor and reference
/// Lyapunov exponents.
///
/// ```swift
/// var lorenz = try BenchmarkSystem.named("lorenz63")
/// try lorenz.set("rho", to: 35)
/// let result = lorenz.lyapunovSpectrum(options: .init(steps: 100_000))   // per time unit
/// ```
public struct BenchmarkSystem: Sendable {
  /// A flow (`ẋ = f(x, t)`, integrated) or a map (`x' = f(x)`, iterated).
  public enum Kind: String, Sendable { case flow, map }

  /// The name used on the command line, e.g. `"lorenz63"`.
  public let name: String
  /// A human-readable title, e.g. `"Lorenz-63"`.
  public let title: String
  /// Whether the system is a flow (integrated) or a map (iterated).
  public let kind: Kind
  /// Parameter names, in the order of ``parameters``.
  public let parameterNames: [String]
  /// The current parameter values.
  public private(set) var parameters: [Double]
  /// The reference spectrum at the default parameters (per time unit for flows, per iteration
  /// for maps; benchmarks.md §3). Only the leading exponents may be known.
  public let referenceExponents: [Double]
  /// The fixed RK4 step the Lyapunov computation uses by default (flows).
  public let lyapunovStep: Double
  /// The sampling interval of the shipped data sets (flows), a sensible default for generation.
  public let suggestedDt: Double
  /// The dominant period at the default parameters, as computed by
  /// ``dominantPeriod(sampleStep:samples:transient:)`` and stored (flows; nil for maps and when
  /// not yet computed). See ``samplingInterval(pointsPerPeriod:)``.
  public let referencePeriod: Double?
  let defaults: [Double]
  let initial: @Sendable ([Double]) -> [Double]
  let dimensionRule: @Sendable ([Double]) -> Int
  let field: @Sendable ([Double], [Double], Double) -> [Double]
  let jacobianRule: @Sendable ([Double], [Double], Double) -> [Double]

  /// The state dimension at the current parameters.
  public var dimension: Int { dimensionRule(parameters) }
  /// The default initial state at the current parameters.
  public var initialState: [Double] { initial(parameters) }

  /// The value of one parameter.
  public func parameter(_ name: String) -> Double? { parameterNames.firstIndex(of: name).map { parameters[$0] } }

  /// Changes one parameter; throws for unknown names and invalid values.
  public mutating func set(_ name: String, to value: Double) throws {
    guard let i = parameterNames.firstIndex(of: name) else {
      throw BenchmarkSystemError.unknownParameter(system: self.name, name: name, known: parameterNames)
    }
    guard value.isFinite else { throw BenchmarkSystemError.invalidValue(system: self.name, name: name, value: value, rule: "must be finite") }
    if self.name == "lorenz96" && name == "N" && (value < 4 || value != value.rounded()) {
      throw BenchmarkSystemError.invalidValue(system: self.name, name: name, value: value, rule: "must be an integer ≥ 4")
    }
    parameters[i] = value
  }

  /// Whether the parameters are the published defaults (so ``referenceExponents`` apply).
  public var hasDefaultParameters: Bool { parameters == defaults }

  /// `f(x, t)`: the velocity (flows) or the next state (maps).
  public func callAsFunction(_ x: [Double], time t: Double = 0) -> [Double] { field(parameters, x, t) }

  /// `∂f/∂x` at (x, t), row-major M × M.
  public func jacobian(_ x: [Double], time t: Double = 0) -> [Double] { jacobianRule(parameters, x, t) }

  /// One classical Runge–Kutta step of length h from (x, t) (flows).
  public func rungeKuttaStep(_ x: [Double], time t: Double, step h: Double) -> [Double] {
    let k1 = self(x, time: t)
    let k2 = self(axpy(x, h / 2, k1), time: t + h / 2)
    let k3 = self(axpy(x, h / 2, k2), time: t + h / 2)
    let k4 = self(axpy(x, h, k3), time: t + h)
    var out = x
    for i in 0..<x.count { out[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
    return out
  }

  /// The Lyapunov spectrum from ``initialState`` (or `initial`): maps are iterated, flows are
  /// integrated with RK4 steps of `options.dt ?? lyapunovStep` together with their variational
  /// equation, and the exponents are per time unit. `options.transient` counts steps.
  public func lyapunovSpectrum(from initial: [Double]? = nil, options: LyapunovSpectrum.Options) -> LyapunovSpectrum.Result {
    let m = dimension
    var x = initial ?? initialState
    precondition(x.count == m, "lyapunovSpectrum: initial state has \(x.count) values, M = \(m)")
    var t = 0.0
    switch kind {
    case .map:
      var opts = options
      opts.dt = nil
      for _ in 0..<options.transient { x = self(x) }
      return LyapunovSpectrum.run(dimension: m, options: opts, state: { x }) { q, k in
        let j = jacobian(x)
        x = self(x)
        LyapunovSpectrum.multiply(j, m: m, into: &q, k: k)
      }
    case .flow:
      let h = options.dt ?? lyapunovStep
      var opts = options
      opts.dt = h
      for _ in 0..<options.transient {
        x = rungeKuttaStep(x, time: t, step: h)
        t += h
      }
      return LyapunovSpectrum.run(dimension: m, options: opts, state: { x }) { q, k in
        // RK4 on (x, Q) with Q̇ = Df(x, t)·Q: exactly the Jacobian of the RK4 map applied to Q.
        func tangent(_ y: [Double], _ time: Double, _ v: [Double]) -> [Double] {
          var out = v
          LyapunovSpectrum.multiply(jacobian(y, time: time), m: m, into: &out, k: k)
          return out
        }
        let k1 = self(x, time: t), q1 = tangent(x, t, q)
        let x2 = axpy(x, h / 2, k1), k2 = self(x2, time: t + h / 2), q2 = tangent(x2, t + h / 2, axpy(q, h / 2, q1))
        let x3 = axpy(x, h / 2, k2), k3 = self(x3, time: t + h / 2), q3 = tangent(x3, t + h / 2, axpy(q, h / 2, q2))
        let x4 = axpy(x, h, k3), k4 = self(x4, time: t + h), q4 = tangent(x4, t + h, axpy(q, h, q3))
        for i in 0..<m { x[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
        for i in 0..<q.count { q[i] += h / 6 * (q1[i] + 2 * q2[i] + 2 * q3[i] + q4[i]) }
        t += h
      }
    }
  }
}

/// `x + a·y`.
@inline(__always) func axpy(_ x: [Double], _ a: Double, _ y: [Double]) -> [Double] {
  var out = x
  for i in 0..<x.count { out[i] += a * y[i] }
  return out
}

/// Bad system names or parameters.
public enum BenchmarkSystemError: Error, CustomStringConvertible, Equatable {
  /// No benchmark system has this name; the known names are listed.
  case unknownSystem(String, known: [String])
  /// The system has no parameter of this name; its parameters are listed.
  case unknownParameter(system: String, name: String, known: [String])
  /// The value of a parameter breaks the rule stated in `rule`.
  case invalidValue(system: String, name: String, value: Double, rule: String)

  /// The problem, with the valid names or the rule.
  public var description: String {
    switch self {
    case .unknownSystem(let s, let known): return "unknown system '\(s)'; known systems: \(known.joined(separator: ", "))"
    case .unknownParameter(let s, let p, let known): return "\(s) has no parameter '\(p)'; its parameters: \(known.joined(separator: ", "))"
    case .invalidValue(let s, let p, let v, let rule): return "\(s): parameter \(p) = \(v) \(rule)"
    }
  }
}

extension BenchmarkSystem {
  /// Every benchmark system: the nine of benchmarks.md §3 in its order, then the systems added from
  /// the dysts catalogue (flows, then maps), then the 31 flows added for issue 29 (DynaMix's Chua and
  /// Sprott M first; <doc:BenchmarkCatalogue> lists them all).
  public static let all: [BenchmarkSystem] = [
    lorenz63, rossler, lorenz96, chen, aizawa, rabinovichFabrikant, duffing, henon, logistic,
    thomas, halvorsen, dadras, lorenz84, rucklidge, arneodo, genesioTesi, sprottB, burkeShaw, luChen,
    ikeda, tinkerbell,
    chua, sprottM, sprottC, sprottD, sprottE, sprottF, sprottG, sprottH, sprottJ, sprottK, sprottL, sprottN,
    sprottO, sprottP, sprottQ, sprottR, sprottS, sprottJerk, finance, mooreSpiegel, rikitakeDynamo,
    newtonLeipnik, qiChen, zhouChen, wangSun, pehlivanWei, laser, vallisElNino, hyperRossler, lorenzStenflo,
    hyperXu,
  ]

  /// The system called `name` (case-insensitive; `-` and `_` ignored).
  public static func named(_ name: String) throws -> BenchmarkSystem {
    let key = name.lowercased().filter { $0 != "-" && $0 != "_" }
    guard let system = all.first(where: { $0.name.filter { $0 != "_" } == key }) else {
      throw BenchmarkSystemError.unknownSystem(name, known: all.map(\.name))
    }
    return system
  }

  init(
    name: String, title: String, kind: Kind, parameters: KeyValuePairs<String, Double>, exponents: [Double],
    lyapunovStep: Double = 1, suggestedDt: Double = 1, period: Double? = nil, dimension: @escaping @Sendable ([Double]) -> Int,
    initial: @escaping @Sendable ([Double]) -> [Double],
    field: @escaping @Sendable ([Double], [Double], Double) -> [Double],
    jacobian: @escaping @Sendable ([Double], [Double], Double) -> [Double]
  ) {
    self.name = name
    self.title = title
    self.kind = kind
    parameterNames = parameters.map(\.key)
    self.parameters = parameters.map(\.value)
    defaults = self.parameters
    referenceExponents = exponents
    self.lyapunovStep = lyapunovStep
    self.suggestedDt = suggestedDt
    referencePeriod = period
    dimensionRule = dimension
    self.initial = initial
    self.field = field
    jacobianRule = jacobian
  }
}
