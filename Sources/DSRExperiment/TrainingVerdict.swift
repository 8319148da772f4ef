import DSRDynamics
import DSRMeasures
import DSRModels
import DSRTensor
import Foundation

/// What a trained model became, in one line: the model runs freely from several points of the
/// training data (``OrbitSurvey``), each orbit is classified (``OrbitClassification``:
/// divergence, a fixed point, a cycle of period k, a quasi-periodic or an irregular, chaos-like
/// orbit) and checked against the data's range, and the line says which share of the starts
/// reaches what, next to D_stsp and D_H against the training data; a model whose free runs
/// mostly die comes with what to change (``TrainingAdvice``).
public struct TrainingVerdict: Sendable, Equatable {
  /// The classification of the free run from the first training point; nil for input-driven
  /// models, whose free run needs inputs.
  public var orbit: OrbitClassification.Verdict?
  /// Every free run (the first is ``orbit``'s); nil for input-driven models.
  public var survey: OrbitSurvey? = nil
  /// D_stsp and D_H of the free run against the first training trajectory (the final monitor's).
  public var dstsp: Double
  /// D_H of the free run against the first training trajectory.
  public var dh: Double
  /// The name of the D_stsp variant ("binned" or "gmm").
  public var dstspMethod: String
  /// What to change (``TrainingAdvice``), nil when nothing is advised.
  public var advice: String? = nil
  /// How `model_selection = best` chose the model (nil under `last`).
  public var selection: ModelSelection.Decision? = nil

  /// A verdict on one classified orbit (nil: input-driven) with the measures.
  public init(orbit: OrbitClassification.Verdict?, dstsp: Double, dh: Double, dstspMethod: String) {
    (self.orbit, self.dstsp, self.dh, self.dstspMethod) = (orbit, dstsp, dh, dstspMethod)
  }

  /// A verdict on the free runs of `survey` (its first start is ``orbit``) with the measures.
  public init(survey: OrbitSurvey, dstsp: Double, dh: Double, dstspMethod: String) {
    self.init(orbit: survey.starts.first?.orbit, dstsp: dstsp, dh: dh, dstspMethod: dstspMethod)
    self.survey = survey
  }

  /// The fewest steps of each classified free run (``OrbitSurvey/steps(rows:latent:)``): long
  /// enough to see a long chaotic transient end (a model trained 300 epochs on Lorenz-63 data at
  /// ρ = 35 wandered irregularly for about 30 000 steps before it settled on a stable fixed point).
  public static let steps = 100_000

  /// A transient at least this long (steps) is named in the verdict line.
  public static let longTransient = 1000

  /// The one-line verdict, e.g. `Verdict: free runs from 5 points spread over the training data
  /// (1000000 steps each) — all 5 starts: an irregular (chaos-like) orbit within the data's range (λ_max = 0.0091 per step);
  /// against the training data D_stsp 0.71, D_H 0.064.`
  public var line: String {
    guard let orbit else {
      return "Verdict: an input-driven model (its orbit depends on the inputs and is not classified); "
        + "against the training data D_stsp \(format(dstsp)), D_H \(format(dh))."
    }
    var text: String
    if let survey, !survey.starts.isEmpty {
      text = "Verdict: free runs from \(survey.starts.count) point\(survey.starts.count == 1 ? "" : "s") spread over the training data"
        + (survey.steps > 0 ? " (\(survey.steps) steps each)" : "") + " — " + survey.summary
    } else {
      text = "Verdict: the model runs freely into \(orbit.kind.phrase)"
      if let settled = orbit.settledStep, settled >= Self.longTransient {
        text += " after a transient of \(settled) steps"
      }
      if let l = orbit.largestExponent, case .irregular = orbit.kind { text += " (λ_max = \(String(format: "%.3g", l)) per step)" }
    }
    text += "; against the training data D_stsp \(format(dstsp)), D_H \(format(dh))."
    if let advice { text += " " + advice }
    return text
  }

  /// The record appended to metrics.jsonl: `{"dh":…,"dstsp":…,"epoch":…,"event":"verdict",
  /// "lambda_max":…,"orbit":"irregular","period":…,"starts":[…],"model_epoch":…}`
  /// (``RunEvent/verdict(_:)``); the single-orbit fields describe the first start.
  public func record(epoch: Int) -> RunEvent.VerdictRecord {
    var record = RunEvent.VerdictRecord(epoch: epoch, orbit: orbit?.kind.name, dstsp: dstsp, dh: dh, lambdaMax: orbit?.largestExponent)
    switch orbit?.kind {
    case .cycle(let period)?: record.period = period
    case .divergent(let step)?: record.escapeStep = step
    default: break
    }
    record.settledStep = orbit?.settledStep
    record.starts = survey?.records
    if let selection {
      record.modelEpoch = selection.kept?.epoch ?? epoch
      if !selection.rejected.isEmpty { record.rejected = selection.rejected }
      if selection.allDead { record.allRejected = true }
    } else {
      record.modelEpoch = epoch
    }
    return record
  }

  func format(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "undefined" }
}
