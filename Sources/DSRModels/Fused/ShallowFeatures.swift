import DSRTensor

/// Φ for the shallow PLRNNs: `Φ(z) = relu(W₂z + h₂) − c·relu(W₂z)` with c = 1 when clipped;
/// F = L, parameters W₂ (L × M) and h₂ (L).
///
/// Forward caches the two gates `1[W₂z + h₂ > 0]` and `1[W₂z > 0]` per step; backward stores
/// `∂L/∂(W₂z)` per step so that ∂W₂ is one GEMM over all steps at the end.
public final class ShallowFeatures<Scalar: BLASScalar>: FeatureMap {
  public let featureCount: Int
  public let dimension: Int
  public let clipped: Bool
  public let parameterIndices: [Int]
  var batchSize = 0
  var steps = 0
  let w2 = Buffer<Scalar>(), h2 = Buffer<Scalar>()
  /// `1[W₂z + h₂ > 0]` and `1[W₂z + h₂ > 0] − c·1[W₂z > 0]` per step, `(steps·S) × L` each.
  let gateShifted = Buffer<Scalar>(), gate = Buffer<Scalar>()
  /// ∂L/∂(W₂z) per step, `(steps·S) × L`.
  let preGradients = Buffer<Scalar>()
  let h2Gradient = Buffer<Scalar>()

  /// Φ for M latent and L hidden units, with W₂ and h₂ at `indices` of the model's parameter list.
  public init(dimension: Int, hidden: Int, clipped: Bool, indices: (w2: Int, h2: Int)) {
    (self.dimension, featureCount, self.clipped) = (dimension, hidden, clipped)
    parameterIndices = [indices.w2, indices.h2]
  }

  public func load(parameters: [Tensor<Scalar>], batchSize: Int, steps: Int) {
    (self.batchSize, self.steps) = (batchSize, steps)
    w2.load(parameters[parameterIndices[0]])
    h2.load(parameters[parameterIndices[1]])
    let n = steps * batchSize * featureCount
    gateShifted.reserve(n)
    gate.reserve(n)
    preGradients.reserve(n)
    h2Gradient.reserve(featureCount)
    h2Gradient.zero(featureCount)
  }

  public func forward(step t: Int, state z: UnsafePointer<Scalar>, features phi: UnsafeMutablePointer<Scalar>) {
    let (l, s) = (featureCount, batchSize)
    // phi ← z·W₂ᵀ  (S × M)·(M × L), then rectified in place.
    gemm(z, w2.pointer, transposeB: true, m: s, n: l, k: dimension, into: phi)
    let shifted = gateShifted.pointer + t * s * l, g = gate.pointer + t * s * l
    for r in 0..<s {
      let row = phi + r * l
      for i in 0..<l {
        let pre = row[i]
        let u = pre + h2[i]
        let on: Scalar = u > 0 ? 1 : 0
        let clip: Scalar = clipped && pre > 0 ? 1 : 0
        shifted[r * l + i] = on
        g[r * l + i] = on - clip
        row[i] = on * u - clip * pre
      }
    }
  }

  public func backward(
    step t: Int, state z: UnsafePointer<Scalar>, featureGradient dPhi: UnsafeMutablePointer<Scalar>,
    stateGradient dz: UnsafeMutablePointer<Scalar>
  ) {
    let (l, s) = (featureCount, batchSize)
    let shifted = gateShifted.pointer + t * s * l, g = gate.pointer + t * s * l
    let dPre = preGradients.pointer + t * s * l
    let gh2 = h2Gradient.pointer
    for r in 0..<s {
      for i in 0..<l {
        let k = r * l + i
        let d = dPhi[k]
        gh2[i] += d * shifted[k]
        dPre[k] = d * g[k]
      }
    }
    // dz += dPre·W₂  (S × L)·(L × M)
    gemm(dPre, w2.pointer, m: s, n: dimension, k: l, beta: 1, into: dz)
  }

  public func parameterGradients(states: UnsafePointer<Scalar>, rows: Int) -> [Tensor<Scalar>] {
    var gW2 = [Scalar](repeating: 0, count: featureCount * dimension)
    gW2.withUnsafeMutableBufferPointer {
      gemm(preGradients.pointer, transposeA: true, states, m: featureCount, n: dimension, k: rows, into: $0.baseAddress!)
    }
    return [Tensor(shape: [featureCount, dimension], scalars: gW2), h2Gradient.tensor([featureCount])]
  }
}
