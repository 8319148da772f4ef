import DSRAutodiff
import DSRData
import DSRDynamics
import DSRModels
import DSRTensor

/// The losses of one batch.
public struct BatchLoss: Sendable, Equatable {
  /// L_tr, the MSE of the un-forced predictions.
  public var training: Double
  /// L_reg.
  public var regularization: Double
  /// L_tr + L_reg.
  public var total: Double { training + regularization }
}

/// Trains a latent model and its observation model with generalized or sparse teacher forcing.
///
/// One batch (gtf-shplrnn.md §2.9), with T̃ = `sequence_length`:
///
///     X̃ ← S windows of T̃+1 rows (+ σₙ·N(0,1) noise)        time-major, X̃_t is S × N
///     Ẑ_t ← forcing signals of X̃_t (no gradient)           Identity [x, 0]; Affine x·pinv(B)ᵀ
///     α-update on batches k, 2k, … of an epoch (adaptive GTF)
///     z̃_0 ← init(X̃_0)                                      Identity [x, x·Lᵀ]; Affine x·pinv(B)ᵀ
///     for t = 1…T̃:
///         z_t ← F(z̃_{t−1}) (+ u_t·Cᵀ)                      the fused model step
///         z̃_t ← z_t, and on the D forced units (D = N with partial forcing, else M):
///               GTF:        z̃_t ← (1−α)·z_t + α·Ẑ_t
///               sparse TF:  z̃_t ← Ẑ_t when t mod τ = 0
///     L = mean over (t, s, n) of (O(z_t) − X̃_t)²  +  L_reg      (the un-forced z_t)
///
/// Missing values (NaN in the data, windows drawn by ``BatchSampler``): a row of X̃_t with a
/// missing value is not forced (α_t = 0 for that sample at that step: the model runs freely
/// through the gap), the missing values are left out of L (the mean is over the observed
/// values), and for the adaptive-α estimate the forcing signal of such a row is the previous row's
/// (carried forward). A batch without missing values takes exactly the gap-free path.
///
/// followed by the hand-written backward sweep through the same loop, the W-diagonal rule,
/// clipping, the optimiser and the learning-rate schedule. Sparse TF is the same recurrence with
/// α_t ∈ {0, 1}, so the forced units of a replaced state pass no gradient back.
///
/// The trainer is deterministic: all randomness comes from ``rng``, and with one BLAS thread the
/// same state gives the same numbers.
public final class Trainer<Scalar: BLASScalar> {
  /// The model being trained.
  public private(set) var model: any LatentModel<Scalar>
  /// The observation model being trained.
  public private(set) var observation: ObservationModel<Scalar>
  /// External-input weights C (M × K), or nil without inputs.
  public private(set) var inputWeights: Tensor<Scalar>?
  /// The validated training settings, with an ``AlphaMethod/automatic`` estimator replaced by the
  /// one it chose for the training data.
  public let settings: TrainingSettings
  /// Draws the batches' windows from the training data.
  public let sampler: BatchSampler<Scalar>
  /// The current forcing strength α (GTF).
  public var alpha: Double
  /// The optimiser and its state (moments and step count).
  public var optimizer: Optimizer<Scalar>
  /// The learning-rate schedule.
  public let schedule: LearningRateSchedule
  /// The training random stream (windows and noise).
  public var rng: RandomGenerator
  /// Called with every training batch before its update (debugging; see ``BatchObservation``).
  public var batchObserver: ((BatchObservation<Scalar>) -> Void)?
  /// The windows of the latest batch.
  public internal(set) var lastWindows: [BatchWindow] = []

