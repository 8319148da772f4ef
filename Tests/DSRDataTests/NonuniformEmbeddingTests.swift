import DSRData
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

@Suite("NonuniformEmbedding: the greedy, PECUZAL-style search")
struct NonuniformEmbeddingTests {
  @Test("lags, scores and stop agree with numpy", arguments: ["lorenz_x", "lorenz_x_nan", "sine", "noise"])
  func againstNumpy(name: String) throws {
    let f = try EmbeddingFixture.load(name)
    let search = try NonuniformEmbedding.search(
      [f.recording], maximalDelay: f.maximalDelay, maximalDimension: f.E1.count, theilerWindow: f.theilerWindow, references: 10_000)
    #expect(search.embedding.coordinates.map(\.lag) == f.nonuniformLags)
    #expect(search.steps.map(\.candidate.lag) == f.nonuniformSteps.map(\.lag))
    expectCurve(search.steps.map(\.E), f.nonuniformSteps.map(\.E), "\(name): E_k")
    #expect(search.steps.map { $0.ratio == nil } == f.nonuniformSteps.map { $0.ratio == nil })
    #expect(search.saturated == f.nonuniformSaturated)
    #expect(search.steps.first?.dimension == 1 && search.embedding.coordinates.first == .init(channel: 0, lag: 0))
  }

  @Test("several channels: all start at lag 0, and any channel's lag may be added")
  func channels() throws {
    let x = try EmbeddingFixture.load("lorenz_x").series.map { $0! }
    let twin = Tensor(shape: [x.count, 2], scalars: x.flatMap { [$0, $0 * $0 * $0] })
    let search = try NonuniformEmbedding.search([twin], maximalDelay: 30, maximalDimension: 5, theilerWindow: 8, references: 500)
    #expect(Array(search.embedding.coordinates.prefix(2)) == [.init(channel: 0, lag: 0), .init(channel: 1, lag: 0)])
    #expect(search.embedding.dimension >= 3 && search.steps.first?.dimension == 2)
    #expect(try search == (NonuniformEmbedding.search([twin], maximalDelay: 30, maximalDimension: 5, theilerWindow: 8, references: 500)))
    #expect(throws: DataFileError.self) { try NonuniformEmbedding.search([twin], maximalDimension: 1) }
  }
}
