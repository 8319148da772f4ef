/// The structural sizes of a latent model beyond its dimension M: fixed by the architecture, not
/// trained. A field is nil when the family has no such size.
public struct ModelSizes: Sendable, Equatable {
  /// L, the hidden width of the shallow PLRNNs.
  public var hidden: Int?
  /// B, the number of bases of the dendritic PLRNNs.
  public var bases: Int?
  /// P, the number of piecewise-linear units of the AL-RNN.
  public var piecewiseLinearUnits: Int?

  /// Sizes with the given fields (nil: the family has no such size).
  public init(hidden: Int? = nil, bases: Int? = nil, piecewiseLinearUnits: Int? = nil) {
    (self.hidden, self.bases, self.piecewiseLinearUnits) = (hidden, bases, piecewiseLinearUnits)
  }
}
