/// A line of `metrics.jsonl` that records what happened to a run rather than a monitoring
/// epoch: `{"event": "diverged" | "verdict" | "finished" | "interrupted", …}`.
public enum RunEvent: Codable, Sendable, Equatable {
  /// Training stopped because the loss, a parameter or the optimiser's state became non-finite.
  case diverged(Divergence)
  /// What the model that became model.json does when it runs freely (``TrainingVerdict``).
  case verdict(VerdictRecord)
  /// Training finished: the last epoch, the epoch of the model kept as model.json, the seconds.
  case finished(epoch: Int, modelEpoch: Int, seconds: Double)
  /// Training stopped after `epoch` by a signal or the end of its grid, with a checkpoint of that
  /// epoch (``TrainingInterruption``); dropped when the run resumes.
  case interrupted(epoch: Int, cause: TrainingInterruption.Cause)

  /// Where and why a run diverged.
  public struct Divergence: Sendable, Equatable {
    /// The epoch in which the run diverged.
    public var epoch: Int
    /// The batch of the epoch (nil when the optimiser's state overflowed at a monitoring epoch).
    public var batch: Int?
    /// What became non-finite.
    public var reason: String

    /// A divergence at `epoch` (and `batch`) for `reason`.
    public init(epoch: Int, batch: Int?, reason: String) { (self.epoch, self.batch, self.reason) = (epoch, batch, reason) }
  }

  /// The verdict as recorded: the orbit's kind (`irregular`, `fixed_point`, …; nil for
  /// input-driven models), the measures against the training data, λ_max, and the period or
  /// escape step where they apply.
  public struct VerdictRecord: Sendable, Equatable {
    /// The last epoch of the run.
    public var epoch: Int
    /// The orbit's kind name (``OrbitClassification``), nil when not classified.
    public var orbit: String?
    /// D_stsp against the training data.
    public var dstsp: Double?
    /// D_H against the training data.
    public var dh: Double?
    /// The largest Lyapunov exponent per step, when computed.
    public var lambdaMax: Double?
    /// The period of a cycle.
    public var period: Int?
    /// The step at which a divergent free run escaped.
    public var escapeStep: Int?
    /// The step from which a fixed point or cycle was reached (a long transient shows here).
    public var settledStep: Int?
    /// The epoch of the model kept as model.json (absent in records written before it was recorded).
    public var modelEpoch: Int? = nil
    /// Every free run of the verdict (``OrbitSurvey``), the first from the first training point
    /// (the one the fields above describe); absent for input-driven models and older records.
    public var starts: [Start]? = nil
    /// Better-scoring checkpoints that `model_selection = best` passed over because their free runs die.
    public var rejected: [ModelSelection.Rejection]? = nil
    /// Every checkpoint checked died; model.json is the best-scoring one all the same.
    public var allRejected: Bool? = nil

    /// A verdict record; the optional fields default to missing.
    public init(
      epoch: Int, orbit: String?, dstsp: Double?, dh: Double?, lambdaMax: Double? = nil, period: Int? = nil, escapeStep: Int? = nil,
      settledStep: Int? = nil
    ) {
      (self.epoch, self.orbit, self.dstsp, self.dh, self.lambdaMax, self.period, self.escapeStep, self.settledStep) =
        (epoch, orbit, dstsp, dh, lambdaMax, period, escapeStep, settledStep)
    }

    /// One free run of the verdict: where it started, what it reached.
    public struct Start: Codable, Sendable, Equatable {
      /// The training trajectory of the start point.
      public var trajectory: Int
      /// Its row.
      public var row: Int
      /// The orbit's kind name (``OrbitClassification/Kind/name``).
      public var orbit: String
      /// The period of a cycle.
      public var period: Int?
      /// The step at which a divergent run escaped.
      public var escapeStep: Int?
      /// The step from which a fixed point or cycle was reached.
      public var settledStep: Int?
      /// λ_max per step, when computed.
      public var lambdaMax: Double?
      /// How far the orbit's tail reaches beyond the data's range, in data widths (0 within; absent when divergent).
      public var rangeExcess: Double?

      enum CodingKeys: String, CodingKey {
        case trajectory, row, orbit, period
        case escapeStep = "escape_step", settledStep = "settled_step", lambdaMax = "lambda_max", rangeExcess = "range_excess"
      }

