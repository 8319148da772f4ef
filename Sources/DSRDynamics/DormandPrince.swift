import Foundation

/// The Dormand–Prince 5(4) embedded Runge–Kutta method with step-size control (Dormand & Prince
/// 1980; the pair behind MATLAB's ode45 and SciPy's RK45), for ``BenchmarkSystem`` flows.
///
/// The 5th-order solution is propagated (local extrapolation), the embedded 4th-order one
/// estimates the error `err = rms_i(e_i / (atol + rtol·max(|x_i|, |x'_i|)))`; a step is accepted
/// when err ≤ 1 and the next step is `h·min(5, max(0.2, 0.9·err^(−1/5)))`. The last stage of an
/// accepted step is the first of the next (FSAL).
public struct DormandPrince: Sendable {
  /// rtol of the error estimate.
  public var relativeTolerance: Double
  /// atol of the error estimate.
  public var absoluteTolerance: Double
  /// Accepted and rejected steps so far.
  public private(set) var acceptedSteps = 0
  /// Steps rejected (and retried with a smaller step) so far.
  public private(set) var rejectedSteps = 0
  var step: Double? = nil
  /// The most steps (accepted or rejected) one ``advance(_:_:from:to:)`` may take before it gives up.
  public var maxStepsPerInterval = 1_000_000

  /// Tight tolerances by default (rtol 1e-10, atol 1e-12).
  public init(relativeTolerance: Double = 1e-10, absoluteTolerance: Double = 1e-12) {
    (self.relativeTolerance, self.absoluteTolerance) = (relativeTolerance, absoluteTolerance)
  }

