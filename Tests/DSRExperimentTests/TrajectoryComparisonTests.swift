@testable import DSRExperiment
import DSRData
import DSRMeasures
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

/// The library side of `dsr measure` and `dsr data floor`, called directly.
@Suite("TrajectoryComparison")
struct TrajectoryComparisonTests {
  let test = repositoryRoot().appendingPathComponent("Tests/DSRCLITests/Fixtures/lorenz63_test_small.npy").path

  @Test("a trajectory compared with itself is at distance 0; the floor compares the halves")
  func comparison() throws {
    var settings = TrajectoryComparison.Settings()
    settings.bins = 10
    let same = try TrajectoryComparison.measure(truePath: test, generatedPath: test, settings: settings)
    #expect(same.hasPrefix("D_stsp (binned, 10 bins): 0.0000\nD_H (σ = 20.0, first "))
    settings.json = true
    let floor = try TrajectoryComparison.floor(test, other: nil, settings: settings)
    let object = try JSONSerialization.jsonObject(with: Data(floor.utf8)) as? [String: Any]
    #expect(object?["dstsp_method"] as? String == "binned" && (object?["dstsp"] as? Double ?? -1) >= 0)
  }

  @Test("the floor at a given length: rows 0..<L vs L..<2L when the file is long enough, else the halves and a sentence saying so")
  func floorLength() throws {
    var settings = TrajectoryComparison.Settings()
    settings.bins = 10
    let x: Tensor<Double> = try MatrixFile.read(test)
    let t = x.shape[0]
    let text = try TrajectoryComparison.floor(test, other: nil, length: 300, settings: settings)
    #expect(text.contains("noise floor at 300 rows (\(test) rows 0..<300 vs 300..<600)"), "\(text)")
    // The value is the binned D_stsp of exactly those stretches.
    let want = StateSpaceDivergence.binned(true: x.rows(0..<300), generated: x.rows(300..<600), bins: 10)
    #expect(text.contains(String(format: "D_stsp (binned, 10 bins): %.4f", want)), "\(text)")
    let long = try TrajectoryComparison.floor(test, other: nil, length: t, settings: settings)
    #expect(long.contains("at \(t / 2) rows, not \(t): the data is too short for two stretches of \(t) rows"), "\(long)")
    settings.json = true
    let object = try JSONSerialization.jsonObject(with: Data(try TrajectoryComparison.floor(test, other: nil, length: t, settings: settings).utf8)) as? [String: Any]
    #expect(object?["floor_length"] as? Int == t / 2 && object?["comparison_length"] as? Int == t && object?["full_length"] as? Bool == false)
  }

  @Test("NoiseFloor picks two non-overlapping stretches of the comparison's length: one long trajectory, or two; rows missing in either are left out")
  func noiseFloorChoice() {
    let a = Tensor(shape: [100, 2], scalars: (0..<200).map { sin(0.37 * Double($0)) + 0.1 * cos(1.3 * Double($0 * $0 % 17)) })
    let b = Tensor(shape: [70, 2], scalars: (0..<140).map { sin(0.41 * Double($0) + 1) })
    let method = StateSpaceDivergence.Method.binned(bins: 6)
    let within = NoiseFloor.compute(trajectories: [a], names: ["a"], length: 40, method: method, smoothing: 2)!
    #expect(within.isFullLength && within.stretches == "a rows 0..<40 vs 40..<80")
    #expect(within.dstsp == StateSpaceDivergence.binned(true: a.rows(0..<40), generated: a.rows(40..<80), bins: 6))
    #expect(within.dh == PowerSpectrumDistance.hellinger(true: a.rows(0..<40), generated: a.rows(40..<80), smoothing: 2))
    let across = NoiseFloor.compute(trajectories: [a, b], names: ["a", "b"], length: 60, method: method, smoothing: 2)!
    #expect(across.isFullLength && across.stretches == "the first 60 rows of a vs b")
    let short = NoiseFloor.compute(trajectories: [a], names: ["a"], length: 80, method: method, smoothing: 2)!
    #expect(!short.isFullLength && short.length == 50 && short.lengthText.hasPrefix("at 50 rows, not 80: the data is too short"))
    // A row missing in the second stretch is missing from both.
    var gapped = a
    for d in 0..<2 { gapped.scalars[(40 + 5) * 2 + d] = .nan }
    let floor = NoiseFloor.compute(trajectories: [gapped], names: ["a"], length: 40, method: method, smoothing: 2)!
    var first = a.rows(0..<40)
    for d in 0..<2 { first.scalars[5 * 2 + d] = .nan }
    let second = CompleteRows.completeRows(gapped.rows(40..<80))
    #expect(floor.dstsp == StateSpaceDivergence.binned(true: first, generated: second, bins: 6))
    #expect(floor.dh.isNaN, "no gap-free stretch of 64 rows in 40")
  }

  @Test("dsr measure's comparison checks the generated side: jitter around a fixed point gets NaN with the reason")
  func deadGenerated() throws {
    let x: Tensor<Double> = try MatrixFile.read(test)
    var y = Tensor(shape: x.shape, scalars: [Double](repeating: 0, count: x.scalars.count))
    // ±2 float32 ulps of rounding jitter, varying along each column.
    for i in y.scalars.indices { y.scalars[i] = Double(Float(0.5) + Float((i * 7919 + i / 3 * 104729) % 5 - 2) * Float(0.5).ulp) }
    let r = try TrajectoryComparison.compare(x, y, truePath: "x", generatedPath: "y", settings: .init())
    #expect(r.dstsp.isNaN && r.dh.isNaN)
    #expect(r.dhNote?.hasPrefix("fixed point: generated spread") == true && r.dstspNote == r.dhNote)
    // Before the check, this jitter read a finite D_H.
    #expect(PowerSpectrumDistance.hellinger(true: x, generated: y, smoothing: 20).isFinite)
  }
}
