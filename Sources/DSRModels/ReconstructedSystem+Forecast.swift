import DSRTensor

extension ReconstructedSystem {
  /// Forecasts of `horizon` observations after each start row of `x` (T × N, the model's units).
  ///
  /// For a start row t: without warm-up, `z = init_state(x_t)` (as PE(n) starts); with a warm-up of
  /// W steps, `z = init_state(x_{t−W})` and W steps each followed by a synchronisation on the
  /// observed row, `z ← z + pinv(B)·(x_s − B·z)` (Identity: the N observed coordinates are set to
  /// x_s and the others keep the model's values; classic teacher forcing of what is observed, so the
  /// latent units the data do not show settle on the model's own dynamics). Then `horizon` free
  /// steps; row h of the result (0-based) is the observation of step h + 1, to be compared with
  /// x_{t+1+h}. With external inputs, step s adds C·u_s from row s of `inputs`.
  ///
  /// - Precondition: every start satisfies W ≤ t and t + horizon < T, and the rows used are complete.
  /// - Returns: one `horizon × N` forecast (Double) per start, in the order of `starts`. A forecast
  ///   that becomes non-finite stays NaN from there.
  public func forecasts(
    on x: Tensor<Scalar>, starts: [Int], horizon: Int, warmup: Int = 0, inputs: Tensor<Scalar>? = nil
  ) throws -> [Tensor<Double>] {
    let n = observedDimension, m = latentDimension, count = starts.count
    precondition(x.rank == 2 && x.shape[1] == n && horizon >= 1 && warmup >= 0, "forecasts: T × \(n) data, horizon ≥ 1, warmup ≥ 0")
    precondition(starts.allSatisfy { $0 >= warmup && $0 + horizon < x.shape[0] }, "forecasts: every start needs W rows before and H after")
    try checkInputs(inputs, rows: x.shape[0])
    guard count > 0 else { return [] }
    func gather(_ offset: Int, from source: Tensor<Scalar>) -> Tensor<Scalar> {
      let width = source.shape[1]
      return Tensor(shape: [count, width], scalars: starts.flatMap { Array(source.scalars[(($0 + offset) * width)..<(($0 + offset + 1) * width)]) })
    }
    let kernel = model.fusedStep()
    kernel.load(parameters: model.parameters, batchSize: count, steps: 1)
    var z = try observation.initialStates(gather(-warmup, from: x))
    var next = Tensor<Scalar>(zeros: [count, m])
    func step(_ offset: Int) {
      z.scalars.withUnsafeBufferPointer { zp in
        next.scalars.withUnsafeMutableBufferPointer { np in kernel.forward(step: 0, state: zp.baseAddress!, into: np.baseAddress!) }
      }
      if let c = inputWeights, let inputs { next = next + gather(offset, from: inputs).matmul(c, transposeOther: true) }
      swap(&z, &next)
    }
    let inverse: Tensor<Scalar>? = observation.kind == .affine && warmup > 0 ? try observation.inverse() : nil  // M × N
    for w in stride(from: warmup - 1, through: 0, by: -1) {
      step(-w)
      let observed = gather(-w, from: x)
      switch observation.kind {
      case .identity:
        for r in 0..<count { for j in 0..<n { z.scalars[r * m + j] = observed.scalars[r * n + j] } }
      case .affine:
        z = z + (observed - observation.observe(z)).matmul(inverse!, transposeOther: true)
      }
    }
    var out = [[Double]](repeating: [], count: count)
    var dead = [Bool](repeating: false, count: count)
    for r in out.indices { out[r].reserveCapacity(horizon * n) }
    for h in 1...horizon {
      step(h)
      let y = observation.observe(z)
      for r in 0..<count {
        let row = (0..<n).map { Double(y.scalars[r * n + $0]) }
        dead[r] = dead[r] || !row.allSatisfy(\.isFinite)
        out[r] += dead[r] ? [Double](repeating: .nan, count: n) : row
      }
    }
    return out.map { Tensor(shape: [horizon, n], scalars: $0) }
  }
}