      /// A free run's record.
      public init(trajectory: Int, row: Int, orbit: String, period: Int? = nil, escapeStep: Int? = nil, settledStep: Int? = nil,
                  lambdaMax: Double? = nil, rangeExcess: Double? = nil) {
        (self.trajectory, self.row, self.orbit, self.period, self.escapeStep) = (trajectory, row, orbit, period, escapeStep)
        (self.settledStep, self.lambdaMax, self.rangeExcess) = (settledStep, lambdaMax, rangeExcess)
      }

      /// The object written into metrics.jsonl (sorted keys, absent fields left out).
      var jsonText: String {
        var fields: [(String, String)] = [("trajectory", "\(trajectory)"), ("row", "\(row)"), ("orbit", json(orbit))]
        if let period { fields.append(("period", "\(period)")) }
        if let escapeStep { fields.append(("escape_step", "\(escapeStep)")) }
        if let settledStep { fields.append(("settled_step", "\(settledStep)")) }
        if let x = lambdaMax.flatMap(finite) { fields.append(("lambda_max", json(x))) }
        if let x = rangeExcess.flatMap(finite) { fields.append(("range_excess", json(x))) }
        return jsonObject(fields)
      }
    }
  }

  /// The run's last epoch (diverged: the epoch it diverged in).
  public var epoch: Int {
    switch self {
    case .diverged(let d): return d.epoch
    case .verdict(let v): return v.epoch
    case .finished(let epoch, _, _): return epoch
    case .interrupted(let epoch, _): return epoch
    }
  }

  enum CodingKeys: String, CodingKey {
    case event, epoch, batch, reason, orbit, dstsp, dh, period
    case lambdaMax = "lambda_max", escapeStep = "escape_step", settledStep = "settled_step", modelEpoch = "model_epoch", seconds
    case cause, gridParent = "grid_parent"
    case starts, rejected, allRejected = "all_rejected"
  }

  /// The event names.
  enum Name: String, Codable { case diverged, verdict, finished, interrupted }

