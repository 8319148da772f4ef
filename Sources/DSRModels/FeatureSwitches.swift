import DSRTensor

/// One switch of a piecewise-linear feature map: the feature `feature` gains
/// `coefficient·(normalᵀz + constant)` while `normalᵀz + constant > 0` (strictly: exactly 0 is off).
///
/// Through the affine part the switch moves the step by `u·(gᵀz + c)` with
/// `u = coefficient·W[:, feature]` — the `g_j, c_j, u_j` of the symbolic switched affine form.
public struct FeatureSwitch: Sendable, Equatable {
  /// g, the switch's normal in state space (length M).
  public var normal: [Double]
  /// c, its offset.
  public var constant: Double
  /// The feature (column of W) the switch feeds.
  public var feature: Int
  /// The feature's gain while the switch is on.
  public var coefficient: Double
  /// A name for display, e.g. `z_3` or `(W₂z + h₂)_7`.
  public var name: String

  /// A switch with normal g, offset c, feeding `coefficient` times its argument into `feature`.
  public init(normal: [Double], constant: Double, feature: Int, coefficient: Double = 1, name: String) {
    (self.normal, self.constant, self.feature, self.coefficient, self.name) = (normal, constant, feature, coefficient, name)
  }

  /// A switch on unit i of an M-dimensional state, `z_i + constant > 0` (normal e_i).
  public init(unit i: Int, of m: Int, constant: Double = 0, feature: Int, coefficient: Double = 1, name: String) {
    self.init(normal: (0..<m).map { $0 == i ? 1 : 0 }, constant: constant, feature: feature, coefficient: coefficient, name: name)
  }
}

/// A piecewise-linear feature map described switch by switch, in Double:
/// `Φ_f(z) = [f ∈ passThroughUnits]·z_f + Σ_{j feeding f} κ_j·1[g_jᵀz + c_j > 0]·(g_jᵀz + c_j)`.
///
/// Every model of the family supplies this once (``LatentModel/featureSwitches()``); the symbolic
/// switched affine form of `A ⊙ z + W·Φ(z) + h` is then written generically.
public struct FeatureSwitches: Sendable, Equatable {
  /// Units whose feature is the unit itself (`Φ_i(z) = z_i`, the AL-RNN's linear units).
  public var passThroughUnits: [Int]
  /// The switches, in region-bit order.
  public var switches: [FeatureSwitch]
  /// Whether every switch is `z_i > 0` for a distinct unit i, so that every bit pattern is a
  /// non-empty region.
  public var unitSwitches: Bool

  /// A description with the given pass-through units, switches and unit-switch property.
  public init(passThroughUnits: [Int] = [], switches: [FeatureSwitch], unitSwitches: Bool) {
    (self.passThroughUnits, self.switches, self.unitSwitches) = (passThroughUnits, switches, unitSwitches)
  }
}

/// A tensor's scalars converted to Double.
func doubles<S: BLASScalar>(_ t: Tensor<S>) -> [Double] { t.scalars.map { Double($0) } }
