import DSRDynamics
import DSRMeasures
import DSRModels
import DSRTensor
import Foundation

/// What a trained model became, in one line: after the last epoch the model runs freely from
/// the first complete training point and its orbit is classified (``OrbitClassification``: divergence, a
/// fixed point, a cycle of period k, a quasi-periodic or an irregular, chaos-like orbit), next
/// to D_stsp and D_H against the training data; a fixed point or divergence comes with what to
/// change.
public struct TrainingVerdict: Sendable, Equatable {
  /// The orbit's classification; nil for input-driven models, whose free run needs inputs.
  public var orbit: OrbitClassification.Verdict?
  /// D_stsp and D_H of the free run against the first training trajectory (the final monitor's).
  public var dstsp: Double
  /// D_H of the free run against the first training trajectory.
  public var dh: Double
  /// The name of the D_stsp variant ("binned" or "gmm").
  public var dstspMethod: String

  /// Steps of the free run that is classified: long enough to see a long chaotic transient end
  /// (a model trained 300 epochs on Lorenz-63 data at ρ = 35 wandered irregularly for about
  /// 30 000 steps before it settled on a stable fixed point).
  public static let steps = 100_000

  /// A transient at least this long (steps) is named in the verdict line.
  public static let longTransient = 1000

  /// Runs `system` freely from `x1` (in the model's units) and classifies the orbit.
  public static func assess<S: BLASScalar>(
    _ system: ReconstructedSystem<S>, from x1: Tensor<S>, dstsp: Double, dh: Double, dstspMethod: String
  ) throws -> TrainingVerdict {
    let (latent, _) = try system.generate(from: x1, steps: steps)
    let orbit = OrbitClassification.classify(latent) {
      let last = latent.rows((steps - 1)..<steps).reshaped([system.latentDimension])
      let options = LyapunovSpectrum.Options(steps: 10_000, transient: 0, count: 1)
      return LyapunovSpectrum.compute(system.model, from: last, options: options).maximal
    }
    return TrainingVerdict(orbit: orbit, dstsp: dstsp, dh: dh, dstspMethod: dstspMethod)
  }

  /// The one-line verdict, e.g. `Verdict: an irregular (chaos-like) orbit (λ_max = 0.0091 per
  /// step); against the training data D_stsp 0.71, D_H 0.064.`
  public var line: String {
    guard let orbit else {
      return "Verdict: an input-driven model (its orbit depends on the inputs and is not classified); "
        + "against the training data D_stsp \(format(dstsp)), D_H \(format(dh))."
    }
    var text = "Verdict: the model runs freely into \(orbit.kind.phrase)"
    if let settled = orbit.settledStep, settled >= Self.longTransient {
      text += " after a transient of \(settled) steps"
    }
    if let l = orbit.largestExponent, case .irregular = orbit.kind { text += " (λ_max = \(String(format: "%.3g", l)) per step)" }
    text += "; against the training data D_stsp \(format(dstsp)), D_H \(format(dh))."
    if let remedy { text += " " + remedy }
    return text
  }

  /// What to change when the model did not become a reconstruction (fixed point, divergence).
  public var remedy: String? {
    switch orbit?.kind {
    case .fixedPoint?:
      return "A fixed point is not a reconstruction of chaotic data: train longer (epochs), force less "
        + "(smaller gtf_alpha, or gtf_alpha_method=product_upper_bound), use longer windows (sequence_length) "
        + "or a larger model (hidden_dim); check that the data are sampled at ~20–200 points per period (`dsr data info`)."
    case .divergent?:
      return "The free run escapes: force more (larger gtf_alpha), use lat_model_regularization (e.g. 1e-4), "
        + "gradient_clipping_norm (e.g. 10), a smaller start_lr, and keep standardize=true."
    case .cycle?, .quasiPeriodic?, .irregular?, nil:
      return nil
    }
  }

  /// The record appended to metrics.jsonl: `{"dh":…,"dstsp":…,"epoch":…,"event":"verdict",
  /// "lambda_max":…,"orbit":"irregular","period":…}` (``RunEvent/verdict(_:)``).
  public func record(epoch: Int) -> RunEvent.VerdictRecord {
    var record = RunEvent.VerdictRecord(epoch: epoch, orbit: orbit?.kind.name, dstsp: dstsp, dh: dh, lambdaMax: orbit?.largestExponent)
    switch orbit?.kind {
    case .cycle(let period)?: record.period = period
    case .divergent(let step)?: record.escapeStep = step
    default: break
    }
    record.settledStep = orbit?.settledStep
    return record
  }

  func format(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "undefined" }
}
