import Foundation

/// Which monitored checkpoint becomes `model.json` under `model_selection = best`.
///
/// A free-running model can hop between a chaotic attractor and a nearby periodic orbit from one
/// monitoring epoch to the next (Rössler-like systems lie next to periodic windows), so the model
/// after the last epoch is not always the best reconstruction the run passed through. Every
/// monitoring record of `metrics.jsonl` holds D_stsp and D_H of a free run against the training
/// data; the choice is the epoch with the smallest `D_stsp / min D_stsp + D_H / min D_H` (each
/// measure relative to its best value in the run, so neither scale dominates), among records with
/// both measures finite and a checkpoint model on disk. Only training data is used.
public enum ModelSelection {
  /// A monitored epoch and its training-set measures.
  public struct Choice: Sendable, Equatable {
    /// The monitored epoch.
    public var epoch: Int
    /// Its D_stsp against the training data.
    public var dstsp: Double
    /// Its D_H against the training data.
    public var dh: Double

    /// A candidate epoch with its measures.
    public init(epoch: Int, dstsp: Double, dh: Double) { (self.epoch, self.dstsp, self.dh) = (epoch, dstsp, dh) }
  }

  /// The best monitored epoch of the run in `directory` (nil if no record qualifies).
  public static func best(in directory: RunDirectory) -> Choice? {
    let candidates = directory.metricsRecords().compactMap { line -> Choice? in
      guard let record = line.record, let dstsp = record.dstsp, let dh = record.dh, dstsp.isFinite, dh.isFinite,
            FileManager.default.fileExists(atPath: directory.modelCheckpoint(epoch: record.epoch)) else { return nil }
      return Choice(epoch: record.epoch, dstsp: dstsp, dh: dh)
    }
    return best(of: candidates)
  }

  /// The choice with the smallest relative score; ties go to the later epoch.
  public static func best(of candidates: [Choice]) -> Choice? {
    let order = candidates.indices.sorted { candidates[$0].epoch < candidates[$1].epoch }
    return bestIndex(order.map { (candidates[$0].dstsp, candidates[$0].dh) }).map { candidates[order[$0]] }
  }

  /// The index of the pair (D_stsp, D_H) with the smallest `D_stsp / min D_stsp + D_H / min D_H`
  /// (each measure relative to its best value among the pairs); ties go to the later index; nil
  /// for no pairs. The rule that picks a checkpoint within a run (``best(of:)``) and the run kept
  /// per system by `dsr suite` among several.
  public static func bestIndex(_ measures: [(dstsp: Double, dh: Double)]) -> Int? {
    guard let minD = measures.map(\.dstsp).min(), let minH = measures.map(\.dh).min() else { return nil }
    func score(_ i: Int) -> Double { measures[i].dstsp / Swift.max(minD, 1e-12) + measures[i].dh / Swift.max(minH, 1e-12) }
    return measures.indices.min { (score($0), -$0) < (score($1), -$1) }
  }
}
