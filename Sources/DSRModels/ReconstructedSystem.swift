import DSRDynamics
import DSRTensor

/// A trained reconstruction: latent model, observation model and optional external-input weights,
/// as the evaluation sees it (free-running generation and n-step prediction, gtf-shplrnn.md §1.9, §3.3).
///
/// With inputs `s_t ∈ ℝ^K`, a step is `z_t = F(z_{t−1}) + C·s_t`, exactly as in training.
public struct ReconstructedSystem<Scalar: BLASScalar>: Sendable {
  /// The latent map F.
  public var model: any LatentModel<Scalar>
  /// The map from latent states to observations.
  public var observation: ObservationModel<Scalar>
  /// C (M × K), or nil for an autonomous model.
  public var inputWeights: Tensor<Scalar>?

  /// A reconstruction from its parts; traps unless the model's M matches the observation model's and C is `M × K`.
  public init(model: any LatentModel<Scalar>, observation: ObservationModel<Scalar>, inputWeights: Tensor<Scalar>? = nil) {
    precondition(model.dimension == observation.latentDimension, "ReconstructedSystem: model M ≠ observation M")
    precondition(inputWeights.map { $0.rank == 2 && $0.shape[0] == model.dimension } ?? true, "ReconstructedSystem: C must be M × K")
    (self.model, self.observation, self.inputWeights) = (model, observation, inputWeights)
  }

  /// M, N and K.
  public var latentDimension: Int { model.dimension }
  /// N, the observation dimension.
  public var observedDimension: Int { observation.observedDimension }
  /// K, the number of external inputs (0 without input weights).
  public var inputDimension: Int { inputWeights?.shape[1] ?? 0 }

  /// Whether every parameter is finite.
  public var parametersAreFinite: Bool {
    (model.parameters + observation.parameters + (inputWeights.map { [$0] } ?? [])).allSatisfy { $0.scalars.allSatisfy(\.isFinite) }
  }

  /// Free-running generation from an observation: `z₁ = init_state(x₁)`, then `steps − 1`
  /// applications of the model (with inputs, row t adds `C·s_t` from row t of `inputs`).
  ///
  /// - Parameters:
  ///   - x1: the first observation, length N.
  ///   - steps: the number of rows returned, x₁'s own state included.
  ///   - inputs: `T' × K` with T' ≥ `steps` when the model has inputs; ignored rows beyond.
  /// - Returns: latent states (`steps × M`) and observations (`steps × N`). Once a state becomes
  ///   non-finite the rest of the trajectory is NaN.
  public func generate(from x1: Tensor<Scalar>, steps: Int, inputs: Tensor<Scalar>? = nil) throws -> (latent: Tensor<Scalar>, observed: Tensor<Scalar>) {
    precondition(x1.count == observedDimension, "generate: x₁ has \(x1.count) values, N = \(observedDimension)")
    precondition(steps >= 1, "generate: steps must be ≥ 1")
    try checkInputs(inputs, rows: steps)
    let m = latentDimension
    let z1 = try observation.initialStates(x1.reshaped([1, observedDimension]))
    var out = [Scalar](repeating: .nan, count: steps * m)
    let kernel = model.fusedStep()
    kernel.load(parameters: model.parameters, batchSize: 1, steps: 1)
    let k = inputDimension
    let c = inputWeights?.scalars ?? [], s = inputs?.scalars ?? []
    out.withUnsafeMutableBufferPointer { o in
      let base = o.baseAddress!
      for j in 0..<m { base[j] = z1.scalars[j] }
      for t in 1..<steps {
        let previous = base + (t - 1) * m, next = base + t * m
        kernel.forward(step: 0, state: previous, into: next)
        if k > 0 {
          for i in 0..<m {
            var acc: Scalar = 0
            for j in 0..<k { acc += c[i * k + j] * s[t * k + j] }
            next[i] += acc
          }
        }
        var finite = true
        for j in 0..<m where !next[j].isFinite { finite = false }
        if !finite {
          // Once non-finite, the rest of the trajectory is NaN.
          for j in (t * m)..<(steps * m) { base[j] = .nan }
          break
        }
      }
    }
    let latent = Tensor(shape: [steps, m], scalars: out)
    return (latent, observation.observe(latent))
  }

