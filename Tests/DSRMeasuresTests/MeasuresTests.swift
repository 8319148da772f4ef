import DSRMeasures
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

/// The numpy/scipy answers of `Tests/generate_measure_fixtures.py`.
struct MeasureFixtures: Decodable {
  struct Pair: Decodable { var generated: Double; var noisy: Double }
  struct GMM: Decodable { var `true`: [[Double]]; var generated: [[Double]]; var samples: [[Double]]; var scaling: Double; var value: Double }
  var `true`: [[Double]]
  var generated: [[Double]]
  var noisy: [[Double]]
  var binned: [String: Pair]
  var dh: [String: Pair]
  var gmm: GMM

  static let shared: MeasureFixtures = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/measures.json")
    return try! JSONDecoder().decode(MeasureFixtures.self, from: Data(contentsOf: url))
  }()
}

@Suite("Measures against numpy/scipy and closed forms")
struct MeasuresTests {
  let f = MeasureFixtures.shared

  @Test("binned D_stsp agrees with numpy to 1e-6 relative (8 and 30 bins)", arguments: ["8", "30"])
  func binned(_ bins: String) {
    let x = Tensor(f.true), y = Tensor(f.generated), z = Tensor(f.noisy)
    let want = f.binned[bins]!
    expectClose(StateSpaceDivergence.binned(true: x, generated: y, bins: Int(bins)!), want.generated, rtol: 1e-6)
    expectClose(StateSpaceDivergence.binned(true: x, generated: z, bins: Int(bins)!), want.noisy, rtol: 1e-6)
  }

  @Test("D_H agrees with scipy (gaussian_filter1d, mode='mirror') to 1e-6 relative", arguments: ["0.0", "5.0", "20.0"])
  func hellinger(_ sigma: String) {
    let x = Tensor(f.true), y = Tensor(f.generated), z = Tensor(f.noisy)
    let want = f.dh[sigma]!
    expectClose(PowerSpectrumDistance.hellinger(true: x, generated: y, smoothing: Double(sigma)!), want.generated, rtol: 1e-6)
    expectClose(PowerSpectrumDistance.hellinger(true: x, generated: z, smoothing: Double(sigma)!), want.noisy, rtol: 1e-6)
  }

  @Test("GMM D_stsp equals the numpy value for the same sample points")
  func gmm() {
    let g = f.gmm
    let value = StateSpaceDivergence.gaussianMixture(
      true: Tensor(g.true), generated: Tensor(g.generated), scaling: g.scaling, samples: Tensor(g.samples))
    expectClose(value, g.value, rtol: 1e-9)
  }

  @Test("GMM D_stsp with a generated series shorter than the true one: each mixture has its own length")
  func gmmShorterGenerated() {
    // The true series is the generated one twice over: the two mixtures are the same density, so D = 0
    // exactly when each is normalised by its own length (ln 2 off otherwise).
    let y = Tensor(f.true).rows(0..<200)
    let x = Tensor.concatenated([y, y], alongAxis: 0)
    #expect(abs(StateSpaceDivergence.gaussianMixture(true: x, generated: y, scaling: 1, seed: 3)) < 1e-12)
    let empty = Tensor<Double>(shape: [0, y.shape[1]], scalars: [])
    #expect(StateSpaceDivergence.gaussianMixture(true: x, generated: empty, scaling: 1, seed: 3).isNaN)
  }

  @Test("identical inputs give 0; a generated series outside the range gives NaN")
  func closedForms() {
    let x = Tensor(f.true)
    #expect(abs(StateSpaceDivergence.binned(true: x, generated: x, bins: 30)) < 1e-12)
    #expect(abs(PowerSpectrumDistance.hellinger(true: x, generated: x, smoothing: 20)) < 1e-12)
    #expect(abs(StateSpaceDivergence.gaussianMixture(true: x, generated: x, scaling: 1, seed: 3)) < 1e-12)
    #expect(StateSpaceDivergence.binned(true: x, generated: x + 100, bins: 10).isNaN)
  }

  @Test("D_H of two sines of different frequency: disjoint unsmoothed spectra give 1")
  func sines() {
    let t = (0..<1000).map(Double.init)
    let a = Tensor<Double>(shape: [1000, 1], scalars: t.map { sin(2 * Double.pi * 50 * $0 / 1000) })
    let b = Tensor<Double>(shape: [1000, 1], scalars: t.map { sin(2 * Double.pi * 120 * $0 / 1000) })
    expectClose(PowerSpectrumDistance.hellinger(true: a, generated: b, smoothing: 0), 1, atol: 1e-9)
  }

  @Test("binned D_stsp in 8 dimensions stores only occupied cells (10⁸ cells)")
  func highDimensional() {
    var rng = RandomGenerator(seed: 1)
    let x = Tensor<Double>.normal(shape: [2000, 8], using: &rng)
    let y = Tensor<Double>.normal(shape: [2000, 8], using: &rng)
    let d = StateSpaceDivergence.binned(true: x, generated: y, bins: 10)
    #expect(d.isFinite && d > 0)
  }

  @Test("the bin bound: 10⁻⁵·b^N ≤ T; beyond it (and where b^N overflows Int) NaN, never a trap (issue 26 item 1)")
  func binBound() {
    #expect(StateSpaceDivergence.largestBinCount(dimension: 3, points: 3000) == 669)  // 669³ = 2.994e8 ≤ 3e8 < 670³
    #expect(StateSpaceDivergence.largestBinCount(dimension: 5, points: 243) == 30)  // 30⁵ = 2.43e7 exactly
    #expect(StateSpaceDivergence.largestBinCount(dimension: 5, points: 242) == 29)
    #expect(StateSpaceDivergence.largestBinCount(dimension: 1, points: 10) == 1_000_000)
    #expect(StateSpaceDivergence.largestBinCount(dimension: 40, points: 1) == 1)
    // N = 1 with many points: the smoothing rule would allow 10¹⁰ bins (80 GB of edges); dsr keeps 10⁷.
    #expect(StateSpaceDivergence.largestBinCount(dimension: 1, points: 100_000) == StateSpaceDivergence.maximumBins)
    #expect(StateSpaceDivergence.binCountProblem(20_000_000, dimension: 1, points: 100_000)?.contains("more than dsr keeps edges for") == true)
    #expect(StateSpaceDivergence.binCountProblem(Int.max, dimension: 3, points: 4000)?.contains("smoothing") == true)
    let line = Tensor<Double>(shape: [100, 1], scalars: (0..<100).map(Double.init))
    #expect(StateSpaceDivergence.binned(true: line, generated: line, bins: 20_000_000).isNaN, "refused, not allocated")
    #expect(StateSpaceDivergence.binCountProblem(30, dimension: 3, points: 100) == nil)
    let problem = StateSpaceDivergence.binCountProblem(7000, dimension: 5, points: 3000)
    #expect(problem?.contains("7000^5") == true && problem?.contains("at most 49 bins") == true, "\(problem ?? "nil")")
    var rng = RandomGenerator(seed: 2)
    let x = Tensor<Double>.normal(shape: [300, 5], using: &rng)
    for bins in [32, 7000, 100_000_000, Int.max] {  // 32⁵ = 3.4e7 > 300·10⁵ ≥ 31⁵
      #expect(StateSpaceDivergence.binned(true: x, generated: x, bins: bins).isNaN, "\(bins)")
    }
    #expect(StateSpaceDivergence.binned(true: x, generated: x, bins: 30) == 0)
  }
}
