import DSRTensor

/// One model step `z' = A ⊙ z + W·Φ(z) + h` with a hand-written pullback, for the training hot path.
///
/// The trainer unrolls a batch over `steps` time steps: it calls ``forward(step:state:into:)`` for
/// t = 0, 1, …, then ``backward(step:outputGradient:into:)`` for t = steps−1, …, 0, then
/// ``parameterGradients()``. All caches live in preallocated ``Buffer``s reused across batches,
/// and the weight gradients are accumulated during the backward sweep in blocks of
/// ``gradientBlock`` steps, while the block's operands are still in cache (one GEMM over the whole
/// window at the end streams and repacks all features; one per step is call-bound).
///
/// Row layout: a batch of S states is `S × M` row-major (one state per row). The kernel's
/// gradient is checked against the tape-composed ``LatentModel/differentiableStep(_:parameters:)``
/// in the tests.
public final class FusedStep<Scalar: BLASScalar> {
  /// Steps per weight-gradient GEMM (measured: 8 beats 1 and 16 and the whole window; 4 is within noise).
  public static var gradientBlock: Int { 8 }
  var gradientBlock: Int { Self.gradientBlock }
  /// M.
  public let dimension: Int
  let features: any FeatureMap<Scalar>
  let indices: (a: Int, w: Int, h: Int)
  let parameterCount: Int
  var batchSize = 0
  var steps = 0
  var loadedStride = 0, loadedBatch = 0
  let a = Buffer<Scalar>(), w = Buffer<Scalar>(), h = Buffer<Scalar>()
  /// Wᵀ (F × M), so that the forward product is a plain (non-transposed) GEMM.
  let wTransposed = Buffer<Scalar>()
  /// Inputs z_t of every step, `(steps·S) × M`.
  let inputs = Buffer<Scalar>()
  /// Φ(z_t) of the current step (forward) or of the current block of ``gradientBlock`` steps
  /// (backward, recomputed by the feature map), `(block·S) × F` with rows
  /// ``FeatureMap/featureStride`` apart: only a block is kept, not every step (for ECG that is
  /// 3.2 MB per batch written in the forward and read back in the backward).
  let phi = Buffer<Scalar>()
  /// ∂L/∂z_{t+1} of every step, `(steps·S) × M`.
  let outputGradients = Buffer<Scalar>()
  let featureGradient = Buffer<Scalar>()
  /// ∂W accumulated block by block (`M × F`).
  let weightGradient = Buffer<Scalar>()

  /// A kernel for the model whose A, W and h sit at `indices` of its parameter list.
  public init(dimension: Int, features: any FeatureMap<Scalar>, indices: (a: Int, w: Int, h: Int), parameterCount: Int) {
    (self.dimension, self.features, self.indices, self.parameterCount) = (dimension, features, indices, parameterCount)
  }

