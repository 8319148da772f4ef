import DSRModels
import DSRTensor

/// A linear vector autoregression of order p, the simplest dynamical baseline of a forecast table:
/// x_{t+1} = A₁·x_t + … + A_p·x_{t−p+1} + c, fitted by least squares on training trajectories and
/// iterated for a forecast.
///
/// The fit uses every row t whose rows t − p + 1 … t + 1 are complete (no NaN), solving the normal
/// equations (ΦᵀΦ + λI)·Θ = ΦᵀY with features φ_t = [x_t, x_{t−1}, …, x_{t−p+1}, 1] and a ridge
/// λ = 1e-10 · trace(ΦᵀΦ)/(pN + 1) that only guards against an exactly singular system.
public struct LinearAutoregression: Sendable {
  /// p, the number of past rows a step reads.
  public let order: Int
  /// Θ, (pN + 1) × N: the rows of A₁ᵀ, …, A_pᵀ, then cᵀ.
  public let coefficients: Tensor<Double>

  /// Fits an AR(`order`) model to `trajectories` (T_i × N, one N).
  ///
  /// - Throws: ``LinearAlgebraError`` when the system cannot be solved; ``ForecastBaselineError``
  ///   when fewer rows than coefficients are usable.
  public init(fitting trajectories: [Tensor<Double>], order p: Int) throws {
    precondition(p >= 1 && !trajectories.isEmpty && trajectories.allSatisfy { $0.rank == 2 }, "LinearAutoregression: order ≥ 1, T × N data")
    let n = trajectories[0].shape[1], width = p * n + 1
    var gram = [Double](repeating: 0, count: width * width)
    var cross = [Double](repeating: 0, count: width * n)
    var used = 0
    var phi = [Double](repeating: 0, count: width)
    for x in trajectories {
      let complete = CompleteWindows.starts(x, steps: p)  // rows s … s + p complete
      for s in complete.indices where complete[s] {
        let t = s + p - 1  // the newest input row; the target is t + 1
        for k in 0..<p { for j in 0..<n { phi[k * n + j] = x.scalars[(t - k) * n + j] } }
        phi[width - 1] = 1
        for a in 0..<width {
          for b in 0..<width { gram[a * width + b] += phi[a] * phi[b] }
          for j in 0..<n { cross[a * n + j] += phi[a] * x.scalars[(t + 1) * n + j] }
        }
        used += 1
      }
    }
    guard used >= width else { throw ForecastBaselineError.tooFewRows(order: p, usable: used, needed: width) }
    let trace = (0..<width).reduce(0.0) { $0 + gram[$1 * width + $1] }
    for a in 0..<width { gram[a * width + a] += 1e-10 * trace / Double(width) }
    order = p
    coefficients = try Tensor(shape: [width, width], scalars: gram).solve(Tensor(shape: [width, n], scalars: cross))
  }

  /// The forecast of `horizon` rows after the last row of `context` (C × N, its last p rows
  /// complete, C ≥ p).
  public func forecast(context: Tensor<Double>, horizon: Int) -> Tensor<Double> {
    let n = context.shape[1], p = order, width = p * n + 1
    precondition(context.rank == 2 && context.shape[0] >= p && coefficients.shape == [width, n] && horizon >= 1, "LinearAutoregression.forecast: C × N context with C ≥ p")
    // Newest row first.
    var history = (0..<p).flatMap { k in Array(context.scalars[((context.shape[0] - 1 - k) * n)..<((context.shape[0] - k) * n)]) }
    var out: [Double] = []
    out.reserveCapacity(horizon * n)
    for _ in 0..<horizon {
      var next = [Double](repeating: 0, count: n)
      for j in 0..<n {
        var v = coefficients.scalars[(width - 1) * n + j]
        for a in 0..<(p * n) { v += history[a] * coefficients.scalars[a * n + j] }
        next[j] = v
      }
      out += next
      history = next + history.dropLast(n)
    }
    return Tensor(shape: [horizon, n], scalars: out)
  }
}

/// A forecast baseline that cannot be fitted to the data given.
public enum ForecastBaselineError: Error, Equatable, CustomStringConvertible {
  /// Fewer usable rows (complete windows of order + 1 rows) than the model has coefficients per column.
  case tooFewRows(order: Int, usable: Int, needed: Int)

  public var description: String {
    switch self {
    case .tooFewRows(let p, let usable, let needed):
      return "the AR(\(p)) baseline needs at least \(needed) complete windows of \(p + 1) rows in the training data, found \(usable)"
    }
  }
}
