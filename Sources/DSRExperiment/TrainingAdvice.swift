import DSRDynamics
import DSRTraining
import Foundation

/// What to change when the model a run kept is not a reconstruction: its free runs fall to a
/// fixed point, escape, or stay bounded far outside the data (``OrbitSurvey``).
///
/// The advice reads the run's resolved configuration and proposes only changes the run did not
/// already make, as `key=value` settings with the current value, and a `dsr train` command that
/// applies the first of them to a new run: forcing less (a weaker α estimator, a smaller constant
/// α, sparser teacher forcing) against a fixed point, forcing more and regularising against an
/// escape.
public enum TrainingAdvice {
  /// What the advice reads about the run.
  public struct Run: Sendable {
    /// The resolved configuration.
    public var configuration: RunConfiguration
    /// The forcing as trained (`gtf_alpha_method = auto` resolved to the estimator it chose).
    public var forcing: Forcing
    /// The run's config.json (nil: no run directory).
    public var configPath: String?
    /// Rows of the shortest training trajectory (bounds `sequence_length`).
    public var shortestTrajectory: Int

    /// The run's configuration, forcing as trained, config.json and shortest trajectory.
    public init(configuration: RunConfiguration, forcing: Forcing, configPath: String?, shortestTrajectory: Int) {
      (self.configuration, self.forcing, self.configPath, self.shortestTrajectory) = (configuration, forcing, configPath, shortestTrajectory)
    }
  }

  /// One proposed change: the key, its new value and why (with the current value).
  public struct Change: Sendable, Equatable {
    /// The configuration key.
    public var key: String
    /// The value to set.
    public var value: String
    /// Why, e.g. "train longer; now 2000".
    public var reason: String

    /// `key=value (reason)`.
    public var text: String { "\(key)=\(value) (\(reason))" }
  }

  /// The changes against a model whose free runs mostly settle on a fixed point.
  public static func againstFixedPoint(_ run: Run) -> [Change] {
    let c = run.configuration, s = c.training.settings
    var changes = [Change(key: "epochs", value: "\(2 * s.epochs)", reason: "train longer; now \(s.epochs)")]
    switch run.forcing {
    case .generalized(let gtf):
      let chosen = c.training.settings.forcing != run.forcing ? ", chosen by auto" : ""
      switch gtf.method {
      case .constant:
        if gtf.alpha > 0.02 { changes.append(Change(key: "gtf_alpha", value: number(gtf.alpha / 2), reason: "weaker constant forcing; now \(number(gtf.alpha))")) }
        changes.append(Change(key: "gtf_alpha_method", value: AlphaMethod.productUpperBound.rawValue, reason: "α adapted to the model instead of constant"))
      case .batchMaximum where !chosen.isEmpty:
        break  // auto chose it for map-like data, where the weaker estimators let α fall below what the map's stretching needs
      case .batchMaximum, .jacobianUpperBound:
        changes.append(Change(key: "gtf_alpha_method", value: AlphaMethod.productUpperBound.rawValue,
                              reason: "weaker forcing than \(gtf.method.rawValue)\(chosen)"))
      case .productUpperBound, .automatic, .arithmeticMean:
        changes.append(Change(key: "gtf_alpha_method", value: AlphaMethod.explogApprox.rawValue,
                              reason: "weaker forcing than \(gtf.method.rawValue)\(chosen)"))
      case .explogApprox:
        break  // already the weakest estimator
      }
    case .sparse(let interval):
      changes.append(Change(key: "teacher_forcing_interval", value: "\(2 * interval)", reason: "sparser forcing; now \(interval)"))
    }
    if 2 * s.sequenceLength + 1 <= run.shortestTrajectory {
      changes.append(Change(key: "sequence_length", value: "\(2 * s.sequenceLength)", reason: "longer windows; now \(s.sequenceLength)"))
    }
    if let larger = largerModel(c.model) { changes.append(larger) }
    if c.monitoring.modelSelection == .last {
      changes.append(Change(key: "model_selection", value: ModelSelectionRule.best.rawValue,
                            reason: "keep the best-scoring checkpoint whose free runs stay alive; now last"))
    }
    return changes
  }

