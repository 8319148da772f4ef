import DSRMeasures
import Foundation
import DSRTensor
import Testing

/// The reasons printed beside a NaN measure.
@Suite struct UndefinedMeasureTests {
  /// Two oscillating coordinates, 64 rows.
  let data: Tensor<Double> = {
    var scalars: [Double] = []
    for t in 0..<64 { scalars += [sin(0.4 * Double(t)), cos(0.25 * Double(t))] }
    return Tensor<Double>(shape: [64, 2], scalars: scalars)
  }()

  @Test("D_H of a constant generated coordinate is NaN, and the reason names the coordinate")
  func fixedPoint() {
    var flat = data
    for t in 0..<64 { flat.scalars[t * 2 + 1] = 3 }
    #expect(PowerSpectrumDistance.hellinger(true: data, generated: flat, smoothing: 2).isNaN)
    #expect(UndefinedMeasure.powerSpectrum(true: data, generated: flat) == "generated coordinate 2 is constant: it has no spectrum")
    #expect(UndefinedMeasure.powerSpectrum(true: flat, generated: data) == "true coordinate 2 is constant: the data has no spectrum there")
    #expect(UndefinedMeasure.powerSpectrum(true: data, generated: data) == nil)
  }

  @Test("the binned D_stsp of a series outside the data's range is NaN with its reason; text prints NaN (reason)")
  func elsewhere() {
    let far = data.map { $0 + 1000 }
    #expect(StateSpaceDivergence.binned(true: data, generated: far, bins: 5).isNaN)
    #expect(UndefinedMeasure.stateSpace(true: data, generated: far)?.contains("the generated series is elsewhere") == true)
    #expect(UndefinedMeasure.text(.nan, format: "%.3f", reason: "why") == "NaN (why)")
    #expect(UndefinedMeasure.text(.infinity, format: "%.3f", reason: nil) == "inf")
    #expect(UndefinedMeasure.text(0.5, format: "%.3f", reason: "unused") == "0.500")
    #expect(UndefinedMeasure.predictionError(rows: 10, steps: 20) == "the data has 10 rows, PE(20) needs more than 20")
    var holes = data
    for t in stride(from: 3, to: 64, by: 4) { holes.scalars[t * 2] = .nan }
    #expect(UndefinedMeasure.predictionError(data: holes, steps: 3) == "the data has no 4 consecutive complete rows for PE(3)")
    #expect(UndefinedMeasure.powerSpectrum(true: holes, generated: data) == "the true data has no gap-free stretch of 64 rows: no spectrum")
    #expect(PowerSpectrumDistance.hellinger(true: holes, generated: data, smoothing: 2).isNaN)
  }
}
