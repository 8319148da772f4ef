import DSRDynamics
@testable import DSRExperiment
import DSRTensor
import Foundation
import Testing

/// Free runs from several training points (``OrbitSurvey``) and the verdict built on them.
@Suite struct OrbitSurveyTests {
  @Test("start points are spread over all trajectories, the first at the first training point")
  func startPoints() {
    #expect(OrbitSurvey.startPoints(lengths: [10], count: 5).map { [$0.trajectory, $0.row] } == [[0, 0], [0, 2], [0, 4], [0, 6], [0, 8]])
    #expect(OrbitSurvey.startPoints(lengths: [4, 6], count: 5).map { [$0.trajectory, $0.row] } == [[0, 0], [0, 2], [1, 0], [1, 2], [1, 4]])
    #expect(OrbitSurvey.startPoints(lengths: [3], count: 5).count == 3)
    #expect(OrbitSurvey.steps(rows: 1028, latent: 3) == TrainingVerdict.steps)
    #expect(OrbitSurvey.steps(rows: 30_000, latent: 3) == 300_000)
    #expect(OrbitSurvey.steps(rows: 10_000_000, latent: 3) == OrbitSurvey.maximalSteps)
    #expect(OrbitSurvey.steps(rows: 100_000, latent: 50) == OrbitSurvey.maximalValues / 50)
    #expect(OrbitSurvey.steps(rows: 100_000, latent: 1000) == TrainingVerdict.steps, "never shorter than before")
  }

  @Test("a bistable model: the verdict reports the share of starts on each attractor")
  func bistable() throws {
    // Starts at rows 0, 2, 4, 6, 8: u = 1.2, 0.9 and 1.3 lie in the chaotic band's basin, −0.5 and 0.2 fall to u = −1.
    let data = FreeRunModels.data([1.2, 1.5, 0.9, 0.75, -0.5, 1.0, 1.3, 0.8, 0.2, 1.1])
    let survey = try OrbitSurvey.survey(FreeRunModels.bistable, trajectories: [data], steps: 20_000)
    #expect(survey.starts.map(\.row) == [0, 2, 4, 6, 8])
    #expect(survey.starts.map(\.orbit.kind) == [.irregular, .irregular, .fixedPoint, .irregular, .fixedPoint])
    let band = survey.starts.filter { $0.orbit.kind == .irregular }
    #expect(band.allSatisfy { $0.withinDataRange })
    #expect(survey.isAlive && survey.livingCount == 3)
    #expect(survey.summary.hasPrefix("3 of 5 starts: an irregular (chaos-like) orbit within the data's range (λ_max = "), "\(survey.summary)")
    #expect(survey.summary.hasSuffix("; 2: a fixed point"), "\(survey.summary)")
    let verdict = TrainingVerdict(survey: survey, dstsp: 0.3, dh: 0.02, dstspMethod: "binned")
    #expect(verdict.line.hasPrefix("Verdict: free runs from 5 points spread over the training data (20000 steps each) — 3 of 5 starts: an irregular"), "\(verdict.line)")
    #expect(verdict.orbit?.kind == .irregular, "the first start is the first training point, as before")
    // metrics.jsonl keeps the single-start fields and adds every start; the report reads them back.
    let record = verdict.record(epoch: 9)
    #expect(record.orbit == "irregular" && record.starts?.count == 5 && record.starts?[2].orbit == "fixed_point")
    let line = RunEvent.verdict(record).jsonLine
    let back = try JSONDecoder().decode(MetricsLine.self, from: Data(line.utf8))
    guard case .event(.verdict(let read))? = Optional(back) else { Issue.record("not a verdict: \(line)"); return }
    #expect(read == record)
    #expect(OrbitSurvey(records: read.starts ?? [])?.summary == survey.summary)
  }

  @Test("a bounded orbit far outside the data's range is not alive")
  func outsideTheData() throws {
    // The band [0.75, 1.5] against data that only span [1.2, 1.25] in u: bounded, but nine data widths beyond.
    let data = FreeRunModels.data([1.2, 1.25, 1.22, 1.21])
    let survey = try OrbitSurvey.survey(FreeRunModels.bistable, trajectories: [data], starts: 1, steps: 5000)
    let start = try #require(survey.starts.first)
    #expect(start.orbit.kind == .irregular && !start.withinDataRange && !start.isAlive)
    #expect(survey.summary.contains("far outside the data's range"), "\(survey.summary)")
    #expect(survey.rejection?.hasPrefix("its free run stays bounded but up to ") == true, "\(survey.rejection ?? "nil")")
  }

  @Test("the report shows the shares and the rejected checkpoints from metrics.jsonl; older verdicts as before")
  func reportFacts() {
    var record = RunEvent.VerdictRecord(epoch: 2000, orbit: "irregular", dstsp: 0.65, dh: 0.02, lambdaMax: 0.012)
    #expect(RunReport.verdictFacts(record).map(\.0) == ["free run"])
    #expect(RunReport.verdictFacts(record).first?.1 == "irregular, λ_max = 0.012 per step")
    record.starts = [.init(trajectory: 0, row: 0, orbit: "irregular", lambdaMax: 0.012, rangeExcess: 0),
                     .init(trajectory: 0, row: 200, orbit: "fixed_point", settledStep: 5532, rangeExcess: 0)]
    record.modelEpoch = 1900
    record.rejected = [.init(epoch: 100, reason: "its free run settles on a fixed point after 5532 steps (3 of 5 starts)")]
    let facts = RunReport.verdictFacts(record)
    #expect(facts.map(\.0) == ["free runs", "model selection"])
    #expect(facts[0].1 == "from 2 training points: 1 of 2 starts: an irregular (chaos-like) orbit within the data's range (λ_max = 0.012 per step); "
      + "1: a fixed point after a transient of 5532 steps", "\(facts[0].1)")
    #expect(facts[1].1 == "model.json is the checkpoint of epoch 1900, the best-scoring one whose free runs stay alive; "
      + "epoch 100 rejected: its free run settles on a fixed point after 5532 steps (3 of 5 starts)")
  }
}
