import Testing
@testable import DSRPlot

@Suite struct ScaleTests {
  @Test func domainCoversTheDataWithPadding() {
    let d = Scale.domain(of: [0, 10, 5], kind: .linear, padding: 0.1)
    #expect(d == -1...11)
  }

  @Test func domainIgnoresNonFiniteValues() {
    #expect(Scale.domain(of: [1, .nan, 3, .infinity, -.infinity], kind: .linear, padding: 0) == 1...3)
  }

  @Test func emptyAndConstantSeriesGetAUsableDomain() {
    #expect(Scale.domain(of: [], kind: .linear) == 0...1)
    #expect(Scale.domain(of: [.nan], kind: .linear) == 0...1)
    #expect(Scale.domain(of: [2, 2, 2], kind: .linear) == 1.5...2.5)
    #expect(Scale.domain(of: [100, 100], kind: .linear) == 90...110)
    #expect(Scale.domain(of: [], kind: .log) == 1...10)
    #expect(Scale.domain(of: [4], kind: .log) == 2...8)
  }

  @Test func logDomainSkipsNonPositiveValues() {
    let d = Scale.domain(of: [-1, 0, 0.01, 100], kind: .log, padding: 0)
    #expect(abs(d.lowerBound - 0.01) < 1e-12 && abs(d.upperBound - 100) < 1e-9)
  }

  @Test func positionsMapLinearlyAndLogarithmically() {
    let lin = Scale(kind: .linear, domain: 0...10, range: (100, 0))
    #expect(lin.position(0) == 100 && lin.position(10) == 0 && lin.position(2.5) == 75)
    #expect(lin.position(.nan) == nil)
    let log = Scale(kind: .log, domain: 1...100, range: (0, 200))
    #expect(abs(log.position(10)! - 100) < 1e-9)
    #expect(log.position(0) == nil && log.position(-3) == nil)
  }
}
