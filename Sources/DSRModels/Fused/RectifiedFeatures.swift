import DSRTensor

/// Φ for the PLRNN, the mean-centred PLRNN and the AL-RNN: an elementwise rectifier, F = M,
/// no parameters of its own.
///
/// - `.all`: `relu(z)` (PLRNN);
/// - `.meanCentered`: `relu(z − mean z)`, the mean over the units of each state (mcPLRNN);
///   pullback `d − mean(d)` with `d = dΦ ⊙ 1[z − mean z > 0]`;
/// - `.lastUnits(P)`: the first M − P units pass through, the last P are rectified (AL-RNN).
public final class RectifiedFeatures<Scalar: BLASScalar>: FeatureMap {
  /// Which units are rectified, and around what.
  public enum Mode: Sendable { case all, meanCentered, lastUnits(Int) }
  /// Which units are rectified.
  public let mode: Mode
  /// F = M, one feature per unit.
  public let featureCount: Int
  /// Empty: the rectifier has no parameters.
  public var parameterIndices: [Int] { [] }
  var batchSize = 0

  /// The rectifier for M = `dimension` units in `mode`.
  public init(dimension: Int, mode: Mode) { (featureCount, self.mode) = (dimension, mode) }

  /// Records the batch size; there are no parameters to copy.
  public func load(parameters: [Tensor<Scalar>], batchSize: Int, steps: Int) { self.batchSize = batchSize }

  var firstRectified: Int {
    if case .lastUnits(let p) = mode { return featureCount - p }
    return 0
  }

  /// `phi ← Φ(z)` for every state of the batch.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func forward(step t: Int, state z: UnsafePointer<Scalar>, features phi: UnsafeMutablePointer<Scalar>) {
    let m = featureCount
    for r in 0..<batchSize {
      let row = z + r * m, out = phi + r * m
      var centre: Scalar = 0
      if case .meanCentered = mode {
        for j in 0..<m { centre += row[j] }
        centre /= Scalar(m)
      }
      let first = firstRectified
      for j in 0..<first { out[j] = row[j] }
      for j in first..<m {
        let u = row[j] - centre
        out[j] = u > 0 ? u : 0
      }
    }
  }

  /// Adds `(∂Φ/∂z)ᵀ·dPhi` to `dz`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func backward(
    step t: Int, state z: UnsafePointer<Scalar>, featureGradient dPhi: UnsafeMutablePointer<Scalar>,
    stateGradient dz: UnsafeMutablePointer<Scalar>, features phi: UnsafeMutablePointer<Scalar>
  ) {
    // Φ again for the weight gradient (this map caches nothing per step).
    forward(step: t, state: z, features: phi)
    let m = featureCount
    let first = firstRectified
    for r in 0..<batchSize {
      let row = z + r * m, d = dPhi + r * m, out = dz + r * m
      if case .meanCentered = mode {
        var centre: Scalar = 0
        for j in 0..<m { centre += row[j] }
        centre /= Scalar(m)
        var meanGradient: Scalar = 0
        for j in 0..<m {
          if row[j] - centre <= 0 { d[j] = 0 }
          meanGradient += d[j]
        }
        meanGradient /= Scalar(m)
        for j in 0..<m { out[j] += d[j] - meanGradient }
      } else {
        for j in 0..<first { out[j] += d[j] }
        for j in first..<m where row[j] > 0 { out[j] += d[j] }
      }
    }
  }

  /// Empty: the rectifier has no parameters.
  public func parameterGradients() -> [Tensor<Scalar>] { [] }
}
