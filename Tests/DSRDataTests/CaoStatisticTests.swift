import DSRData
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

@Suite("CaoStatistic: averaged false neighbours, E1 and E2")
struct CaoStatisticTests {
  @Test("E, E1, E2 agree with numpy (every point a reference; NaN vectors skipped)", arguments: ["lorenz_x", "lorenz_x_nan", "sine", "noise"])
  func againstNumpy(name: String) throws {
    let f = try EmbeddingFixture.load(name)
    let cao = try CaoStatistic.estimate(
      [f.recording], delay: f.caoDelay, maximalCopies: f.E1.count, theilerWindow: f.theilerWindow, references: 10_000)
    expectCurve(cao.E, f.E, "\(name): E")
    expectCurve(cao.E1, f.E1, "\(name): E1")
    expectCurve(cao.E2, f.E2, "\(name): E2")
    let first = (2...f.E1.count).first { f.E1[$0 - 1] >= 0.8 }
    #expect(cao.copies == first ?? f.E1.count && cao.saturated == (first != nil))
  }

  @Test("Lorenz-63 x: dimension 3 (the first d ≥ 2 with E1(d) ≥ 0.8); E2 far from 1")
  func lorenz() throws {
    let f = try EmbeddingFixture.load("lorenz_x")
    let cao = try CaoStatistic.estimate([f.recording], delay: 8, maximalCopies: 6)
    #expect(cao.copies == 3 && cao.dimension == 3 && cao.saturated && cao.theilerWindow == 8)
    #expect(!cao.looksLikeNoise && cao.E2[0] < 0.5)
  }

  @Test("white noise: E2 ≈ 1 at every d, so it looks like noise")
  func noise() throws {
    let cao = try CaoStatistic.estimate([try EmbeddingFixture.load("noise").recording], delay: 1, maximalCopies: 6)
    #expect(cao.E2.allSatisfy { Swift.abs($0 - 1) < 0.1 } && cao.looksLikeNoise)
  }

  @Test("a seeded subset of references: deterministic, near the full statistic, another seed differs")
  func subset() throws {
    let x = try EmbeddingFixture.load("lorenz_x").recording
    let full = try CaoStatistic.estimate([x], delay: 8, maximalCopies: 4, references: 10_000)
    let part = try CaoStatistic.estimate([x], delay: 8, maximalCopies: 4, references: 600)
    #expect(try part == (CaoStatistic.estimate([x], delay: 8, maximalCopies: 4, references: 600)))
    #expect(try part != (CaoStatistic.estimate([x], delay: 8, maximalCopies: 4, references: 600, seed: 7)))
    for m in 1...3 { #expect(Swift.abs(part.E1[m] - full.E1[m]) < 0.1, "E1(\(m + 1))") }
    #expect(part.copies == 3)
  }

  @Test("several channels: m copies of each; m = 1 when the channels are a state (Lorenz x, y, z)")
  func channels() throws {
    let path = repositoryRoot().appendingPathComponent("Datasets/lorenz63_test.npy").path
    let xyz: Tensor<Double> = try MatrixFile.read(path)
    let cao = try CaoStatistic.estimate([xyz.rows(0..<3000)], delay: 15, maximalCopies: 3)
    #expect(cao.channels == [0, 1, 2] && cao.copies == 1 && cao.dimension == 3 && cao.E1[0] >= 0.8)
    // x and x³ carry one coordinate's information: a delayed copy is needed.
    let f = try EmbeddingFixture.load("lorenz_x")
    let x = f.series.map { $0! }
    let twin = Tensor(shape: [x.count, 2], scalars: x.flatMap { [$0, $0 * $0 * $0] })
    let both = try CaoStatistic.estimate([twin], delay: 8, maximalCopies: 3)
    #expect(both.E1[0] < 0.5 && both.copies >= 2 && both.dimension == 2 * both.copies)
  }

  @Test("bad settings and too short recordings are errors that say so")
  func errors() throws {
    let x = try EmbeddingFixture.load("lorenz_x").recording
    #expect(throws: DataFileError.self) { try CaoStatistic.estimate([x], delay: 0, maximalCopies: 3) }
    #expect(throws: DataFileError.self) { try CaoStatistic.estimate([x], channels: [1], delay: 8, maximalCopies: 3) }
    do {
      _ = try CaoStatistic.estimate([x.rows(0..<60)], delay: 20, maximalCopies: 3)
      Issue.record("no error")
    } catch let error as DataFileError {
      #expect(error.problem.contains("too few for Cao's statistic") && error.remedy == "give a longer recording, or a smaller delay or largest dimension")
    }
  }
}
