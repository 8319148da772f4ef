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
///
/// The monitoring's free run is only as long as the training data, so a checkpoint can score
/// best and still fall to a fixed point (or diverge) a few thousand steps later;
/// ``choose(in:trajectories:steps:starts:)`` therefore runs the best-scoring candidates much
/// longer (``OrbitSurvey``) and passes over dead ones.
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

  /// The best monitored epoch of the run in `directory` by the score alone (nil if no record
  /// qualifies); ``choose(in:trajectories:steps:starts:)`` also checks the free runs.
  public static func best(in directory: RunDirectory) -> Choice? { best(of: candidates(in: directory)) }

  /// The monitored epochs of the run in `directory` with both measures finite and a checkpoint on disk.
  public static func candidates(in directory: RunDirectory) -> [Choice] {
    directory.metricsRecords().compactMap { line -> Choice? in
      guard let record = line.record, let dstsp = record.dstsp, let dh = record.dh, dstsp.isFinite, dh.isFinite,
            FileManager.default.fileExists(atPath: directory.modelCheckpoint(epoch: record.epoch)) else { return nil }
      return Choice(epoch: record.epoch, dstsp: dstsp, dh: dh)
    }
  }

  /// The patience rule (`patience`): the epoch of the best-scoring candidate (``best(of:)``) when
  /// it is at least `patience` monitors of `interval` epochs older than `epoch`, the monitor just
  /// written — the run's kept checkpoint has not changed for that long and training stops; nil
  /// otherwise, without candidates, or with `patience` 0.
  public static func patienceStop(_ candidates: [Choice], at epoch: Int, patience: Int, interval: Int) -> Int? {
    guard patience > 0, let best = best(of: candidates), epoch - best.epoch >= patience * interval else { return nil }
    return best.epoch
  }

  /// The choice with the smallest relative score; ties go to the later epoch.
  public static func best(of candidates: [Choice]) -> Choice? { ranked(candidates).first }

  /// The index of the pair (D_stsp, D_H) with the smallest `D_stsp / min D_stsp + D_H / min D_H`
  /// (each measure relative to its best value among the pairs); ties go to the later index; nil
  /// for no pairs. The rule that picks a checkpoint within a run (``best(of:)``) and the run kept
  /// per system by `dsr suite` among several.
  public static func bestIndex(_ measures: [(dstsp: Double, dh: Double)]) -> Int? { ranked(measures).first }

  /// The best index by ``bestIndex(_:)`` among the pairs whose model is alive (`alive[i]`, e.g.
  /// from its free runs' ``OrbitSurvey``); the best of all when none is. The rule `dsr suite`
  /// uses to keep one of several runs.
  public static func bestIndex(_ measures: [(dstsp: Double, dh: Double)], alive: [Bool]) -> Int? {
    let order = ranked(measures)
    return order.first { $0 < alive.count && alive[$0] } ?? order.first
  }

  /// The indices of the pairs from the best score `D_stsp / min D_stsp + D_H / min D_H` to the
  /// worst; ties go to the later index first.
  public static func ranked(_ measures: [(dstsp: Double, dh: Double)]) -> [Int] {
    guard let minD = measures.map(\.dstsp).min(), let minH = measures.map(\.dh).min() else { return [] }
    func score(_ i: Int) -> Double { measures[i].dstsp / Swift.max(minD, 1e-12) + measures[i].dh / Swift.max(minH, 1e-12) }
    return measures.indices.sorted { (score($0), -$0) < (score($1), -$1) }
  }

  /// The candidates from the best to the worst by the relative score (ties: the later epoch first).
  public static func ranked(_ candidates: [Choice]) -> [Choice] {
    let order = candidates.indices.sorted { candidates[$0].epoch < candidates[$1].epoch }
    return ranked(order.map { (candidates[$0].dstsp, candidates[$0].dh) }).map { candidates[order[$0]] }
  }
}
