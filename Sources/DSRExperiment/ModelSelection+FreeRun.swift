import DSRModels
import DSRTensor
import Foundation

extension ModelSelection {
  /// A candidate passed over because its free runs die.
  public struct Rejection: Codable, Sendable, Equatable {
    /// The monitored epoch of the checkpoint.
    public var epoch: Int
    /// Why, e.g. "its free run settles on a fixed point after 3100 steps (5 of 5 starts)".
    public var reason: String

    /// A rejected epoch and the reason.
    public init(epoch: Int, reason: String) { (self.epoch, self.reason) = (epoch, reason) }
  }

  /// What `model_selection = best` decided: the checkpoint kept, the ones passed over and why.
  public struct Decision: Sendable, Equatable {
    /// The checkpoint kept (nil: no monitoring record qualified; the model after the last epoch is kept).
    public var kept: Choice?
    /// The free runs of the kept checkpoint (nil when they were not run: input-driven models, no candidate).
    public var survey: OrbitSurvey?
    /// The better-scoring candidates passed over, best first.
    public var rejected: [Rejection] = []
    /// Every candidate checked was dead: `kept` is the score's choice all the same.
    public var allDead = false
    /// Candidates left unchecked because ``maximalChecks`` were dead.
    public var unchecked = 0

    /// A decision; the optional parts default to nothing rejected.
    public init(kept: Choice?, survey: OrbitSurvey?, rejected: [Rejection] = [], allDead: Bool = false, unchecked: Int = 0) {
      (self.kept, self.survey, self.rejected, self.allDead, self.unchecked) = (kept, survey, rejected, allDead, unchecked)
    }

    /// How model.json was chosen, for the final message: "the checkpoint of epoch 100, the
    /// best-scoring one whose free runs stay alive; epoch 500 rejected: its free run settles on a
    /// fixed point after 3100 steps (5 of 5 starts)". Nil when the last epoch was kept without
    /// passing anything over.
    public func note(lastEpoch: Int) -> String? {
      guard let kept else { return nil }
      var text: String
      if allDead {
        text = "the checkpoint of epoch \(kept.epoch), the best-scoring one; every checkpoint checked dies ("
          + "\(rejected.count + 1) checked" + (unchecked > 0 ? ", \(unchecked) more not" : "") + ") — "
          + "epoch \(kept.epoch): " + (survey?.rejection ?? "its free runs die")
        for r in rejected { text += "; epoch \(r.epoch): \(r.reason)" }
        return text
      } else if rejected.isEmpty {
        guard kept.epoch != lastEpoch else { return nil }
        return "the checkpoint of epoch \(kept.epoch), whose free run matched the training data best"
      } else {
        text = "the checkpoint of epoch \(kept.epoch), the best-scoring one whose free runs stay alive"
      }
      for r in rejected { text += "; epoch \(r.epoch) rejected: \(r.reason)" }
      return text
    }
  }

  /// At most this many dead candidates are run before the score's choice is kept anyway.
  public static let maximalChecks = 8

  /// The best-scoring candidate whose free runs stay alive: candidates in the order of
  /// ``ranked(_:)-(Array<Choice>)``, each surveyed by `survey` (nil: cannot be run, e.g. an
  /// input-driven model, and counts as alive) until one is alive. When ``maximalChecks`` are dead
  /// (or all), the best-scoring candidate is kept and the decision says so.
  public static func choose(among candidates: [Choice], survey: (Choice) throws -> OrbitSurvey?) rethrows -> Decision {
    let order = ranked(candidates)
    guard let first = order.first else { return Decision(kept: nil, survey: nil) }
    var rejected: [Rejection] = []
    var firstSurvey: OrbitSurvey? = nil
    for (i, candidate) in order.prefix(maximalChecks).enumerated() {
      let s = try survey(candidate)
      if i == 0 { firstSurvey = s }
      guard let s, let reason = s.rejection else { return Decision(kept: candidate, survey: s, rejected: rejected) }
      rejected.append(Rejection(epoch: candidate.epoch, reason: reason))
    }
    return Decision(kept: first, survey: firstSurvey, rejected: Array(rejected.dropFirst()), allDead: true,
                    unchecked: order.count - Swift.min(order.count, maximalChecks))
  }

  /// ``choose(among:survey:)`` over the monitored checkpoints of the run in `directory`
  /// (``candidates(in:)``), each checkpoint run freely in precision `S` from `starts` points of
  /// `trajectories` (the training data in the model's units) for `steps` steps.
  public static func choose<S: BLASScalar>(
    in directory: RunDirectory, trajectories: [Tensor<S>], steps: Int, starts: Int = OrbitSurvey.defaultStarts
  ) throws -> Decision {
    try choose(among: candidates(in: directory)) { candidate in
      let path = directory.modelCheckpoint(epoch: candidate.epoch)
      let (model, observation, c) = try ModelFile.read(path).instantiate(S.self, path: path)
      let system = ReconstructedSystem(model: model, observation: observation, inputWeights: c)
      guard system.inputDimension == 0 else { return nil }
      return try OrbitSurvey.survey(system, trajectories: trajectories, starts: starts, steps: steps, stopWhenDead: true)
    }
  }
}
