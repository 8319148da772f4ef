import Testing
@testable import DSRExperiment

@Suite struct TrainingFiguresTests {
  @Test func evenlySpacedKeepsTheFirstAndTheLast() {
    #expect(TrainingFigures.evenlySpaced(Array(1...40), at: 5) == [1, 11, 21, 30, 40])
    #expect(TrainingFigures.evenlySpaced([1, 2, 3], at: 5) == [1, 2, 3])
  }
}
