import DSRMeasures
import DSRTensor
import Foundation
import Testing
@testable import DSRExperiment

@Suite struct ReportFiguresTests {
  /// A T × N tensor from columns.
  func tensor(_ columns: [[Double]]) -> Tensor<Double> {
    let t = columns[0].count
    return Tensor(shape: [t, columns.count], scalars: (0..<t).flatMap { r in columns.map { $0[r] } })
  }

  @Test func principalAxesFollowTheVariance() throws {
    // Variance mostly along (1, 1, 0, 0, 0)/√2, then along e₃.
    let t = 2000
    let a = (0..<t).map { sin(Double($0) * 0.1) * 5 }, b = (0..<t).map { cos(Double($0) * 0.37) }
    let x = tensor([a, a, b, (0..<t).map { _ in 0.0 }, (0..<t).map { _ in 0.0 }])
    let axes = try ReportFigures.principalAxes(of: x, count: 3)
    #expect(axes.count == 3)
    #expect(abs(abs(axes[0][0]) - 0.5.squareRoot()) < 1e-3 && abs(abs(axes[0][1]) - 0.5.squareRoot()) < 1e-3)
    #expect(abs(abs(axes[1][2]) - 1) < 1e-3)
  }

  @Test func attractorCoordinatesByDimension() throws {
    let one = tensor([[1, 2, 3, 4]])
    let c1 = try ReportFigures.attractorCoordinates(true: one, generated: one)
    #expect(c1.names == ["x(t)", "x(t+1)"] && c1.truth == [[1, 2, 3], [2, 3, 4]])
    let three = tensor([[1, 2], [3, 4], [5, 6]])
    let c3 = try ReportFigures.attractorCoordinates(true: three, generated: three)
    #expect(c3.names == ["x₁", "x₂", "x₃"] && c3.truth[2] == [5, 6])
    let five = tensor((0..<5).map { k in (0..<50).map { sin(Double($0 * (k + 1))) } })
    let c5 = try ReportFigures.attractorCoordinates(true: five, generated: five)
    #expect(c5.names == ["PC 1", "PC 2", "PC 3"] && c5.truth.count == 3 && c5.generated[0].count == 50)
    // Both trajectories go through the same projection.
    #expect(c5.truth == c5.generated)
  }

  @Test func projectionsAreThreeForThreeCoordinatesAndOneForTwo() {
    let c = [[0.0, 1], [1.0, 0], [2.0, 2]]
    #expect(ReportFigures.projections(names: ["a", "b", "c"], truth: c, generated: c, idPrefix: "t").count == 3)
    #expect(ReportFigures.projections(names: ["a", "b"], truth: Array(c.prefix(2)), generated: Array(c.prefix(2)), idPrefix: "t").count == 1)
  }

  @Test func spectraAreTheOnesDHCompares() {
    let t = 1000
    let x = tensor([(0..<t).map { sin(Double($0) * 0.2) }]), y = tensor([(0..<t).map { sin(Double($0) * 0.25) }])
    let plot = ReportFigures.spectra(true: x, generated: y, smoothing: 5, idPrefix: "s")[0]
    let p = PowerSpectrumDistance.spectrum(ReportFigures.column(x, 0), smoothing: 5)
    // The drawn true series is the D_H spectrum from bin 1 on.
    #expect(Array(plot.series[0].y) == Array(p[1..<(plot.series[0].y.count + 1)]))
    // The title's D_H is the measure's.
    let dh = PowerSpectrumDistance.hellinger(true: x, generated: y, smoothing: 5)
    #expect(plot.title.hasSuffix("D_H = " + String(format: "%.3g", dh)))
  }

  @Test func timeSeriesShowAtMostTheAskedDimensionsAndSteps() {
    let x = tensor((0..<10).map { k in (0..<3000).map { Double($0 * k) } })
    let plots = ReportFigures.timeSeries(true: x, generated: x, steps: 1000, maxDimensions: 8, idPrefix: "t")
    #expect(plots.count == 8 && plots.allSatisfy { $0.series[0].y.count == 1000 })
  }
}
