import DSRTensor

/// What ``Trainer/trainBatch(indexInEpoch:)`` reports to ``Trainer/batchObserver`` about one
/// training batch, after the backward pass and before the optimiser step.
///
/// It holds everything another implementation needs to recompute the batch: the windows, the
/// parameters the batch was evaluated at, its losses and the gradient the optimiser receives (that
/// of L_tr + L_reg, after the W-diagonal rule, before clipping). Used by the experiment layer's
/// batch trace (`DSR_TRACE_BATCHES`) to compare dsr step by step with an independent trainer.
public struct BatchObservation<Scalar: BLASScalar> {
  /// The global optimiser step this batch's update becomes (1-based).
  public var step: Int
  /// sₑ, the batch's 1-based index within its epoch.
  public var indexInEpoch: Int
  /// The batch's windows, in batch order.
  public var windows: [BatchWindow]
  /// The batch's losses at ``parameters``.
  public var loss: BatchLoss
  /// The forcing strength α the batch was trained with.
  public var alpha: Double
  /// The learning rate of the update.
  public var learningRate: Double
  /// The names of ``parameters`` and ``gradients`` (``Trainer/parameterNames``).
  public var names: [String]
  /// The parameters before the update (``Trainer/parameters`` order).
  public var parameters: [Tensor<Scalar>]
  /// ∂(L_tr + L_reg)/∂parameters as handed to the optimiser.
  public var gradients: [Tensor<Scalar>]
}

extension Trainer {
  /// Reports the batch just computed to ``batchObserver`` (if any).
  func reportBatch(indexInEpoch: Int, loss: BatchLoss, gradients: [Tensor<Scalar>]) {
    guard let batchObserver else { return }
    batchObserver(
      BatchObservation(
        step: optimizer.step + 1, indexInEpoch: indexInEpoch, windows: lastWindows, loss: loss, alpha: alpha,
        learningRate: schedule.rate(atStep: optimizer.step + 1), names: parameterNames, parameters: parameters,
        gradients: gradients))
  }
}
