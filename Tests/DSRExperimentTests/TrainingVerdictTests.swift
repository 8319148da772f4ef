@testable import DSRExperiment
import DSRDynamics
import Testing

/// The one-line verdict and its metrics record.
@Suite struct TrainingVerdictTests {
  func verdict(_ kind: OrbitClassification.Kind, settled: Int?) -> TrainingVerdict {
    TrainingVerdict(
      orbit: .init(kind: kind, largestExponent: nil, settledStep: settled), dstsp: 0.997, dh: 0.0542, dstspMethod: "binned")
  }

  @Test("a long transient before a fixed point is named, with the advice; the record keeps the step")
  func longTransient() {
    var v = verdict(.fixedPoint, settled: 31_042)
    #expect(v.line == "Verdict: the model runs freely into a fixed point after a transient of 31042 steps; against the training data D_stsp 0.997, D_H 0.0542.")
    // The advice depends on the run's configuration (TrainingAdvice, TrainingAdviceTests) and closes the line.
    v.advice = "Try epochs=4000."
    #expect(v.line.hasSuffix("D_H 0.0542. Try epochs=4000."))
    #expect(v.record(epoch: 300).settledStep == 31_042 && v.record(epoch: 300).orbit == "fixed_point")
  }

  @Test("a short approach to a cycle is not mentioned")
  func shortTransient() {
    let v = verdict(.cycle(period: 12), settled: 40)
    #expect(v.line.hasPrefix("Verdict: the model runs freely into a cycle of period 12; against"))
    #expect(v.record(epoch: 3).period == 12)
  }
}
