import DSRTensor

/// Φ for the shallow PLRNNs: `Φ(z) = relu(W₂z + h₂) − c·relu(W₂z)` with c = 1 when clipped;
/// F = L, parameters W₂ (L × M) and h₂ (L).
///
/// The pre-activations W₂z are not cached over the window: the backward recomputes them from the
/// step's input with the same GEMM (the same bits), into a one-step scratch that stays in L1. A
/// window's worth (`T·S·L`: 3.2 MB for ECG, 1.6 MB for EEG) does not fit this machine's 2 MB L2
/// beside the weights and the gradient blocks, and streaming it back cost more (about a quarter of
/// an ECG batch in the backward kernel, stalled on its loads) than the product (M ≤ 16 terms per
/// entry). The gates `1[W₂z + h₂ > 0]` and `1[W₂z > 0]` follow from the pre-activations;
/// backward accumulates ∂W₂ and ∂h₂ step by step.
public final class ShallowFeatures<Scalar: BLASScalar>: FeatureMap {
  /// F = L, the number of hidden units.
  public let featureCount: Int
  /// M, the latent dimension.
  public let dimension: Int
  /// Whether `relu(W₂z)` is subtracted (the clipped shallow PLRNN).
  public let clipped: Bool
  /// The positions of W₂ and h₂ in the model's parameter list.
  public let parameterIndices: [Int]
  var batchSize = 0
  var steps = 0
  /// The row stride of pre-activations, their gradients and Φ (``paddedFeatureStride(count:rows:scalarSize:)``).
  public private(set) var featureStride = 0
  var loadedBatch = 0
  let w2 = Buffer<Scalar>(), h2 = Buffer<Scalar>()
  /// W₂ᵀ (M × L), so that the forward product is a plain (non-transposed) GEMM.
  let w2Transposed = Buffer<Scalar>()
  /// W₂z of the current step, `S × L` (written by the forward, recomputed by the backward).
  let preActivations = Buffer<Scalar>()
  /// ∂L/∂(W₂z) of the current block of steps, `(block·S) × L`.
  let preGradients = Buffer<Scalar>()
  /// ∂W₂, accumulated block by block (`L × M`).
  let w2Gradient = Buffer<Scalar>()
  let h2Gradient = Buffer<Scalar>()

  /// Φ for M latent and L hidden units, with W₂ and h₂ at `indices` of the model's parameter list.
  public init(dimension: Int, hidden: Int, clipped: Bool, indices: (w2: Int, h2: Int)) {
    (self.dimension, featureCount, self.clipped) = (dimension, hidden, clipped)
    parameterIndices = [indices.w2, indices.h2]
  }

