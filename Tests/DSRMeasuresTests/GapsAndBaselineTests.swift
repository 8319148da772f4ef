import DSRMeasures
import DSRModels
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

@Suite("PE baselines and true data with gaps against numpy")
struct GapsAndBaselineTests {
  let f = HealthGapFixtures.shared

  @Test("persistence PE(n) and the mean variance equal numpy; by hand on a ramp")
  func persistence() {
    let truth = Tensor(f.truth)
    expectClose(PredictionBaseline.persistenceError(truth, steps: 5), f.persistence_5, rtol: 1e-12)
    expectClose(PredictionBaseline.persistenceError(truth, steps: 1), f.persistence_1, rtol: 1e-12)
    expectClose(PredictionBaseline.meanVariance(truth), f.mean_variance, rtol: 1e-12)
    // Closed form: x_t = t has persistence error n² and variance (T² − 1)/12.
    let ramp = Tensor(shape: [10, 1], scalars: (0..<10).map(Double.init))
    expectClose(PredictionBaseline.persistenceError(ramp, steps: 3), 9, rtol: 1e-15)
    expectClose(PredictionBaseline.normalized(9, data: ramp), 9 / (99.0 / 12), rtol: 1e-15)
    #expect(PredictionBaseline.persistenceError(ramp, steps: 10).isNaN)
  }

  @Test("gaps: the gap-free stretches of ≥ 64 rows are the ones numpy finds; complete windows skip every gap")
  func segments() {
    let x = f.gappedWithNaN
    #expect(CompleteRows.segments(x, minimumLength: 64).map { [$0.lowerBound, $0.upperBound] } == f.gap_segments)
    let windows = CompleteWindows.starts(x, steps: 5)
    #expect(windows.count == x.shape[0] - 5)
    #expect(windows[94] && !windows[95] && !windows[103] && windows[104] && !windows[195] && windows[201])
  }

  @Test("gaps: D_stsp on complete rows, D_H per stretch weighted by length, persistence and the model's PE(5) on complete windows equal numpy")
  func measuresWithGaps() throws {
    let x = f.gappedWithNaN, y = Tensor(f.generated)
    expectClose(StateSpaceDivergence.binned(true: x, generated: y, bins: 8), f.gap_dstsp_8, rtol: 1e-9)
    expectClose(PowerSpectrumDistance.hellinger(true: x, generated: y, smoothing: 2), f.gap_dh_2, rtol: 1e-6)
    expectClose(PowerSpectrumDistance.hellinger(true: x, generated: y, smoothing: 5), f.gap_dh_5, rtol: 1e-6)
    expectClose(PredictionBaseline.meanVariance(x), f.gap_mean_variance, rtol: 1e-12)
    expectClose(PredictionBaseline.persistenceError(x, steps: 5), f.gap_persistence_5, rtol: 1e-12)
    let system = ReconstructionFixtures.shared.system("identity")
    expectClose(try system.predictionError(on: x, steps: 5), f.gap_pe_5, rtol: 1e-10)
    // The GMM estimator ignores the gap rows too: the same value as on the complete rows.
    let complete = CompleteRows.completeRows(x)
    #expect(complete.shape == [x.shape[0] - 29, 3])  // 4 + 1 + 1 + 2 + 21 rows with a NaN
    #expect(StateSpaceDivergence.gaussianMixture(true: x, generated: y, scaling: 1, seed: 3)
            == StateSpaceDivergence.gaussianMixture(true: complete, generated: y, scaling: 1, seed: 3))
  }

  @Test("the protocol on data with gaps: finite measures, PE normalised by the data's variance, persistence beside it")
  func protocolWithGaps() throws {
    let system = ReconstructionFixtures.shared.system("identity_inputs")
    var x = Tensor(ReconstructionFixtures.shared.data)
    for row in [0, 1, 50, 51, 52] { for d in 0..<3 { x.scalars[row * 3 + d] = .nan } }
    let inputs = Tensor(ReconstructionFixtures.shared.inputs)
    let settings = ReconstructionMeasures.Settings(dstsp: .binned(bins: 8), smoothing: 2, predictionSteps: 5)
    let (values, latent) = try ReconstructionMeasures.measure(system, on: x, inputs: inputs, settings: settings)
    // The run starts at the first complete row (2): 238 rows compared.
    #expect(latent.shape == [238, 4])
    #expect(values.health == .alive && values.dstsp.isFinite && values.dh.isFinite && values.pe.isFinite)
    expectClose(values.peNormalized, values.pe / PredictionBaseline.meanVariance(x), rtol: 1e-14)
    expectClose(values.persistenceNormalized, PredictionBaseline.persistenceError(x, steps: 5) / PredictionBaseline.meanVariance(x), rtol: 1e-14)
  }
}
