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

    /// Settings with the given D_stsp estimator; by default σ = 20, n = 20, seed 0 and a transient fraction of 0.25.
    public init(dstsp: StateSpaceDivergence.Method, smoothing: Double = 20, predictionSteps: Int = 20, seed: UInt64 = 0, transientFraction: Double = 0.25) {
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
    /// Why D_stsp is NaN (``UndefinedMeasure``); nil when it is a number or was not computed.
    public var dstspNote: String? = nil
    /// Why D_H is NaN; nil when it is a number or was not computed.
    public var dhNote: String? = nil
    /// Why PE(n) is not a number; nil when it is one or was not computed.
    public var peNote: String? = nil
  }

  /// Free-runs the system from `x`'s first row for ⌊(1 + f)·T⌋ steps (f = transient fraction;
  /// with inputs f is 0: the inputs only cover T rows), drops the first ⌊f·T⌋, and compares the
  /// remaining T rows with `x`: D_stsp(x, generated), D_H(x, generated), and PE(n) on `x`.
  ///
  /// - Returns: the values and the latent trajectory that was compared (T × M), e.g. as the start
  ///   of a Lyapunov computation.
  public static func measure<S: BLASScalar>(
    _ system: ReconstructedSystem<S>, on x: Tensor<S>, inputs: Tensor<S>? = nil, settings: Settings
  ) throws -> (values: Values, latent: Tensor<S>) {
    let t = x.shape[0]
    let fraction = inputs == nil ? settings.transientFraction : 0
    let transient = Int((Double(t) * fraction).rounded(.down))
    let total = Int((Double(t) * (1 + fraction)).rounded(.down))
    let (latent, observed) = try system.generate(from: x.row(0), steps: max(total, transient + t), inputs: inputs)
    let generated = observed.rows(transient..<(transient + t)).converted(to: Double.self)
    let kept = latent.rows(transient..<(transient + t))
    let truth = x.converted(to: Double.self)
    let finite = generated.scalars.allSatisfy(\.isFinite)
    var values = Values(dstsp: .nan, dh: .nan, pe: .nan, generatedFinite: finite)
    if finite {
      switch settings.dstsp {
      case .binned(let bins): values.dstsp = StateSpaceDivergence.binned(true: truth, generated: generated, bins: bins)
      case .gaussianMixture(let s):
        values.dstsp = StateSpaceDivergence.gaussianMixture(true: truth, generated: generated, scaling: s, seed: settings.seed)
      }
      if settings.smoothing >= 0 {
        values.dh = PowerSpectrumDistance.hellinger(true: truth, generated: generated, smoothing: settings.smoothing)
      }
    }
    if settings.predictionSteps > 0 {
      values.pe = try system.predictionError(on: x, steps: settings.predictionSteps, inputs: inputs)
      if !values.pe.isFinite { values.peNote = UndefinedMeasure.predictionError(rows: t, steps: settings.predictionSteps) }
    }
    let diverged = finite ? nil : "the generated trajectory became non-finite"
    if values.dstsp.isNaN { values.dstspNote = diverged ?? UndefinedMeasure.stateSpace(true: truth, generated: generated) }
    if values.dh.isNaN && settings.smoothing >= 0 {
      values.dhNote = diverged ?? UndefinedMeasure.powerSpectrum(true: truth, generated: generated)
    }
    return (values, kept)
  }
}