  /// Reads an event line.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let epoch = try c.decode(Int.self, forKey: .epoch)
    switch try c.decode(Name.self, forKey: .event) {
    case .diverged:
      self = .diverged(Divergence(epoch: epoch, batch: try c.decodeIfPresent(Int.self, forKey: .batch),
                                  reason: try c.decodeIfPresent(String.self, forKey: .reason) ?? ""))
    case .verdict:
      self = .verdict(try VerdictRecord(
        epoch: epoch, orbit: try c.decodeIfPresent(String.self, forKey: .orbit), dstsp: try c.decodeIfPresent(Double.self, forKey: .dstsp),
        dh: try c.decodeIfPresent(Double.self, forKey: .dh), lambdaMax: try c.decodeIfPresent(Double.self, forKey: .lambdaMax),
        period: try c.decodeIfPresent(Int.self, forKey: .period), escapeStep: try c.decodeIfPresent(Int.self, forKey: .escapeStep),
        settledStep: try c.decodeIfPresent(Int.self, forKey: .settledStep)).with {
          $0.modelEpoch = try c.decodeIfPresent(Int.self, forKey: .modelEpoch)
          $0.starts = try c.decodeIfPresent([VerdictRecord.Start].self, forKey: .starts)
          $0.rejected = try c.decodeIfPresent([ModelSelection.Rejection].self, forKey: .rejected)
          $0.allRejected = try c.decodeIfPresent(Bool.self, forKey: .allRejected)
        })
    case .finished:
      self = .finished(epoch: epoch, modelEpoch: try c.decodeIfPresent(Int.self, forKey: .modelEpoch) ?? epoch,
                       seconds: try c.decodeIfPresent(Double.self, forKey: .seconds) ?? .nan)
    case .interrupted:
      let name = try c.decode(String.self, forKey: .cause)
      guard let cause = TrainingInterruption.Cause(name: name, parent: try c.decodeIfPresent(Int32.self, forKey: .gridParent)) else {
        throw DecodingError.dataCorruptedError(forKey: .cause, in: c, debugDescription: "unknown interruption cause '\(name)'")
      }
      self = .interrupted(epoch: epoch, cause: cause)
    }
  }

  /// Writes the event's fields (what ``jsonLine`` writes, as an encoder sees them).
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(epoch, forKey: .epoch)
    switch self {
    case .diverged(let d):
      try c.encode(Name.diverged, forKey: .event)
      try c.encodeIfPresent(d.batch, forKey: .batch)
      try c.encode(d.reason, forKey: .reason)
    case .verdict(let v):
      try c.encode(Name.verdict, forKey: .event)
      try c.encode(v.orbit, forKey: .orbit)
      try c.encode(v.dstsp.flatMap(finite), forKey: .dstsp)
      try c.encode(v.dh.flatMap(finite), forKey: .dh)
      try c.encode(v.lambdaMax.flatMap(finite), forKey: .lambdaMax)
      try c.encodeIfPresent(v.period, forKey: .period)
      try c.encodeIfPresent(v.escapeStep, forKey: .escapeStep)
      try c.encodeIfPresent(v.settledStep, forKey: .settledStep)
      try c.encodeIfPresent(v.modelEpoch, forKey: .modelEpoch)
      try c.encodeIfPresent(v.starts, forKey: .starts)
      try c.encodeIfPresent(v.rejected, forKey: .rejected)
      try c.encodeIfPresent(v.allRejected, forKey: .allRejected)
    case .finished(_, let modelEpoch, let seconds):
      try c.encode(Name.finished, forKey: .event)
      try c.encode(modelEpoch, forKey: .modelEpoch)
      try c.encode(seconds, forKey: .seconds)
    case .interrupted(_, let cause):
      try c.encode(Name.interrupted, forKey: .event)
      try c.encode(cause.name, forKey: .cause)
      if case .gridEnded(let parent) = cause { try c.encode(parent, forKey: .gridParent) }
    }
  }

  /// The line written to metrics.jsonl (sorted keys, non-finite numbers as null; the seconds
  /// with three decimals).
  public var jsonLine: String {
    var fields: [(String, String)] = [("epoch", "\(epoch)")]
    switch self {
    case .diverged(let d):
      fields += [("event", json(Name.diverged.rawValue)), ("reason", json(d.reason))]
      if let batch = d.batch { fields.append(("batch", "\(batch)")) }
    case .verdict(let v):
      fields += [("event", json(Name.verdict.rawValue)), ("orbit", v.orbit.map(json) ?? "null"), ("dstsp", json(v.dstsp)),
                 ("dh", json(v.dh)), ("lambda_max", json(v.lambdaMax))]
      if let period = v.period { fields.append(("period", "\(period)")) }
      if let step = v.escapeStep { fields.append(("escape_step", "\(step)")) }
      if let step = v.settledStep { fields.append(("settled_step", "\(step)")) }
      if let epoch = v.modelEpoch { fields.append(("model_epoch", "\(epoch)")) }
      if let starts = v.starts { fields.append(("starts", "[" + starts.map(\.jsonText).joined(separator: ",") + "]")) }
      if let rejected = v.rejected {
        fields.append(("rejected", "[" + rejected.map { jsonObject([("epoch", "\($0.epoch)"), ("reason", json($0.reason))]) }.joined(separator: ",") + "]"))
      }
      if let all = v.allRejected { fields.append(("all_rejected", "\(all)")) }
    case .finished(_, let modelEpoch, let seconds):
      fields += [("event", json(Name.finished.rawValue)), ("model_epoch", "\(modelEpoch)"), ("seconds", String(format: "%.3f", seconds))]
    case .interrupted(_, let cause):
      fields += [("event", json(Name.interrupted.rawValue)), ("cause", json(cause.name))]
      if case .gridEnded(let parent) = cause { fields.append(("grid_parent", "\(parent)")) }
    }
    return jsonObject(fields)
  }
}

/// A finite number, or nil.
func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

extension RunEvent.VerdictRecord {
  /// The record changed by `change`.
  func with(_ change: (inout Self) throws -> Void) rethrows -> Self {
    var copy = self
    try change(&copy)
    return copy
  }
}

/// One line of `metrics.jsonl`: a monitoring record or an event.
public enum MetricsLine: Decodable, Sendable, Equatable {
  /// A monitoring epoch.
  case record(MetricsRecord)
  /// Something that happened to the run.
  case event(RunEvent)

  enum Key: String, CodingKey { case event }

  /// Reads a line: an event if it has an `event` key, else a monitoring record.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: Key.self)
    self = c.contains(.event) ? .event(try RunEvent(from: decoder)) : .record(try MetricsRecord(from: decoder))
  }

  /// The monitoring record, if the line is one.
  public var record: MetricsRecord? { if case .record(let r) = self { return r } else { return nil } }
  /// The event, if the line is one.
  public var event: RunEvent? { if case .event(let e) = self { return e } else { return nil } }
  /// The line's epoch.
  public var epoch: Int {
    switch self {
    case .record(let r): return r.epoch
    case .event(let e): return e.epoch
    }
  }
}
