/// How ``EmbeddingChoice`` chooses the delays of a delay embedding.
public enum EmbeddingMethod: String, CaseIterable, Codable, Sendable {
  /// Every channel at lags `0, τ, …, (m − 1)τ`: τ from the auto-mutual information
  /// (``AutoMutualInformation``), m from Cao's false neighbours (``CaoStatistic``).
  case uniform
  /// Lags of any channel added one at a time by the false neighbours they separate
  /// (``NonuniformEmbedding``, greedy and PECUZAL-style).
  case nonuniform
}
