import Foundation
import Testing
@testable import DSRPlot

@Suite struct DecimationTests {
  @Test func shortSeriesAreKeptWhole() {
    let x = (0..<100).map(Double.init)
    #expect(Decimation.minMaxPerColumn(x: x, y: x, columns: 50) == Array(0..<100))
  }

  @Test func minMaxPerColumnKeepsTheExtremesOfEveryColumn() {
    let n = 100_000
    let x = (0..<n).map(Double.init)
    let y = x.map { sin($0 / 500) + (Int($0) == 54_321 ? 5 : 0) }
    let kept = Decimation.minMaxPerColumn(x: x, y: y, columns: 400)
    #expect(kept.count <= 4 * 400 && kept.count >= 400)
    #expect(kept.contains(54_321), "a one-sample spike survives")
    #expect(kept.first == 0 && kept.last == n - 1)
    #expect(zip(kept.dropFirst(), kept).allSatisfy { $0 > $1 }, "indices stay in order")
    // The kept points span the same y range.
    #expect(kept.map { y[$0] }.max() == y.max() && kept.map { y[$0] }.min() == y.min())
  }

  @Test func nonFiniteValuesAreKeptAsGaps() {
    let x = (0..<10_000).map(Double.init)
    var y = x.map { $0.truncatingRemainder(dividingBy: 7) }
    y[5000] = .nan
    let kept = Decimation.minMaxPerColumn(x: x, y: y, columns: 100)
    #expect(kept.contains(5000))
  }

  @Test func gridThinningKeepsOnePointPerCellAndGroup() {
    // 10 000 points in a 10 × 10 pixel square: at most 100 cells.
    var rng = SystemRandomNumberGenerator()
    let px = (0..<10_000).map { _ in Double.random(in: 0..<10, using: &rng) }
    let py = (0..<10_000).map { _ in Double.random(in: 0..<10, using: &rng) }
    let kept = Decimation.gridThinning(px: px, py: py, cell: 1)
    #expect(kept.count <= 100 && kept.count > 90)
    let groups = (0..<10_000).map { $0 % 2 }
    let both = Decimation.gridThinning(px: px, py: py, cell: 1, groups: groups)
    #expect(both.count > kept.count && both.count <= 200)
  }

  @Test func gridThinningDropsNonFinitePoints() {
    #expect(Decimation.gridThinning(px: [0, .nan, 5], py: [0, 1, .infinity], cell: 1) == [0])
  }
}
