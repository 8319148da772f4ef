import DSRModels
import DSRTensor

/// Scales for PE(n): how bad predicting the data's mean is, and how good predicting "nothing
/// changes" is.
///
/// PE(n) is a mean squared error in the data's units, so a value alone does not say whether a
/// model predicts anything. Divided by ``meanVariance(_:)`` of the data (``normalized(_:data:)``),
/// 1 is as bad as predicting each coordinate's mean, and the persistence baseline
/// (``persistenceError(_:steps:)``, predicting x(t + n) = x(t)) says what a model must beat to have
/// learned any dynamics over n steps.
public enum PredictionBaseline {
  /// The mean over the data's columns of each column's variance about its mean (divisor m over
  /// the m complete rows; ``CompleteRows/meanVariance(_:)``): the PE of predicting the mean.
  public static func meanVariance(_ x: Tensor<Double>) -> Double { CompleteRows.meanVariance(x) }

  /// `pe` in units of the data's ``meanVariance(_:)``: 1 = as bad as predicting the mean.
  public static func normalized(_ pe: Double, data x: Tensor<Double>) -> Double { pe / meanVariance(x) }

  /// The persistence PE(n): the mean over the start points t whose rows t…t+n are complete
  /// (``CompleteWindows``, the same start points as ``ReconstructedSystem/predictionError(on:steps:inputs:chunk:)``)
  /// and the N columns of `(x_{t+n} − x_t)²`. Not normalised; NaN without such a start point.
  public static func persistenceError(_ x: Tensor<Double>, steps n: Int) -> Double {
    precondition(x.rank == 2 && n >= 1, "persistenceError: need T × N data and n ≥ 1")
    let width = x.shape[1]
    let starts = CompleteWindows.starts(x, steps: n)
    var sum = 0.0
    var used = 0
    x.scalars.withUnsafeBufferPointer { p in
      for (t, complete) in starts.enumerated() where complete {
        for d in 0..<width {
          let e = p[(t + n) * width + d] - p[t * width + d]
          sum += e * e
        }
        used += 1
      }
    }
    return used > 0 ? sum / Double(used * width) : .nan
  }
}
