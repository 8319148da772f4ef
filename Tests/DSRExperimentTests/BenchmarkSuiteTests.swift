@testable import DSRExperiment
import Testing

/// The suite's run kept per system and its closing line.
@Suite struct BenchmarkSuiteTests {
  typealias Row = BenchmarkSuite.Row

  func row(_ system: String, _ run: Int, test: (Double, Double), training: (Double, Double)?, status: TaskState = .finished) -> Row {
    var r = Row(system: system, run: run, status: status, floorDstsp: 0.01, floorDH: 0.05,
                meetsTargets: test.0 <= BenchmarkSuite.dstspTarget && test.1 <= BenchmarkSuite.dhTarget)
    (r.dstsp, r.dh) = test
    (r.trainingDstsp, r.trainingDH) = (training?.0, training?.1)
    return r
  }

  @Test("the kept run is the best on the training data, whatever the test measures say")
  func keptOnTrainingData() {
    let rows = [
      // Rössler-like: run 2 is best on training data (3.73/0.062 against 4.75/0.226 and 3.72/0.113)
      // and meets the targets; run 3 has the better test D_stsp but is not the one kept.
      row("rossler", 1, test: (1.97, 0.224), training: (4.75, 0.226)),
      row("rossler", 2, test: (0.435, 0.066), training: (3.73, 0.062)),
      row("rossler", 3, test: (0.266, 0.124), training: (3.72, 0.113)),
      // A system whose best training run fails the targets on test data.
      row("thomas", 1, test: (0.40, 0.09), training: (1.80, 0.30)),
      row("thomas", 2, test: (0.60, 0.30), training: (1.70, 0.25)),
      // Runs without training measures or unfinished are never kept.
      row("henon", 1, test: (0.25, 0.07), training: nil),
      row("henon", 2, test: (0.30, 0.08), training: (0.1, 0.07), status: .running),
    ]
    let kept = BenchmarkSuite.keep(rows)
    #expect(kept.filter(\.kept).map { "\($0.system) \($0.run)" } == ["rossler 2", "thomas 2"])
    let verdict = BenchmarkSuite.verdict(kept)
    #expect(verdict.hasPrefix("3 of 6 finished run(s) meet D_stsp ≤ 0.5 and D_H ≤ 0.1."))
    #expect(verdict.hasSuffix("With the run kept per system (the best of its runs on the training data): 1 of 3 systems."), "\(verdict)")
    let table = BenchmarkSuite.table(kept)
    #expect(table.contains("D_stsp (train)") && table.contains("kept"))
    // One run per system: nothing to choose, the table and the line stay as before.
    let single = BenchmarkSuite.keep([rows[0], rows[3]])
    #expect(!BenchmarkSuite.table(single).contains("kept") && !BenchmarkSuite.verdict(single).contains("kept"))
  }

  @Test("a run whose verdict's free runs mostly die is not kept over a living one")
  func deadRunsAreNotKept() {
    var rows = [row("chua", 1, test: (2.0, 0.3), training: (0.2, 0.01)), row("chua", 2, test: (0.4, 0.05), training: (0.6, 0.02)),
                row("lorenz", 1, test: (0.3, 0.05), training: (0.3, 0.03)), row("lorenz", 2, test: (0.3, 0.05), training: (0.5, 0.05))]
    rows[0].freeRunsAlive = false
    (rows[2].freeRunsAlive, rows[3].freeRunsAlive) = (false, false)
    // Chua: run 1 scores best but falls to a fixed point; Lorenz: both die, the best-scoring is kept.
    #expect(BenchmarkSuite.keep(rows).filter(\.kept).map { "\($0.system) \($0.run)" } == ["chua 2", "lorenz 1"])
  }
}
