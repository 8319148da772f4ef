import Foundation

extension Evaluation {
  /// What `dsr evaluate` prints and whether every run failed.
  public struct Report: Sendable {
    /// The JSON lines, or the table with its notes, the comparison and the closing line.
    public var text: String
    /// No run could be evaluated: each ended in ``RunStatus/error`` or ``RunStatus/noModel`` or
    /// is still training without a checkpoint (the command then exits with status 1).
    public var allFailed: Bool
  }

  /// `dsr evaluate`: evaluates every run under `root` (``evaluate(root:settings:)``), writes
  /// metrics.csv, statistics.csv and evaluation.json per setting (``EvaluationReport``), and
  /// returns one JSON line per run or the table, with the published numbers of `compare` beside
  /// ours.
  public static func report(root: String, settings: Settings, compare: String?, json: Bool) async throws -> Report {
    let start = Date()
    let published = try compare.map { try EvaluationReport.readPublished($0) }
    let results = try await evaluate(root: root, settings: settings)
    let written = try EvaluationReport.write(results, settings: settings)
    let allFailed = results.allSatisfy { $0.status == .error || !$0.hasModel }  // `no model` has none
    if json { return Report(text: try EvaluationReport.jsonLines(results), allFailed: allFailed) }
    var lines = [EvaluationReport.table(results, relativeTo: root)]
    for r in results { if let note = r.note { lines.append("note: \(r.run): \(note)") } }
    let groups = Set(written.map { ($0 as NSString).deletingLastPathComponent }).count
    if let published, let compare {
      let text = EvaluationReport.comparison(results, published: published)
      lines.append(text.isEmpty ? "No published numbers for these experiments in \(compare)." : "\n" + text + "\n")
    }
    if allFailed {
      lines.append("No run could be evaluated: \(results.count) run\(results.count == 1 ? "" : "s") found, none evaluable (see the table and notes above).")
    } else {
      lines.append(String(format: "Evaluated %d run%@ in %.1f s; metrics.csv, statistics.csv and evaluation.json written to %d director%@.",
                          results.count, results.count == 1 ? "" : "s", Date().timeIntervalSince(start), groups, groups == 1 ? "y" : "ies"))
    }
    return Report(text: lines.joined(separator: "\n"), allFailed: allFailed)
  }
}
