/// How long a run took until the checkpoint it would keep first met the targets on its training
/// data — the time a user waits for a good model, not for all epochs (issue 28's yardstick).
///
/// Read from `metrics.jsonl`: after each monitoring record, the checkpoint `model_selection = best`
/// would keep by its score (``ModelSelection/best(of:)`` over the records so far with both
/// measures finite) is checked against D_stsp ≤ `dstsp` and D_H ≤ `dh` (training data); the first
/// monitor where it meets both gives the epoch and the training seconds recorded there (the
/// epochs' wall time, monitors not included). Nil when that never happens.
public struct TimeToModel: Sendable, Equatable, Codable {
  /// The monitoring epoch at which the kept checkpoint first met the targets.
  public var epoch: Int
  /// Its training seconds (`seconds` of that monitoring record).
  public var seconds: Double

  /// A time to model at `epoch` after `seconds` of training.
  public init(epoch: Int, seconds: Double) { (self.epoch, self.seconds) = (epoch, seconds) }

  /// The first monitor of the run in `directory` whose kept-so-far checkpoint meets the targets.
  public static func of(_ directory: RunDirectory, dstsp: Double, dh: Double) -> TimeToModel? {
    var candidates: [ModelSelection.Choice] = []
    for line in directory.metricsRecords() {
      guard let record = line.record else { continue }
      if let d = record.dstsp, let h = record.dh, d.isFinite, h.isFinite {
        candidates.append(ModelSelection.Choice(epoch: record.epoch, dstsp: d, dh: h))
      }
      if let best = ModelSelection.best(of: candidates), best.dstsp <= dstsp, best.dh <= dh, let seconds = record.seconds {
        return TimeToModel(epoch: record.epoch, seconds: seconds)
      }
    }
    return nil
  }
}
