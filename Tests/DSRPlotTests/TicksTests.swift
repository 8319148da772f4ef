import Testing
@testable import DSRPlot

@Suite struct TicksTests {
  @Test func niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
    #expect(Ticks.niceStep(span: 10, target: 5) == 2)
    #expect(Ticks.niceStep(span: 1000, target: 5) == 200)
    #expect(abs(Ticks.niceStep(span: 0.07, target: 5) - 0.02) < 1e-15)
    #expect(Ticks.niceStep(span: 0, target: 5) == 1)
  }

  @Test func linearTicksLieInsideTheDomain() {
    #expect(Ticks.linear(-0.3...10.4) == [0, 2, 4, 6, 8, 10])
    let t = Ticks.linear(-2.87...3.14)
    #expect(t.first! >= -2.87 && t.last! <= 3.14 && t.count >= 4 && t.contains(0))
    #expect(Ticks.linear(5...5) == [5])
  }

  @Test func aNarrowDomainStillGetsTwoTicks() {
    #expect(Ticks.linear(0.9999...1.0001).count >= 2)
  }

  @Test func logTicksAreDecadesOrOneTwoFive() {
    #expect(Ticks.log(1e-4...10) == [1e-4, 1e-3, 1e-2, 1e-1, 1, 10])
    #expect(Ticks.log(0.15...3) == [0.2, 0.5, 1, 2])
    #expect(Ticks.log(1e-12...1e12).count <= 9)
  }

  @Test func labelsTellNeighboursApart() {
    #expect(Ticks.labels([0, 0.5, 1, 1.5]) == ["0.0", "0.5", "1.0", "1.5"])
    #expect(Ticks.labels([0, 2.5, 5, 7.5]) == ["0.0", "2.5", "5.0", "7.5"])
    #expect(Ticks.labels([-2, 0, 2]) == ["−2", "0", "2"])
    #expect(Ticks.labels([0, 200_000, 400_000]) == ["0", "2e+05", "4e+05"])
    #expect(Ticks.labels([1e-4, 1e-2, 1, 100], kind: .log) == ["10⁻⁴", "0.01", "1", "100"])
    #expect(Ticks.labels([1e-5, 2e-5, 5e-5, 1e-4], kind: .log) == ["10⁻⁵", "2·10⁻⁵", "5·10⁻⁵", "10⁻⁴"])
    #expect(Ticks.labels([15.5, 16, 16.5], kind: .log) == ["15.5", "16.0", "16.5"])
    #expect(Set(Ticks.labels(Ticks.linear(0.9999...1.0001))).count == Ticks.linear(0.9999...1.0001).count)
  }
}
