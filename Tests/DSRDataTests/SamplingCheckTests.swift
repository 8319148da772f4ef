import DSRData
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

@Suite("SamplingCheck: dominant periods and sampling warnings")
struct SamplingCheckTests {
  /// Two sine columns (periods p and 1.37·p samples, a little noise).
  func sines(period p: Double, rows: Int) -> Tensor<Double> {
    var rng = RandomGenerator(seed: 5)
    var values: [Double] = []
    for t in 0..<rows {
      let phase = 2 * Double.pi * Double(t) / p
      let a: Double = sin(phase) + 1e-4 * rng.normal(), b: Double = 3 + 2 * cos(phase / 1.37) + 1e-4 * rng.normal()
      values += [a, b]
    }
    return Tensor(shape: [rows, 2], scalars: values)
  }

  @Test("well sampled (75 samples per period): the period is found, no warning")
  func wellSampled() {
    let c = SamplingCheck(sines(period: 75, rows: 7500))
    #expect(Swift.abs(c.periods[0]! - 75) < 1)
    #expect(c.refinementFactor == nil && c.subsamplingFactor == nil && c.warnings(for: "x.npy").isEmpty)
  }

  @Test("too coarse: the warning names the file and the refinement factor")
  func coarse() {
    let c = SamplingCheck(sines(period: 4, rows: 2000))
    #expect(c.refinementFactor == 3)
    let w = c.warnings(for: "coarse.npy")
    #expect(w.count == 1 && w[0].hasPrefix("coarse.npy: sampled too coarsely") && w[0].contains("at least ~3× more points per period"))
  }

  @Test("too fine: the warning names the file and `dsr data subsample … --every k` for ~75 samples per period")
  func fine() {
    let c = SamplingCheck(sines(period: 3000, rows: 30000))
    #expect(c.autocorrelations.allSatisfy { $0 > 0.9995 })
    #expect(c.subsamplingFactor == 40)
    let w = c.warnings(for: "fine.npy")
    #expect(w.count == 1 && w[0].hasPrefix("fine.npy: sampled very finely") && w[0].contains("dsr data subsample fine.npy --every 40"))
    // Long periods with noisy rows (lag-1 autocorrelation well below 1) are left alone.
    var rng = RandomGenerator(seed: 9)
    var noise: [Double] = []
    for t in 0..<30000 { noise.append(sin(2 * Double.pi * Double(t) / 3000) + 0.5 * rng.normal()) }
    let noisy = Tensor(shape: [30000, 1], scalars: noise)
    #expect(SamplingCheck(noisy).subsamplingFactor == nil)
  }

  @Test("no shipped data set warns", arguments: [
    "lorenz63_noise0.05_train", "lorenz63_test", "rossler", "lorenz96_n10", "ecg_pecuzal5d_train", "ecg_pecuzal5d_test", "eeg64",
  ])
  func shippedData(name: String) throws {
    let path = repositoryRoot().appendingPathComponent("Datasets/\(name).npy").path
    let x = try MatrixFile.read(path, as: Double.self)
    #expect(SamplingCheck(x).warnings(for: path).isEmpty)
    try Standardization.checkColumns(of: try Dataset(trajectories: [x], sources: [path]))
  }
}
