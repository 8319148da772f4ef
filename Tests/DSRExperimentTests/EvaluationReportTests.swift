@testable import DSRExperiment
import Testing

/// What `dsr evaluate` summarises: a grid in progress lists its unfinished runs but keeps them
/// out of the medians.
@Suite("Evaluation report statistics")
struct EvaluationReportTests {
  func result(_ name: String, _ status: RunStatus, dstsp: Double, dh: Double, pe: Double) -> Evaluation.RunResult {
    var r = Evaluation.RunResult(run: "/r/setting/\(name)", group: "/r/setting", status: status)
    (r.dstsp, r.dh, r.pe) = (dstsp, dh, pe)
    return r
  }

  @Test("unfinished runs are listed but not counted; diverged ones are counted")
  func unfinishedNotCounted() {
    let runs = [
      result("001", .finished, dstsp: 3, dh: 0.3, pe: 0.01),
      result("002", .unfinished, dstsp: 100, dh: 0.9, pe: 1),
      result("003", .finished, dstsp: 5, dh: 0.5, pe: 0.03),
      result("004", .diverged, dstsp: .nan, dh: .nan, pe: .nan),
    ]
    #expect(EvaluationReport.counted(runs).map(\.run) == ["/r/setting/001", "/r/setting/003", "/r/setting/004"])
    let stats = Dictionary(uniqueKeysWithValues: EvaluationReport.statistics(runs).map { ($0.measure, $0.stats) })
    #expect(stats["dstsp"]?.median == 4)
    #expect(stats["dstsp"]?.runs == 3)
    let csv = EvaluationReport.statisticsCSV(runs)
    #expect(csv.contains("\ndiverged_ratio,0.3333333333333333,"), "\(csv)")
    let table = EvaluationReport.table(runs, relativeTo: "/r")
    #expect(table.contains("3 of 4 runs (1 unfinished not counted)"), "\(table)")
    #expect(table.contains("002"), "the unfinished run is still listed")
  }

  @Test("while no run has ended, the statistics are over every run")
  func nothingEndedYet() {
    let runs = [result("001", .unfinished, dstsp: 3, dh: 0.3, pe: 0.01), result("002", .unfinished, dstsp: 5, dh: 0.5, pe: 0.03)]
    #expect(EvaluationReport.counted(runs).count == 2)
    #expect(EvaluationReport.table(runs, relativeTo: "/r").contains("(2 runs)"))
  }
}