  let kernel: FusedStep<Scalar>
  /// With `threads` = k > 1: the k shards' row ranges of the batch and one kernel each (empty
  /// with one thread, which runs the whole batch through ``kernel``).
  let shards: [Range<Int>]
  let shardKernels: [FusedStep<Scalar>]
  let m: Int, n: Int, k: Int, s: Int, steps: Int, forced: Int
  let observations = Buffer<Scalar>(), inputs = Buffer<Scalar>()
  let signals = Buffer<Scalar>(), predictions = Buffer<Scalar>(), residuals = Buffer<Scalar>()
  let state = Buffer<Scalar>(), gradient = Buffer<Scalar>(), stateGradient = Buffer<Scalar>()
  let pseudoInverse = Buffer<Scalar>(), bMatrix = Buffer<Scalar>(), cMatrix = Buffer<Scalar>()
  /// Bᵀ (M × N), so that the per-step observation product is a plain GEMM.
  let bTransposed = Buffer<Scalar>()
  var forcingWeights: [Scalar] = []
  /// Missing values in the current batch: whether there are any, the observation-buffer indices
  /// of those in rows t ≥ 1 (ascending, so step t's are `missingEntries[missingOffsets[t]..<
  /// missingOffsets[t + 1]]`), and per row of the batch 1 when it is complete, 0 when it is not
  /// (time-major, (T̃ + 1)·S).
  var batchHasMissing = false
  var missingEntries: [Int] = [], missingOffsets: [Int] = [], rowComplete: [Scalar] = []
  /// The number of observed values in rows 1…T̃ (the loss's denominator).
  var observedCount = 0
  /// ∂L_tr/∂r for a residual r: 2 over the number of observed values (0 without any).
  var residualScale: Scalar { observedCount > 0 ? Scalar(2) / Scalar(observedCount) : 0 }
  /// α estimation: the batch's Jacobians (S·T̃ matrices M × M, Double, time-major), the model's
  /// Jacobian scratch and the estimator's scratch; sized on the first estimate.
  let jacobianBuffer = Buffer<Double>(), growthScratch = Buffer<Double>()
  let jacobianWorkspace = JacobianWorkspace()

  /// A trainer for `model` and `observation` on `data`.
  ///
  /// - Throws: ``TrainingError`` for settings that cannot work with this model or data.
  public init(
    model: any LatentModel<Scalar>, observation: ObservationModel<Scalar>, inputWeights: Tensor<Scalar>?,
    data: Dataset<Scalar>, settings: TrainingSettings, rng: RandomGenerator
  ) throws {
    var settings = settings
    if case .generalized(var gtf) = settings.forcing, gtf.method == .automatic {
      gtf.method = gtf.method.resolved(for: data)
      settings.forcing = .generalized(gtf)
    }
    (self.model, self.observation, self.inputWeights, self.settings, self.rng) = (model, observation, inputWeights, settings, rng)
    sampler = try BatchSampler(data: data, sequenceLength: settings.sequenceLength)
    (m, n, k) = (model.dimension, data.observedDimension, data.inputDimension)
    (s, steps) = (settings.batchSize, settings.sequenceLength)
    forced = settings.partialForcing ? n : m
    precondition(observation.observedDimension == n && observation.latentDimension == m, "Trainer: observation model dimensions")
    precondition((inputWeights == nil) == (k == 0), "Trainer: input weights must match the data's inputs")
    if case .generalized(let gtf) = settings.forcing {
      alpha = gtf.alpha
      if gtf.method == .jacobianUpperBound && !(model is any JacobianNormBounded<Scalar>) {
        throw TrainingError.invalidSetting(
          key: "gtf_alpha_method", message: "jacobian_upper_bound is defined only for the shallow PLRNNs, not \(model.referenceName)",
          remedy: "use product_upper_bound, batch_maximum, explog_approx or arithmetic_mean")
      }
    } else {
      alpha = 0
    }
    optimizer = Optimizer(kind: settings.optimizer, shapes: Self.parameterList(model, observation, inputWeights).map(\.shape),
                          clippingNorm: settings.gradientClippingNorm)
    schedule = LearningRateSchedule(
      start: settings.startLearningRate, end: settings.endLearningRate, epochs: settings.epochs,
      batchesPerEpoch: settings.batchesPerEpoch)
    kernel = model.fusedStep()
    guard settings.threads >= 1 else {
      throw TrainingError.invalidSetting(key: "threads", message: "must be at least 1, got \(settings.threads)", remedy: "1 computes a batch on one core")
    }
    let shardCount = Swift.min(settings.threads, settings.batchSize)
    shards = shardCount > 1
      ? (0..<shardCount).map { ($0 * settings.batchSize / shardCount)..<(($0 + 1) * settings.batchSize / shardCount) } : []
    shardKernels = shards.map { _ in model.fusedStep() }
    observations.reserve((steps + 1) * s * n)
    inputs.reserve((steps + 1) * s * k)
    signals.reserve((steps + 1) * s * m)
    predictions.reserve(steps * s * m)
    residuals.reserve(steps * s * n)
    for b in [state, gradient, stateGradient] { b.reserve(s * m) }
    forcingWeights = [Scalar](repeating: 0, count: steps + 1)
    observedCount = steps * s * n
    if sampler.hasMissingValues {
      // Sized once: a batch with gaps then allocates nothing either.
      missingOffsets = [Int](repeating: 0, count: steps + 2)
      rowComplete = [Scalar](repeating: 1, count: (steps + 1) * s)
    }
  }

