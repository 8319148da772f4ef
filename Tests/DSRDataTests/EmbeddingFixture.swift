import DSRTensor
import DSRTestSupport
import Foundation
import Testing

/// A reference written by Tests/generate_embedding_fixtures.py (numpy/scipy): a series and its
/// auto-mutual information, autocorrelation, Cao statistic and greedy non-uniform embedding.
struct EmbeddingFixture: Decodable {
  struct Step: Decodable {
    var lag: Int
    var E: Double
    var ratio: Double?
  }

  var series: [Double?]
  var maximalDelay: Int
  var mutualInformation: [Double]
  var autocorrelation: [Double]
  var caoDelay: Int
  var theilerWindow: Int
  var E: [Double]
  var E1: [Double]
  var E2: [Double]
  var nonuniformLags: [Int]
  var nonuniformSteps: [Step]
  var nonuniformSaturated: Bool

  /// `Fixtures/embedding_<name>.json`.
  static func load(_ name: String) throws -> EmbeddingFixture {
    let url = fixturesDirectory().appendingPathComponent("embedding_\(name).json")
    return try JSONDecoder().decode(EmbeddingFixture.self, from: Data(contentsOf: url))
  }

  /// The series as a `T × 1` recording, missing values NaN.
  var recording: Tensor<Double> { Tensor(shape: [series.count, 1], scalars: series.map { $0 ?? .nan }) }
}

/// Expects two curves of equal length to agree within `rtol` relative (plus 1e-12 absolute).
func expectCurve(
  _ actual: [Double], _ expected: [Double], rtol: Double = 1e-9, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  expectClose(Tensor(actual), Tensor(expected), atol: 1e-12, rtol: rtol, "\(what)", sourceLocation: sourceLocation)
}