  /// Copies W₂ (and its transpose) and h₂, sizes the one-step pre-activation scratch and zeroes the gradients.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func load(parameters: [Tensor<Scalar>], batchSize: Int, steps: Int) {
    (self.batchSize, self.steps) = (batchSize, steps)
    w2.load(parameters[parameterIndices[0]])
    w2Transposed.load(parameters[parameterIndices[0]].transposed())
    let ld = paddedFeatureStride(count: featureCount, rows: batchSize, scalarSize: MemoryLayout<Scalar>.stride)
    // h₂ and its gradient padded with zeros to the stride: the kernels run over whole padded rows,
    // and zero pre-activations, biases and gradients give zero Φ, zero dPre and add zero.
    h2.reserve(ld)
    h2.zero(ld)
    h2.load(parameters[parameterIndices[1]])
    h2Gradient.reserve(ld)
    h2Gradient.zero(ld)
    if ld != featureStride || batchSize != loadedBatch {
      preActivations.reserve(batchSize * ld)
      preActivations.zero(batchSize * ld)
      let block = FusedStep<Scalar>.gradientBlock * batchSize * ld
      preGradients.reserve(block)
      preGradients.zero(block)
      (featureStride, loadedBatch) = (ld, batchSize)
    }
    w2Gradient.reserve(featureCount * dimension)
    w2Gradient.zero(featureCount * dimension)
  }

  /// `phi ← Φ(z)` for every state of the batch.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func forward(step t: Int, state z: UnsafePointer<Scalar>, features phi: UnsafeMutablePointer<Scalar>) {
    let (l, s, ld) = (featureCount, batchSize, featureStride)
    // Φ(z·W₂ᵀ) with the pre-activations in registers, where the fused kernel runs.
    if ShallowKernels.fusedForward(
      state: z, dimension: dimension, w2Transposed: w2Transposed.pointer, hidden: l, bias: h2.pointer, rows: s, width: ld,
      clip: clipped ? 1 : 0, into: phi)
    {
      return
    }
    let pre = preActivations.pointer
    // pre ← z·W₂ᵀ  (S × M)·(M × L)
    gemm(z, w2Transposed.pointer, m: s, n: l, k: dimension, into: pre, ldc: ld)
    // Φ = max(pre + h₂, 0) − c·max(pre, 0), branch-free (the gates are data-dependent), over
    // the padded rows.
    ShallowKernels.forward(pre: pre, bias: h2.pointer, rows: s, width: ld, clip: clipped ? 1 : 0, into: phi)
  }

  /// Adds `(∂Φ/∂z)ᵀ·dPhi` to `dz`, accumulates the gradients of W₂ and h₂, and writes Φ(z) into
  /// `phi` from the recomputed pre-activations (one pass for both).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func backward(
    step t: Int, state z: UnsafePointer<Scalar>, featureGradient dPhi: UnsafeMutablePointer<Scalar>,
    stateGradient dz: UnsafeMutablePointer<Scalar>, features phi: UnsafeMutablePointer<Scalar>
  ) {
    let (l, s, ld) = (featureCount, batchSize, featureStride)
    // pre ← z·W₂ᵀ again: the forward's call on the same operands, so the same bits.
    gemm(z, w2Transposed.pointer, m: s, n: l, k: dimension, into: preActivations.pointer, ldc: ld)
    let pre = UnsafePointer(preActivations.pointer)
    let dPre = preGradients.pointer + (t % FusedStep<Scalar>.gradientBlock) * s * ld
    // ∂h₂ += dΦ·1[pre + h₂ > 0], dPre = dΦ·(1[pre + h₂ > 0] − c·1[pre > 0]), Φ again.
    ShallowKernels.backward(
      pre: pre, bias: h2.pointer, featureGradient: dPhi, rows: s, width: ld, clip: clipped ? 1 : 0,
      biasGradient: h2Gradient.pointer, into: dPre, features: phi)
    finishBackward(step: t, state: z, preGradient: dPre, stateGradient: dz)
  }

  /// The pullback from the output gradient: where the fused kernel runs, the pre-activations
  /// `z·W₂ᵀ` and `dΦ = g·W₁` never leave registers (no GEMM calls, no buffers in between; the same
  /// bits as the unfused path, which runs otherwise).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func backward(
    step t: Int, state z: UnsafePointer<Scalar>, outputGradient g: UnsafePointer<Scalar>, weights w: UnsafePointer<Scalar>,
    rows: Int, dimension m: Int, scratch: UnsafeMutablePointer<Scalar>, stateGradient dz: UnsafeMutablePointer<Scalar>,
    features phi: UnsafeMutablePointer<Scalar>
  ) {
    let ld = featureStride
    let dPre = preGradients.pointer + (t % FusedStep<Scalar>.gradientBlock) * rows * ld
    if ShallowKernels.fusedBackward(
      state: z, outputGradient: g, dimension: m, w2Transposed: w2Transposed.pointer, w1: w, hidden: featureCount,
      bias: h2.pointer, rows: rows, width: ld, clip: clipped ? 1 : 0, biasGradient: h2Gradient.pointer, into: dPre,
      features: phi)
    {
      finishBackward(step: t, state: z, preGradient: dPre, stateGradient: dz)
      return
    }
    backwardThroughProduct(
      step: t, state: z, outputGradient: g, weights: w, rows: rows, dimension: m, scratch: scratch, stateGradient: dz,
      features: phi)
  }

  /// The rest of the pullback once dPre of step t is in its row of the block (`dPre`):
  /// `dz += dPre·W₂`, and ∂W₂ at the end of a block.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  func finishBackward(
    step t: Int, state z: UnsafePointer<Scalar>, preGradient dPre: UnsafeMutablePointer<Scalar>,
    stateGradient dz: UnsafeMutablePointer<Scalar>
  ) {
    let (l, s, ld) = (featureCount, batchSize, featureStride)
    let block = FusedStep<Scalar>.gradientBlock
    // dz += dPre·W₂  (S × L)·(L × M)
    addLongProduct(UnsafePointer(dPre), lda: ld, UnsafePointer(w2.pointer), rows: s, n: dimension, k: l, into: dz)
    // ∂W₂ += dPreᵀ·z over the block t ..< t + block (z points at step t of the stacked inputs).
    if t % block == 0 {
      let count = Swift.min(block, steps - t) * s
      addTransposedProduct(
        UnsafePointer(dPre), lda: ld, z, ldb: dimension, rows: l, n: dimension, k: count, into: w2Gradient.pointer,
        ldc: dimension)
    }
  }

  /// The accumulated gradients `[∂W₂ (L × M), ∂h₂ (L)]`.
  public func parameterGradients() -> [Tensor<Scalar>] {
    [w2Gradient.tensor([featureCount, dimension]), h2Gradient.tensor([featureCount])]
  }

}
