import DSRModels
import DSRTensor

/// The three measures of a reconstruction against data, with the reference's generation protocol
/// (gtf-shplrnn.md §2.10 for training-time monitoring, §3.4 for the final evaluation).
public enum ReconstructionMeasures {
  /// Which measures and with what settings.
  public struct Settings: Sendable, Equatable {
    /// The D_stsp estimator (``StateSpaceDivergence/Method/reference(dimension:bins:scaling:)``
    /// picks the reference's choice).
    public var dstsp: StateSpaceDivergence.Method
    /// σ of the D_H spectrum smoothing in frequency bins (0 = none, negative = skip D_H).
    public var smoothing: Double
    /// n of PE(n) (≤ 0 = skip PE).
    public var predictionSteps: Int
    /// Seed of the GMM estimator's Monte-Carlo samples.
    public var seed: UInt64
    /// The fraction of the data length generated in addition and dropped as a transient: 0.25 in
    /// the final evaluation, 0 in training-time monitoring.
    public var transientFraction: Double

    /// Settings with the given D_stsp estimator, σ and n (a run's `PSE_smoothing` and `PE_n`, whose
    /// defaults the configuration states); by default seed 0 and a transient fraction of 0.25.
    public init(dstsp: StateSpaceDivergence.Method, smoothing: Double, predictionSteps: Int, seed: UInt64 = 0, transientFraction: Double = 0.25) {
      (self.dstsp, self.smoothing, self.predictionSteps, self.seed, self.transientFraction) =
        (dstsp, smoothing, predictionSteps, seed, transientFraction)
    }
  }

  /// The measured values (NaN = not computed or not finite).
  public struct Values: Sendable, Equatable {
    /// D_stsp.
    public var dstsp: Double
    /// D_H.
    public var dh: Double
    /// PE(n).
    public var pe: Double
    /// Whether the free-running trajectory stayed finite.
    public var generatedFinite: Bool
    /// What the free run does against the data's scale (``FreeRunHealth``), checked before D_stsp
    /// and D_H: a fixed point or a divergent run gets neither.
    public var health: FreeRunHealth = .alive
    /// PE(n) divided by the data's mean column variance (``PredictionBaseline``): 1 = as bad as
    /// predicting the data's mean.
    public var peNormalized = Double.nan
    /// The persistence baseline PE(n) of predicting x(t + n) = x(t), on the same start points and
    /// normalised the same way: a model that learned the dynamics scores below it.
    public var persistenceNormalized = Double.nan
    /// Why D_stsp is NaN (``UndefinedMeasure``); nil when it is a number or was not computed.
    public var dstspNote: String? = nil
    /// Why D_H is NaN; nil when it is a number or was not computed.
    public var dhNote: String? = nil
    /// Why PE(n) is not a number; nil when it is one or was not computed.
    public var peNote: String? = nil
  }

  /// Free-runs the system from `x`'s first complete row for ⌊(1 + f)·T⌋ steps (f = transient
  /// fraction; with inputs f is 0: the inputs only cover T rows), drops the first ⌊f·T⌋, checks
  /// the run's ``FreeRunHealth`` against the data's scale, and — unless it is a fixed point or
  /// divergent — compares the remaining T rows with `x`: D_stsp(x, generated), D_H(x, generated);
  /// PE(n) on `x` with its normalised value and the persistence baseline in any case.
  ///
  /// `x` may have gaps (rows with NaN, ``CompleteRows``): rows before the first complete one are
  /// skipped (T counts from there), D_stsp uses the complete rows, D_H the gap-free stretches and
  /// PE(n) the complete windows.
  ///
  /// - Returns: the values and the latent trajectory that was compared (T × M), e.g. as the start
  ///   of a Lyapunov computation.
  public static func measure<S: BLASScalar>(
    _ system: ReconstructedSystem<S>, on data: Tensor<S>, inputs allInputs: Tensor<S>? = nil, settings: Settings
  ) throws -> (values: Values, latent: Tensor<S>) {
    let all = data.converted(to: Double.self)
    // A free run starts from an observed state: skip leading missing rows.
    guard let first = CompleteRows.completeMask(all).firstIndex(of: true) else {
      throw ReconstructionError.noCompleteRow
    }
    let x = first > 0 ? data.rows(first..<data.shape[0]) : data
    let inputs = first > 0 ? allInputs?.rows(first..<allInputs!.shape[0]) : allInputs
    let t = x.shape[0]
    let fraction = inputs == nil ? settings.transientFraction : 0
    let transient = Int((Double(t) * fraction).rounded(.down))
    let total = Int((Double(t) * (1 + fraction)).rounded(.down))
    let (latent, observed) = try system.generate(from: x.row(0), steps: max(total, transient + t), inputs: inputs)
    let run = observed.rows(0..<(transient + t)).converted(to: Double.self)
    let generated = run.rows(transient..<(transient + t))
    let kept = latent.rows(transient..<(transient + t))
    let truth = x.converted(to: Double.self)
    let health = FreeRunHealth.assess(run, scale: FreeRunHealth.DataScale(data: truth), comparedFrom: transient)
    var values = Values(dstsp: .nan, dh: .nan, pe: .nan, generatedFinite: run.scalars.allSatisfy(\.isFinite), health: health)
    if !health.isDead {
      values.dstsp = StateSpaceDivergence.divergence(true: truth, generated: generated, method: settings.dstsp, seed: settings.seed)
      if settings.smoothing >= 0 {
        values.dh = PowerSpectrumDistance.hellinger(true: truth, generated: generated, smoothing: settings.smoothing)
      }
    }
    if settings.predictionSteps > 0 {
      let n = settings.predictionSteps
      values.pe = try system.predictionError(on: data, steps: n, inputs: allInputs)
      values.peNormalized = PredictionBaseline.normalized(values.pe, data: all)
      values.persistenceNormalized = PredictionBaseline.normalized(PredictionBaseline.persistenceError(all, steps: n), data: all)
      if !values.pe.isFinite { values.peNote = UndefinedMeasure.predictionError(data: all, steps: n) }
    }
    if values.dstsp.isNaN { values.dstspNote = health.reason ?? UndefinedMeasure.stateSpace(true: truth, generated: generated, method: settings.dstsp) }
    if values.dh.isNaN && settings.smoothing >= 0 {
      values.dhNote = health.reason ?? UndefinedMeasure.powerSpectrum(true: truth, generated: generated)
    }
    return (values, kept)
  }
}