  /// The n-step prediction error PE(n) on `x` (`T × N`), gtf-shplrnn.md §3.3: from every
  /// t = 1…T−n, `z = init_state(x_t)`, n un-forced steps (inputs of rows t+1…t+n), then the mean
  /// over all (T−n)·N entries of `(O(z) − x_{t+n})²`. An MSE, not normalised; NaN if T ≤ n.
  ///
  /// Data with gaps (rows with NaN, missing samples): only the start points whose n + 1 rows
  /// t…t+n are all complete count (``CompleteWindows``); NaN when there is none. A non-finite
  /// *prediction* from a complete window still makes the result non-finite.
  ///
  /// Start points are processed in chunks of `chunk` so memory stays bounded for long series.
  public func predictionError(on x: Tensor<Scalar>, steps n: Int, inputs: Tensor<Scalar>? = nil, chunk: Int = 4096) throws -> Double {
    precondition(x.rank == 2 && x.shape[1] == observedDimension, "predictionError: data must be T × \(observedDimension)")
    precondition(n >= 1, "predictionError: n must be ≥ 1")
    let t = x.shape[0]
    try checkInputs(inputs, rows: t)
    guard t > n else { return .nan }
    let count = t - n, nObs = observedDimension, m = latentDimension
    let complete = x.scalars.allSatisfy(\.isFinite) ? nil : CompleteWindows.starts(x, steps: n)
    let used = complete.map { $0.filter { $0 }.count } ?? count
    guard used > 0 else { return .nan }
    let kernel = model.fusedStep()
    var sum = 0.0
    var start = 0
    var loadedRows = -1
    while start < count {
      let rows = min(chunk, count - start)
      if rows != loadedRows {
        kernel.load(parameters: model.parameters, batchSize: rows, steps: 1)
        loadedRows = rows
      }
      // States as rows (rows × M), the fused kernels' layout.
      var z = try observation.initialStates(x.rows(start..<(start + rows)))
      var next = Tensor<Scalar>(zeros: [rows, m])
      for i in 1...n {
        z.scalars.withUnsafeBufferPointer { zp in
          next.scalars.withUnsafeMutableBufferPointer { np in kernel.forward(step: 0, state: zp.baseAddress!, into: np.baseAddress!) }
        }
        if let c = inputWeights, let inputs {
          next = next + inputs.rows((start + i)..<(start + i + rows)).matmul(c, transposeOther: true)
        }
        swap(&z, &next)
      }
      let predicted = observation.observe(z)
      let target = x.rows((start + n)..<(start + n + rows))
      for r in 0..<rows where complete?[start + r] ?? true {
        for i in (r * nObs)..<((r + 1) * nObs) {
          let d = Double(predicted.scalars[i]) - Double(target.scalars[i])
          sum += d * d
        }
      }
      start += rows
    }
    return sum / Double(used * nObs)
  }

  func checkInputs(_ inputs: Tensor<Scalar>?, rows: Int) throws {
    switch (inputWeights, inputs) {
    case (nil, nil): return
    case (nil, .some): throw ReconstructionError.unexpectedInputs
    case (.some, nil): throw ReconstructionError.missingInputs(dimension: inputDimension)
    case (.some(let c), .some(let s)):
      guard s.rank == 2, s.shape[1] == c.shape[1] else {
        throw ReconstructionError.inputShape(expected: c.shape[1], got: s.shape)
      }
      guard s.shape[0] >= rows else { throw ReconstructionError.inputsTooShort(rows: s.shape[0], needed: rows) }
    }
  }
}

/// Why a reconstruction cannot be run on the given inputs.
public enum ReconstructionError: Error, CustomStringConvertible, Equatable {
  /// The model takes `dimension` inputs per step but none were given.
  case missingInputs(dimension: Int)
  /// Inputs were given to a model without input weights.
  case unexpectedInputs
  /// The inputs are not a `T × K` matrix for the model's K (`expected`).
  case inputShape(expected: Int, got: [Int])
  /// The inputs have fewer rows than the steps that need them.
  case inputsTooShort(rows: Int, needed: Int)
  /// The data has no row without NaN, so there is no observed state to start a free run from.
  case noCompleteRow

  /// The problem and how to fix it.
  public var description: String {
    switch self {
    case .missingInputs(let k): return "the model takes \(k) external inputs per step but none were given (pass the inputs file that belongs to the data)"
    case .unexpectedInputs: return "the model has no external inputs but inputs were given (drop the inputs file)"
    case .inputShape(let k, let shape): return "inputs have shape \(shape) but the model takes T × \(k) (check the inputs file)"
    case .inputsTooShort(let r, let needed): return "inputs have \(r) rows but \(needed) are needed (give inputs at least as long as the data)"
    case .noCompleteRow: return "every row of the data has a missing value (NaN), so no free run can start from it (give data with observed rows)"
    }
  }
}