  static let c: [Double] = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1]
  static let a: [[Double]] = [
    [],
    [1.0 / 5],
    [3.0 / 40, 9.0 / 40],
    [44.0 / 45, -56.0 / 15, 32.0 / 9],
    [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
    [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
    [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
  ]
  /// 5th-order weights minus 4th-order weights.
  static let e: [Double] = [
    71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40,
  ]

  /// Integrates `system` from (x, t0) to t1 > t0, landing exactly on t1; the step size carries
  /// over to the next call.
  public mutating func advance(_ system: BenchmarkSystem, _ x: [Double], from t0: Double, to t1: Double) throws -> [Double] {
    let m = x.count
    var x = x, t = t0
    var h = step ?? initialStep(system, x, t0, t1 - t0)
    var k = [[Double]](repeating: [], count: 7)
    k[0] = system(x, time: t)
    var attempts = 0
    while t < t1 {
      attempts += 1
      guard attempts <= maxStepsPerInterval else { throw IntegrationError.tooManySteps(time: t, system: system.name, steps: attempts - 1) }
      let proposed = h
      var last = false
      if t + h >= t1 {
        h = t1 - t
        last = true
      } else if t + 1.1 * h > t1 {
        h = (t1 - t) / 2
      }
      guard h > 1e-14 * Swift.max(1, Swift.abs(t)) else {
        throw IntegrationError.stepTooSmall(time: t, system: system.name)
      }
      for s in 1..<7 {
        var y = x
        for j in 0..<s { let aj = Self.a[s][j]; if aj != 0 { for i in 0..<m { y[i] += h * aj * k[j][i] } } }
        k[s] = system(y, time: t + Self.c[s] * h)
      }
      // The 5th-order solution is the 7th stage's argument.
      var next = x
      for j in 0..<6 { let bj = Self.a[6][j]; if bj != 0 { for i in 0..<m { next[i] += h * bj * k[j][i] } } }
      var sum = 0.0
      for i in 0..<m {
        var err = 0.0
        for j in 0..<7 { err += Self.e[j] * k[j][i] }
        let scale = absoluteTolerance + relativeTolerance * Swift.max(Swift.abs(x[i]), Swift.abs(next[i]))
        sum += (h * err / scale) * (h * err / scale)
      }
      let err = (sum / Double(m)).squareRoot()
      guard err.isFinite, next.allSatisfy(\.isFinite) else {
        if h < 1e-12 { throw IntegrationError.nonFinite(time: t, system: system.name) }
        h /= 10
        rejectedSteps += 1
        continue
      }
      let factor = Swift.min(5, Swift.max(0.2, 0.9 * Foundation.pow(Swift.max(err, 1e-300), -0.2)))
      if err <= 1 {
        x = next
        t = last ? t1 : t + h
        k[0] = k[6]
        acceptedSteps += 1
        // A step shortened to land on t1 says little about the next one.
        step = last ? Swift.max(proposed, h * factor) : h * factor
        h = step!
      } else {
        rejectedSteps += 1
        h *= factor
      }
    }
    return x
  }

  /// A first step from the size of f (Hairer, Nørsett & Wanner's heuristic, simplified).
  func initialStep(_ system: BenchmarkSystem, _ x: [Double], _ t: Double, _ span: Double) -> Double {
    let f = system(x, time: t)
    let scale = x.map { absoluteTolerance + relativeTolerance * Swift.abs($0) }
    let d0 = (zip(x, scale).map { ($0 / $1) * ($0 / $1) }.reduce(0, +) / Double(x.count)).squareRoot()
    let d1 = (zip(f, scale).map { ($0 / $1) * ($0 / $1) }.reduce(0, +) / Double(x.count)).squareRoot()
    let h = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1
    return Swift.min(h, span)
  }
}

/// Why an integration stopped.
public enum IntegrationError: Error, CustomStringConvertible, Equatable {
  /// The step size underflowed at `time`.
  case stepTooSmall(time: Double, system: String)
  /// The solution became non-finite at `time`.
  case nonFinite(time: Double, system: String)
  /// `steps` steps from `time` did not reach the next sample.
  case tooManySteps(time: Double, system: String, steps: Int)

  /// The problem, with the system's name and what to try.
  public var description: String {
    switch self {
    case .stepTooSmall(let t, let s): return "\(s): the step size underflowed at t = \(t) (the system is stiff or blows up there; loosen --rtol or change the parameters)"
    case .tooManySteps(let t, let s, let n): return "\(s): \(n) steps did not reach the next sample from t = \(t) (the solution is blowing up or extremely stiff; check the parameters, or loosen --rtol)"
    case .nonFinite(let t, let s): return "\(s): the solution became non-finite at t = \(t) (the orbit escapes to infinity for these parameters or this initial state)"
    }
  }
}

extension BenchmarkSystem {
  /// A sampled trajectory, `steps × M`: flows integrated with Dormand–Prince 5(4) between
  /// sampling times `dt` apart after a transient of `transient` time units; maps iterated after
  /// `transient` iterations (`dt` ignored). Row 0 is the state right after the transient.
  public func trajectory(
    steps: Int, dt: Double, transient: Double, from initial: [Double]? = nil,
    relativeTolerance: Double = 1e-10, absoluteTolerance: Double = 1e-12
  ) throws -> [[Double]] {
    precondition(steps >= 1, "trajectory: steps must be ≥ 1")
    var x = initial ?? initialState
    precondition(x.count == dimension, "trajectory: initial state has \(x.count) values, M = \(dimension)")
    var out: [[Double]] = []
    out.reserveCapacity(steps)
    switch kind {
    case .map:
      for _ in 0..<Int(transient) { x = self(x) }
      for i in 0..<steps {
        if i > 0 { x = self(x) }
        guard x.allSatisfy(\.isFinite) else { throw IntegrationError.nonFinite(time: Double(i), system: name) }
        out.append(x)
      }
    case .flow:
      precondition(dt > 0, "trajectory: dt must be positive")
      var solver = DormandPrince(relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance)
      var t = 0.0
      if transient > 0 {
        x = try solver.advance(self, x, from: 0, to: transient)
        t = transient
      }
      out.append(x)
      for i in 1..<steps {
        let next = transient + Double(i) * dt  // no accumulated rounding in the sample times
        x = try solver.advance(self, x, from: t, to: next)
        t = next
        out.append(x)
      }
    }
    return out
  }
}
