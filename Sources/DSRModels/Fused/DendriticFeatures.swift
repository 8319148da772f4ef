import DSRTensor

/// Φ for the dendritic PLRNNs: per unit m, `Φ_m = Σ_b α_b·[relu(z_m − H_{m,b}) − c·relu(z_m)]`
/// with c = 1 for the clipped variant and 0 otherwise; F = M, parameters α (B) and H (M × B).
public final class DendriticFeatures<Scalar: BLASScalar>: FeatureMap {
  /// F = M, one feature per unit.
  public let featureCount: Int
  /// B, the number of bases (shifted ReLUs) per unit.
  public let bases: Int
  /// Whether `c·relu(z_m)` is subtracted per basis (the clipped variant).
  public let clipped: Bool
  /// The positions of α and H in the model's parameter list.
  public let parameterIndices: [Int]
  var batchSize = 0
  let alpha = Buffer<Scalar>(), thresholds = Buffer<Scalar>()
  let alphaGradient = Buffer<Scalar>(), thresholdGradient = Buffer<Scalar>()

  /// Φ for M units and B bases, with α and H at `indices` of the model's parameter list.
  public init(dimension: Int, bases: Int, clipped: Bool, indices: (alpha: Int, thresholds: Int)) {
    (featureCount, self.bases, self.clipped) = (dimension, bases, clipped)
    parameterIndices = [indices.alpha, indices.thresholds]
  }

  /// Copies α and H and zeroes their gradients for a batch of `batchSize` states.
  public func load(parameters: [Tensor<Scalar>], batchSize: Int, steps: Int) {
    self.batchSize = batchSize
    alpha.load(parameters[parameterIndices[0]])
    thresholds.load(parameters[parameterIndices[1]])
    alphaGradient.reserve(bases)
    alphaGradient.zero(bases)
    thresholdGradient.reserve(featureCount * bases)
    thresholdGradient.zero(featureCount * bases)
  }

  /// `phi ← Φ(z)` for every state of the batch.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func forward(step t: Int, state z: UnsafePointer<Scalar>, features phi: UnsafeMutablePointer<Scalar>) {
    let (m, nb) = (featureCount, bases)
    for r in 0..<batchSize {
      for j in 0..<m {
        let x = z[r * m + j]
        let clip: Scalar = clipped && x > 0 ? x : 0
        var acc: Scalar = 0
        let hRow = thresholds.pointer + j * nb
        for b in 0..<nb {
          let u = x - hRow[b]
          acc += alpha[b] * ((u > 0 ? u : 0) - clip)
        }
        phi[r * m + j] = acc
      }
    }
  }

  /// Adds `(∂Φ/∂z)ᵀ·dPhi` to `dz` and accumulates the gradients of α and H.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func backward(
    step t: Int, state z: UnsafePointer<Scalar>, featureGradient dPhi: UnsafeMutablePointer<Scalar>,
    stateGradient dz: UnsafeMutablePointer<Scalar>, features phi: UnsafeMutablePointer<Scalar>
  ) {
    // Φ again for the weight gradient (this map caches nothing per step).
    forward(step: t, state: z, features: phi)
    let (m, nb) = (featureCount, bases)
    for r in 0..<batchSize {
      for j in 0..<m {
        let x = z[r * m + j], d = dPhi[r * m + j]
        let positive = clipped && x > 0
        let clip: Scalar = positive ? x : 0
        var slope: Scalar = 0
        let hRow = thresholds.pointer + j * nb, hGrad = thresholdGradient.pointer + j * nb
        for b in 0..<nb {
          let u = x - hRow[b]
          let above = u > 0
          alphaGradient[b] += d * ((above ? u : 0) - clip)
          if above {
            slope += alpha[b]
            hGrad[b] -= d * alpha[b]
          }
          if positive { slope -= alpha[b] }
        }
        dz[r * m + j] += d * slope
      }
    }
  }

  /// The accumulated gradients `[∂α (B), ∂H (M × B)]`.
  public func parameterGradients() -> [Tensor<Scalar>] {
    [alphaGradient.tensor([bases]), thresholdGradient.tensor([featureCount, bases])]
  }
}