  /// Copies the model's current parameters and sizes the caches.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func load(parameters: [Tensor<Scalar>], batchSize s: Int, steps: Int) {
    precondition(parameters.count == parameterCount, "FusedStep: \(parameters.count) parameter arrays, expected \(parameterCount)")
    (batchSize, self.steps) = (s, steps)
    a.load(parameters[indices.a])
    w.load(parameters[indices.w])
    wTransposed.load(parameters[indices.w].transposed())
    h.load(parameters[indices.h])
    let f = features.featureCount
    inputs.reserve(steps * s * dimension)
    outputGradients.reserve(steps * s * dimension)
    weightGradient.reserve(dimension * f)
    weightGradient.zero(dimension * f)
    features.load(parameters: parameters, batchSize: s, steps: steps)
    // Padded rows: the columns beyond F must be zero (the feature map keeps them so).
    let ld = features.featureStride
    if ld != loadedStride || s != loadedBatch {
      phi.reserve(gradientBlock * s * ld)
      phi.zero(gradientBlock * s * ld)
      featureGradient.reserve(s * ld)
      featureGradient.zero(s * ld)
      (loadedStride, loadedBatch) = (ld, s)
    }
  }

  /// `out ← F(z)` for the `S × M` batch `z` at step `t`.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func forward(step t: Int, state z: UnsafePointer<Scalar>, into out: UnsafeMutablePointer<Scalar>) {
    let (m, s, f, ld) = (dimension, batchSize, features.featureCount, features.featureStride)
    let zt = inputs.pointer + t * s * m
    zt.update(from: z, count: s * m)
    let phiT = phi.pointer
    features.forward(step: t, state: zt, features: phiT)
    let ap = UnsafePointer(a.pointer), hp = UnsafePointer(h.pointer)
    for r in 0..<s {
      let zr = z + r &* m, outr = out + r &* m
      for j in 0..<m { outr[j] = ap[j] * zr[j] + hp[j] }
    }
    // out += Φ·Wᵀ  (S × F)·(F × M)
    addLongProduct(UnsafePointer(phiT), lda: ld, UnsafePointer(wTransposed.pointer), rows: s, n: m, k: f, into: out)
  }

  /// `dz ← (∂F/∂z)ᵀ·g` for step `t`, given `g = ∂L/∂F(z_t)`; records the parameter gradients.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func backward(step t: Int, outputGradient g: UnsafePointer<Scalar>, into dz: UnsafeMutablePointer<Scalar>) {
    let (m, s, f, ld) = (dimension, batchSize, features.featureCount, features.featureStride)
    let zt = inputs.pointer + t * s * m
    (outputGradients.pointer + t * s * m).update(from: g, count: s * m)
    let ap = UnsafePointer(a.pointer)
    for r in 0..<s {
      let gr = g + r &* m, dzr = dz + r &* m
      for j in 0..<m { dzr[j] = ap[j] * gr[j] }
    }
    // The feature map's pullback of dΦ = g·W (the map forms the product, or fuses it in), which
    // also writes Φ(z_t) again into its row of the block (the same operations on the same values
    // as the forward, so the same bits).
    features.backward(
      step: t, state: zt, outputGradient: g, weights: w.pointer, rows: s, dimension: m, scratch: featureGradient.pointer,
      stateGradient: dz, features: phi.pointer + (t % gradientBlock) * s * ld)
    // ∂W += Gᵀ·Φ over the block of steps t ..< t + gradientBlock just completed (the sweep runs
    // backwards), while those rows are still in cache: (M × bS)·(bS × F).
    if t % gradientBlock == 0 {
      let count = Swift.min(gradientBlock, steps - t) * s
      addTransposedProduct(
        outputGradients.pointer + t * s * m, lda: m, phi.pointer, ldb: ld, rows: m, n: f, k: count,
        into: weightGradient.pointer, ldc: f)
    }
  }

  /// The gradients of all parameters (in the model's order) accumulated over the unrolled steps.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func parameterGradients() -> [Tensor<Scalar>] {
    let (m, f) = (dimension, features.featureCount)
    let rows = steps * batchSize
    var grads = [Tensor<Scalar>?](repeating: nil, count: parameterCount)
    // ∂A = Σ_rows g ⊙ z and ∂h = Σ_rows g, row by row.
    let sums = Buffer<Scalar>(count: 2 * m)
    let gA = sums.pointer, gH = sums.pointer + m
    let g = UnsafePointer(outputGradients.pointer), z = UnsafePointer(inputs.pointer)
    for r in 0..<rows {
      let gr = g + r &* m, zr = z + r &* m
      for j in 0..<m {
        gA[j] += gr[j] * zr[j]
        gH[j] += gr[j]
      }
    }
    grads[indices.a] = Tensor(Array(UnsafeBufferPointer(start: gA, count: m)))
    grads[indices.w] = weightGradient.tensor([m, f])
    grads[indices.h] = Tensor(Array(UnsafeBufferPointer(start: gH, count: m)))
    for (i, grad) in zip(features.parameterIndices, features.parameterGradients()) {
      grads[i] = grad
    }
    return grads.map { $0! }
  }
}