  /// The changes against a model whose free runs mostly escape or leave the data's range.
  public static func againstEscape(_ run: Run) -> [Change] {
    let c = run.configuration, s = c.training.settings
    var changes: [Change] = []
    switch run.forcing {
    case .generalized(let gtf):
      let chosen = c.training.settings.forcing != run.forcing ? ", chosen by auto" : ""
      switch gtf.method {
      case .constant:
        if gtf.alpha < 1 {
          changes.append(Change(key: "gtf_alpha", value: number(Swift.min(1, 2 * gtf.alpha)), reason: "stronger constant forcing; now \(number(gtf.alpha))"))
        }
      case .batchMaximum:
        break  // already the strongest estimator
      default:
        changes.append(Change(key: "gtf_alpha_method", value: AlphaMethod.batchMaximum.rawValue,
                              reason: "stronger forcing than \(gtf.method.rawValue)\(chosen)"))
      }
    case .sparse(let interval):
      if interval > 1 {
        changes.append(Change(key: "teacher_forcing_interval", value: "\(Swift.max(1, interval / 2))", reason: "denser forcing; now \(interval)"))
      }
    }
    let lambda = s.latentRegularization
    changes.append(Change(key: "lat_model_regularization", value: number(lambda > 0 ? 10 * lambda : 1e-4),
                          reason: "pull the latent model towards stability; now \(number(lambda))"))
    if s.gradientClippingNorm == 0 {
      changes.append(Change(key: "gradient_clipping_norm", value: "10", reason: "clip large gradients; now off"))
    }
    changes.append(Change(key: "start_lr", value: number(s.startLearningRate / 3), reason: "smaller steps; now \(number(s.startLearningRate))"))
    if !c.data.standardize {
      changes.append(Change(key: "standardize", value: "true", reason: "z-score the data; now false"))
    }
    if c.monitoring.modelSelection == .last {
      changes.append(Change(key: "model_selection", value: ModelSelectionRule.best.rawValue,
                            reason: "keep the best-scoring checkpoint whose free runs stay alive; now last"))
    }
    return changes
  }

  /// A larger model of the same kind (nil when the kind has no size left to grow within M).
  static func largerModel(_ m: RunConfiguration.ModelSpecification) -> Change? {
    switch m.kind {
    case .shallowPLRNN, .clippedShallowPLRNN:
      return Change(key: "hidden_dim", value: "\(2 * m.hiddenDimension)", reason: "a larger model; now \(m.hiddenDimension)")
    case .dendriticPLRNN, .clippedDendriticPLRNN:
      return Change(key: "num_bases", value: "\(2 * m.bases)", reason: "a larger model; now \(m.bases)")
    case .alrnn:
      guard m.piecewiseLinearUnits < m.latentDimension else { return nil }
      let p = Swift.min(Swift.max(2 * m.piecewiseLinearUnits, 1), m.latentDimension)
      return Change(key: "pwl_units", value: "\(p)", reason: "more piecewise-linear units; now \(m.piecewiseLinearUnits)")
    case .plrnn, .meanCenteredPLRNN:
      return Change(key: "latent_dim", value: "\(2 * m.latentDimension)", reason: "a larger model; now \(m.latentDimension)")
    }
  }

  /// The advice for a model whose survey is not alive (nil when it is): what went wrong, the
  /// changes to try and a command for the first.
  public static func advice(for survey: OrbitSurvey, run: Run) -> String? {
    guard !survey.starts.isEmpty, !survey.isAlive else { return nil }
    let dead = survey.starts.filter { !$0.isAlive }
    let fixed = dead.filter { if case .fixedPoint = $0.orbit.kind { return true } else { return false } }.count
    let escaped = dead.filter { if case .divergent = $0.orbit.kind { return true } else { return false } }.count
    let text: String, changes: [Change]
    if fixed >= dead.count - fixed {
      text = "A fixed point is not a reconstruction of data that keep moving."
      changes = againstFixedPoint(run)
    } else {
      text = escaped >= dead.count - escaped ? "The free runs escape: the model is unstable."
        : "An orbit far outside the data's range is not a reconstruction of them."
      changes = againstEscape(run)
    }
    return compose(text, changes, run: run, checkSampling: fixed >= dead.count - fixed)
  }

  static func compose(_ text: String, _ changes: [Change], run: Run, checkSampling: Bool) -> String {
    var out = text
    if let first = changes.first {
      out += " Try, one at a time: " + changes.map(\.text).joined(separator: ", ") + "."
      if let config = run.configPath {
        out += " E.g. `dsr train --config \(config) --set run=\(run.configuration.output.run + 1) --set \(first.key)=\(first.value)`."
      }
    }
    if checkSampling, let data = run.configuration.data.paths.first {
      out += " Check that the data are sampled at about 20–200 points per period (`dsr inspect \(data)` shows each column's dominant period in samples)."
    }
    return out
  }

  static func number(_ x: Double) -> String { String(format: "%g", x) }
}
