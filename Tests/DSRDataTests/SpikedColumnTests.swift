import DSRData
import DSRTensor
import Foundation
import Testing

/// A column that is constant but for a spike trains with a warning naming it (issue 26, item 12).
@Suite("Spiked columns")
struct SpikedColumnTests {
  /// A T × 3 matrix: a sine, `column` in the middle, a cosine.
  func matrix(_ middle: [Double]) -> Tensor<Double> {
    let t = middle.count
    return Tensor(shape: [t, 3], scalars: (0..<t).flatMap { [sin(0.1 * Double($0)), middle[$0], cos(0.07 * Double($0))] })
  }

  @Test("one spike, a few glitches, a negative spike, a spike after missing values: found, naming the column, value and count")
  func found() throws {
    var one = [Double](repeating: 2.5, count: 1000); one[400] = 80
    var few = [Double](repeating: 0, count: 2000); for i in [3, 900, 1999] { few[i] = 1 }
    var negative = [Double](repeating: -1, count: 500); negative[0] = -50
    var gappy = [Double](repeating: 7, count: 800); gappy[10] = .nan; gappy[11] = .nan; gappy[700] = 9
    for (column, value, differing, valid) in [(one, 2.5, 1, 1000), (few, 0.0, 3, 2000), (negative, -1.0, 1, 500), (gappy, 7.0, 1, 798)] {
      let spiked = Standardization.spikedColumns(of: [matrix(column)])
      try #require(spiked.count == 1, "\(spiked)")
      #expect(spiked[0].column == 1 && spiked[0].value == value && spiked[0].differing == differing && spiked[0].valid == valid)
      let warning = spiked[0].warning(for: "x.npy")
      #expect(warning.hasPrefix("x.npy: column 1 (0-based) is \(String(format: "%.6g", value)) in all but \(differing) of \(valid) rows") && warning.contains("np.delete(x, 1, axis=1)"), "\(warning)")
      #expect(spiked[0].largestDeviation > 5)
    }
  }

  @Test("ordinary columns are not flagged: a sine, a 50/50 switch, a sparse pulse train above 1 %, a constant column (refused elsewhere)")
  func notFound() {
    let sine = (0..<1000).map { sin(0.05 * Double($0)) }
    let switching = (0..<1000).map { Double(($0 / 37) % 2) }
    let pulses = (0..<1000).map { $0 % 50 == 0 ? 1.0 : 0.0 }
    let constant = [Double](repeating: 3, count: 1000)
    for column in [sine, switching, pulses, constant] { #expect(Standardization.spikedColumns(of: [matrix(column)]).isEmpty) }
  }

  @Test("several trajectories count together: a spike in one of two flat trajectories is found once")
  func trajectories() {
    var a = [Double](repeating: 1, count: 300); a[150] = 4
    let b = [Double](repeating: 1, count: 300)
    let spiked = Standardization.spikedColumns(of: [matrix(a), matrix(b)])
    #expect(spiked.map(\.column) == [1] && spiked.first?.valid == 600)
  }
}