  /// Every trainable array in the trainer's order: the latent model's, the observation model's, then C.
  public static func parameterList(
    _ model: any LatentModel<Scalar>, _ observation: ObservationModel<Scalar>, _ c: Tensor<Scalar>?
  ) -> [Tensor<Scalar>] {
    model.parameters + observation.parameters + (c.map { [$0] } ?? [])
  }

  /// Every trainable array: the latent model's, then the observation model's, then C.
  public var parameters: [Tensor<Scalar>] {
    get { Self.parameterList(model, observation, inputWeights) }
    set {
      let p = model.parameters.count, q = observation.parameters.count
      model.parameters = Array(newValue[0..<p])
      observation.parameters = Array(newValue[p..<(p + q)])
      if inputWeights != nil { inputWeights = newValue[p + q] }
    }
  }

  /// The names of ``parameters`` (`"B"`, `"L"` and `"C"` after the model's own).
  public var parameterNames: [String] {
    type(of: model).parameterNames + observation.parameterNames + (inputWeights == nil ? [] : ["C"])
  }

  /// The number of optimiser steps taken (global batch counter).
  public var stepCount: Int { optimizer.step }

  /// Trains on one batch; `indexInEpoch` is the 1-based batch counter sₑ within the epoch.
  ///
  /// - Returns: the batch's losses, computed before the update.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func trainBatch(indexInEpoch: Int) throws -> BatchLoss {
    try prepareBatch(noise: settings.noiseLevel, using: &rng)
    if case .generalized(let gtf) = settings.forcing, gtf.method != .constant, indexInEpoch % gtf.updateInterval == 0 {
      let estimate = try estimateAlpha(gtf.method)
      alpha = AlphaEstimation.anneal(current: alpha, estimate: estimate, decay: gtf.decay)
    }
    let training = forward()
    var grads = try backward()
    let regularization = addRegularization(into: &grads)
    if type(of: model).keepsZeroDiagonal {
      let iw = type(of: model).affineIndices.w
      for i in 0..<m { grads[iw].scalars[i * m + i] = 0 }
    }
    reportBatch(indexInEpoch: indexInEpoch, loss: BatchLoss(training: training, regularization: regularization), gradients: grads)
    var p = parameters
    optimizer.update(&p, gradients: grads, learningRate: schedule.rate(atStep: optimizer.step + 1))
    parameters = p
    return BatchLoss(training: training, regularization: regularization)
  }

  /// The losses of a fresh batch without noise and without an update (monitoring).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func evaluateBatch(using generator: inout RandomGenerator) throws -> BatchLoss {
    try prepareBatch(noise: 0, using: &generator)
    let training = forward()
    var grads = parameters.map { Tensor<Scalar>(zeros: $0.shape) }
    return BatchLoss(training: training, regularization: addRegularization(into: &grads))
  }

  /// Whether every parameter is finite.
  public var parametersAreFinite: Bool { parameters.allSatisfy { $0.scalars.allSatisfy(\.isFinite) } }

  // MARK: - the batch

  /// Samples the batch, adds noise, loads the parameters and forms the forcing signals.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  func prepareBatch(noise: Double, using generator: inout RandomGenerator) throws {
    sampler.sample(
      batchSize: s, using: &generator, observations: observations.pointer, inputs: k > 0 ? inputs.pointer : nil,
      windows: &lastWindows)
    if noise > 0 {
      for i in 0..<((steps + 1) * s * n) { observations[i] += generator.normal(standardDeviation: Scalar(noise)) }
    }
    if sampler.hasMissingValues { maskMissingValues() }
    try loadParameters()
    let rows = (steps + 1) * s
    switch observation.kind {
    case .identity:
      // ẑ = [x, 0] row by row.
      let x = UnsafePointer(observations.pointer), zhat = signals.pointer
      for r in 0..<rows {
        let xr = x + r &* n, zr = zhat + r &* m
        for j in 0..<n { zr[j] = xr[j] }
        for j in n..<m { zr[j] = 0 }
      }
    case .affine:
      gemm(observations.pointer, pseudoInverse.pointer, transposeB: true, m: rows, n: m, k: n, into: signals.pointer)
    }
    if batchHasMissing { carrySignalsForward() }
  }

  /// Finds the batch's missing values, sets them to 0 (they then add nothing to the loss once the
  /// residuals are masked) and records where they are (``missingEntries``, ``rowComplete``).
  func maskMissingValues() {
    missingEntries.removeAll(keepingCapacity: true)
    for i in rowComplete.indices { rowComplete[i] = 1 }
    for t in 0...steps {
      missingOffsets[t] = missingEntries.count
      for row in 0..<s {
        let base = (t * s + row) * n
        for j in 0..<n where observations[base + j].isNaN {
          observations[base + j] = 0
          rowComplete[t * s + row] = 0
          if t > 0 { missingEntries.append(base + j) }
        }
      }
    }
    missingOffsets[steps + 1] = missingEntries.count
    batchHasMissing = rowComplete.contains(0)
    observedCount = steps * s * n - missingEntries.count
  }

  /// Replaces the forcing signal of every incomplete row (t ≥ 1) by the same sample's signal one
  /// step earlier; row 0 of a window is complete (``BatchSampler``). Only the α estimate reads
  /// these rows: the forcing skips them.
  func carrySignalsForward() {
    for t in 1...steps {
      for row in 0..<s where rowComplete[t * s + row] == 0 {
        (signals.pointer + (t * s + row) * m).update(from: signals.pointer + ((t - 1) * s + row) * m, count: m)
      }
    }
  }

  /// Copies the current parameters into the kernel and the work buffers (B, pinv(B), C). The
  /// forcing signals are not recomputed: within a batch they are constants.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  func loadParameters() throws {
    if shards.isEmpty {
      kernel.load(parameters: model.parameters, batchSize: s, steps: steps)
    } else {
      for (rows, shardKernel) in zip(shards, shardKernels) { shardKernel.load(parameters: model.parameters, batchSize: rows.count, steps: steps) }
    }
    if observation.kind == .affine {
      pseudoInverse.load(try observation.inverse())  // M × N
      bMatrix.load(observation.parameters[0])
      bTransposed.load(observation.parameters[0].transposed())
    }
    if let c = inputWeights { cMatrix.load(c) }
  }

  /// The unrolled forward pass; returns L_tr.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  func forward() -> Double {
    // The forcing weight α_t of each step: α for GTF; 1 at multiples of τ, else 0, for sparse TF.
    for t in 1...steps {
      switch settings.forcing {
      case .generalized: forcingWeights[t] = Scalar(alpha)
      case .sparse(let tau): forcingWeights[t] = t % tau == 0 ? 1 : 0
      }
    }
    // z̃_0
    switch observation.kind {
    case .identity:
      let l = observation.parameters.first
      for r in 0..<s {
        for j in 0..<n { state[r * m + j] = observations[r * n + j] }
      }
      if let l {
        l.scalars.withUnsafeBufferPointer { lp in
          Tensor<Scalar>.gemm(
            transA: false, transB: true, m: s, n: m - n, k: n, alpha: 1, a: observations.pointer, lda: n,
            b: lp.baseAddress!, ldb: n, beta: 0, c: state.pointer + n, ldc: m)
        }
      }
    case .affine:
      gemm(observations.pointer, pseudoInverse.pointer, transposeB: true, m: s, n: m, k: n, into: state.pointer)
    }
    let sum: Double
    if shards.isEmpty {
      sum = forwardSweep(rows: 0..<s, kernel: kernel)
    } else {
      // Each shard writes only its own rows; the sum is taken in shard order.
      var sums = [Double](repeating: 0, count: shards.count)
      sums.withUnsafeMutableBufferPointer { out in
        parallelShards(shards.count) { i in out[i] = forwardSweep(rows: shards[i], kernel: shardKernels[i]) }
      }
      sum = sums.reduce(0, +)
    }
    return observedCount > 0 ? sum / Double(observedCount) : 0
  }

  /// The forward sweep over steps 1…T̃ of the batch rows `rows` (all of them with one thread)
  /// with `kernel`; returns their sum of squared residuals.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  func forwardSweep(rows range: Range<Int>, kernel: FusedStep<Scalar>) -> Double {
    let lo = range.lowerBound, rows = range.count
    var sum: Double = 0
    // Plain pointers in the loops: the buffers' addresses do not change within a batch.
    let current = state.pointer + lo * m
    for t in 1...steps {
      let z = predictions.pointer + ((t - 1) * s + lo) * m
      kernel.forward(step: t - 1, state: current, into: z)
      if k > 0 {
        gemm(inputs.pointer + (t * s + lo) * k, cMatrix.pointer, transposeB: true, m: rows, n: m, k: k, beta: 1, into: z)
      }
      let x = observations.pointer + (t * s + lo) * n, r = residuals.pointer + ((t - 1) * s + lo) * n
      switch observation.kind {
      case .identity:
        for row in 0..<rows {
          let zr = UnsafePointer(z + row &* m), xr = x + row &* n, rr = r + row &* n
          for j in 0..<n { rr[j] = zr[j] - xr[j] }
        }
      case .affine:
        gemm(z, bTransposed.pointer, m: rows, n: n, k: m, into: r)
        for i in 0..<(rows * n) { r[i] -= x[i] }
      }
      if batchHasMissing {
        let origin = (t * s + lo) * n, end = (t * s + range.upperBound) * n
        for i in missingEntries[missingOffsets[t]..<missingOffsets[t + 1]] where i >= origin && i < end { r[i - origin] = 0 }
      }
      sum += Double(sumOfSquares(UnsafePointer(r), count: rows * n))
      // z̃_t = (1 − α_t)·z_t + α_t·ẑ_t in the forced coordinates, z_t in the others.
      let a = forcingWeights[t], keep = 1 - a
      let zhat = UnsafePointer(signals.pointer + (t * s + lo) * m)
      if a == 0 {
        current.update(from: z, count: rows * m)
      } else if batchHasMissing {
        // An incomplete row is not forced: α_t = 0 for that sample.
        for row in 0..<rows {
          let o = row &* m, ar = a * rowComplete[t * s + lo + row], kr = 1 - ar
          let cr = current + o, zr = UnsafePointer(z + o), hr = zhat + o
          for j in 0..<forced { cr[j] = kr * zr[j] + ar * hr[j] }
          for j in forced..<m { cr[j] = zr[j] }
        }
      } else {
        for row in 0..<rows {
          let o = row &* m
          let cr = current + o, zr = UnsafePointer(z + o), hr = zhat + o
          for j in 0..<forced { cr[j] = keep * zr[j] + a * hr[j] }
          for j in forced..<m { cr[j] = zr[j] }
        }
      }
    }
    return sum
  }

  /// The backward sweep; returns the gradient of L_tr for every array of ``parameters``.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  func backward() throws -> [Tensor<Scalar>] {
    let c = residualScale
    stateGradient.zero(s * m)
    var inputGradient: Tensor<Scalar>?
    var modelGradients: [Tensor<Scalar>]
    if shards.isEmpty {
      inputGradient = backwardSweep(rows: 0..<s, kernel: kernel)
      modelGradients = kernel.parameterGradients()
    } else {
      // Each shard writes only its own rows of the state gradient; the parameter gradients are
      // summed in shard order.
      var parts = [Tensor<Scalar>?](repeating: nil, count: shards.count)
      parts.withUnsafeMutableBufferPointer { out in
        parallelShards(shards.count) { i in out[i] = backwardSweep(rows: shards[i], kernel: shardKernels[i]) }
      }
      modelGradients = shardKernels[0].parameterGradients()
      for shardKernel in shardKernels.dropFirst() {
        for (i, g) in shardKernel.parameterGradients().enumerated() { modelGradients[i] = modelGradients[i] + g }
      }
      inputGradient = parts[0]
      for part in parts.dropFirst() { if let part { inputGradient = inputGradient! + part } }
    }
    var observationGradients: [Tensor<Scalar>] = []
    switch observation.kind {
    case .identity:
      if !observation.parameters.isEmpty {
        var gl = [Scalar](repeating: 0, count: (m - n) * n)
        gl.withUnsafeMutableBufferPointer {
          Tensor<Scalar>.gemm(
            transA: true, transB: false, m: m - n, n: n, k: s, alpha: 1, a: stateGradient.pointer + n, lda: m,
            b: observations.pointer, ldb: n, beta: 0, c: $0.baseAddress!, ldc: n)
        }
        observationGradients = [Tensor(shape: [m - n, n], scalars: gl)]
      }
    case .affine:
      // Through the loss: ∂B = c·Σ_t R_tᵀ·Z_t.
      var gb = [Scalar](repeating: 0, count: n * m)
      gb.withUnsafeMutableBufferPointer {
        gemm(residuals.pointer, transposeA: true, predictions.pointer, m: n, n: m, k: steps * s, alpha: c, into: $0.baseAddress!)
      }
      // Through the initial state z̃_0 = x_0·pinv(B)ᵀ: ∂pinv(B) = (∂z̃_0)ᵀ·x_0, then pinv's pullback.
      var gp = [Scalar](repeating: 0, count: m * n)
      gp.withUnsafeMutableBufferPointer {
        gemm(stateGradient.pointer, transposeA: true, observations.pointer, m: m, n: n, k: s, into: $0.baseAddress!)
      }
      // pinv(B) as loaded for this batch (no second SVD).
      let throughInverse = pseudoInversePullback(
        observation.parameters[0], pseudoInverse: pseudoInverse.tensor([m, n]), cotangent: Tensor(shape: [m, n], scalars: gp))
      observationGradients = [Tensor(shape: [n, m], scalars: gb) + throughInverse]
    }
    return modelGradients + observationGradients + (inputGradient.map { [$0] } ?? [])
  }

  /// The backward sweep over steps T̃…1 of the batch rows `rows` with `kernel` (which records
  /// its parameter gradients); writes those rows of ``stateGradient`` (∂z̃_0 at the end) and
  /// returns their gradient of C (nil without inputs).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  func backwardSweep(rows range: Range<Int>, kernel: FusedStep<Scalar>) -> Tensor<Scalar>? {
    let lo = range.lowerBound, rows = range.count
    let c = residualScale
    var inputGradient = inputWeights.map { Tensor<Scalar>(zeros: $0.shape) }
    // Plain pointers in the loops: the buffers' addresses do not change within a batch.
    let g = gradient.pointer + lo * m, dzMutable = stateGradient.pointer + lo * m, dz = UnsafePointer(dzMutable)
    for t in stride(from: steps, through: 1, by: -1) {
      let a = forcingWeights[t]
      for row in 0..<rows {
        let keep = batchHasMissing ? 1 - a * rowComplete[t * s + lo + row] : 1 - a
        let gr = g + row &* m, dzr = dz + row &* m
        for j in 0..<forced { gr[j] = keep * dzr[j] }
        for j in forced..<m { gr[j] = dzr[j] }
      }
      let r = UnsafePointer(residuals.pointer + ((t - 1) * s + lo) * n)
      switch observation.kind {
      case .identity:
        for row in 0..<rows {
          let gr = g + row &* m, rr = r + row &* n
          for j in 0..<n { gr[j] += c * rr[j] }
        }
      case .affine:
        gemm(r, bMatrix.pointer, m: rows, n: m, k: n, alpha: c, beta: 1, into: g)
      }
      if inputGradient != nil {
        inputGradient!.scalars.withUnsafeMutableBufferPointer {
          gemm(g, transposeA: true, inputs.pointer + (t * s + lo) * k, m: m, n: k, k: rows, beta: 1, into: $0.baseAddress!)
        }
      }
      kernel.backward(step: t - 1, outputGradient: g, into: dzMutable)
    }
    return inputGradient
  }

  /// Adds the regularisers' gradients to `grads`; returns L_reg.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  func addRegularization(into grads: inout [Tensor<Scalar>]) -> Double {
    var value: Scalar = 0
    let p = model.parameters.count
    func add(_ part: [Tensor<Scalar>], at offset: Int) {
      for (i, g) in part.enumerated() {
        grads[offset + i].scalars.withUnsafeMutableBufferPointer { target in
          g.scalars.withUnsafeBufferPointer { for j in 0..<$0.count { target[j] += $0[j] } }
        }
      }
    }
    if settings.marRatio > 0 {
      let (v, g) = openedMAR(model)
      value += v
      add(g, at: 0)
    } else if settings.latentRegularization > 0 {
      let (v, g) = model.latentRegularization(Scalar(settings.latentRegularization))
      value += v
      add(g, at: 0)
      if let c = inputWeights, type(of: model).regularizesInputWeights {
        let l = Scalar(settings.latentRegularization)
        value += l * (c * c).sum()
        grads[grads.count - 1] += c * (2 * l)
      }
    }
    if settings.observationRegularization > 0 {
      let (v, g) = Regularization.observation(observation, lambda: settings.observationRegularization)
      value += v
      add(g, at: p)
    }
    return Double(value)
  }

  func openedMAR<M: LatentModel<Scalar>>(_ model: M) -> (Scalar, [Tensor<Scalar>]) {
    let r = Regularization.manifoldAttractor(model, ratio: settings.marRatio, lambda: settings.marLambda)
    return (r.value, r.gradients)
  }

  // MARK: - adaptive α

  /// α̂ = max(0, 1 − 1/𝒩) from the current batch's forcing signals Ẑ_1…Ẑ_T̃ (all M units).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  func estimateAlpha(_ method: AlphaMethod) throws -> Double {
    if method == .jacobianUpperBound, let bounded = model as? any JacobianNormBounded<Scalar> {
      return AlphaEstimation.alpha(forGrowth: Double(try bounded.normUpperBound()))
    }
    return AlphaEstimation.alpha(forGrowth: alphaGrowth(method))
  }

  /// 𝒩 of `method` (a Jacobian-based one) at the current batch's forcing signals: the model's
  /// batched Jacobians of the S·T̃ states Ẑ_1…Ẑ_T̃ (rows 1…T̃ of ``signals``, time-major, so the
  /// state of sample p at step t is row `t·S + p`), in Double, reduced by the buffer estimator.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  func alphaGrowth(_ method: AlphaMethod) -> Double {
    let count = s * steps
    jacobianBuffer.reserve(count * m * m)
    model.jacobians(atStates: UnsafePointer(signals.pointer + s * m), count: count, into: jacobianBuffer.pointer, workspace: jacobianWorkspace)
    return AlphaEstimation.growth(
      method, jacobians: UnsafePointer(jacobianBuffer.pointer), dimension: m, sequences: s, steps: steps, scratch: growthScratch)
  }
}
