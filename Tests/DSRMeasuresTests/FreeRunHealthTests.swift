import DSRMeasures
import DSRModels
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

/// The numpy answers for free-run health, PE baselines and gaps (`Tests/generate_measure_fixtures.py`).
struct HealthGapFixtures: Decodable {
  var truth: [[Double]]
  var jitter: [[Double]]
  var small: [[Double]]
  var cycle: [[Double]]
  var jitter_spread: Double
  var small_spread: Double
  var jitter_dh_5: Double
  var jitter_dh_20: Double
  var gapped: [[Double]]
  var missing: [[Int]]
  var generated: [[Double]]
  var gap_segments: [[Int]]
  var gap_dstsp_8: Double
  var gap_dh_2: Double
  var gap_dh_5: Double
  var gap_std: [Double]
  var gap_mean_variance: Double
  var gap_persistence_5: Double
  var gap_pe_5: Double
  var persistence_5: Double
  var persistence_1: Double
  var mean_variance: Double

  static let shared: HealthGapFixtures = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/health_gaps.json")
    return try! JSONDecoder().decode(HealthGapFixtures.self, from: Data(contentsOf: url))
  }()

  /// The gapped recording with its NaNs restored.
  var gappedWithNaN: Tensor<Double> {
    var x = Tensor(gapped)
    for m in missing { x.scalars[m[0] * x.shape[1] + m[1]] = .nan }
    return x
  }
}

@Suite("Free-run health: fixed points, divergence, cycles")
struct FreeRunHealthTests {
  let f = HealthGapFixtures.shared

  @Test("float32 rounding jitter around a fixed point is a fixed point (numpy spread 3.4e-7), though its D_H is finite")
  func jitter() {
    let truth = Tensor(f.truth), jitter = Tensor(f.jitter)
    // The bug: z-scoring blows the jitter up into a spectrum with a finite distance.
    expectClose(PowerSpectrumDistance.hellinger(true: truth, generated: jitter, smoothing: 5), f.jitter_dh_5, rtol: 1e-6)
    expectClose(PowerSpectrumDistance.hellinger(true: truth, generated: jitter, smoothing: 20), f.jitter_dh_20, rtol: 1e-6)
    guard case .fixedPoint(let spread) = FreeRunHealth.assess(jitter, scale: .init(data: truth)) else {
      Issue.record("jitter is not recognised as a fixed point")
      return
    }
    expectClose(spread, f.jitter_spread, rtol: 1e-9)
    #expect(FreeRunHealth.fixedPoint(spread: spread).reason == "fixed point: generated spread 3e-07 of the data's std")
    #expect(FreeRunHealth.fixedPoint(spread: spread).isDead)
  }

  @Test("an oscillation of 1 % of the data's std (std 0.7 %) is alive; an exact 5-cycle is periodic(5)")
  func alive() {
    let truth = Tensor(f.truth)
    #expect(f.small_spread > 1e-3)
    #expect(FreeRunHealth.assess(Tensor(f.small), scale: .init(data: truth)) == .alive)
    #expect(FreeRunHealth.assess(truth, scale: .init(data: truth)) == .alive)
    #expect(FreeRunHealth.assess(Tensor(f.cycle), scale: .init(data: truth)) == .periodic(period: 5))
    #expect(!FreeRunHealth.periodic(period: 5).isDead && FreeRunHealth.periodic(period: 5).reason == nil)
  }

  @Test("divergence: the first row beyond 10³ data stds or non-finite, at its step in the whole run; the tail after the transient decides the fixed point")
  func divergence() {
    let scale = FreeRunHealth.DataScale(mean: [1, 0], std: [2, 0])
    // Column 2's data is constant: it escapes against the largest std (2).
    var rows: [[Double]] = (0..<20).map { [sin(Double($0)), 0] }
    rows[7][1] = 2001
    #expect(FreeRunHealth.assess(Tensor(rows), scale: scale) == .divergent(step: 7, excess: 1000.5))
    rows[7][1] = 1999
    rows[12][0] = .infinity
    let health = FreeRunHealth.assess(Tensor(rows), scale: scale)
    #expect(health == .divergent(step: 12, excess: .infinity))
    #expect(health.reason == "divergent at step 12: non-finite")
    #expect(FreeRunHealth.divergent(step: 90, excess: 2100).reason == "divergent at step 90: 2.1e+03 data stds from the data's mean")
    // A transient that moves, then a still tail: a fixed point when only the compared rows count.
    let settling = Tensor((0..<40).map { t -> [Double] in [t < 10 ? Double(t) : 3, 0] })
    #expect(FreeRunHealth.assess(settling, scale: scale, comparedFrom: 10) == .fixedPoint(spread: 0))
  }

  @Test("the data's scale ignores rows with NaN (numpy: std with ddof 1 over complete rows)")
  func scaleWithGaps() {
    let scale = FreeRunHealth.DataScale(data: f.gappedWithNaN)
    expectClose(Tensor(scale.std), Tensor(f.gap_std), rtol: 1e-12)
    expectClose(CompleteRows.columnStandardDeviations(f.gappedWithNaN)[2], f.gap_std[2], rtol: 1e-12)
  }
}
