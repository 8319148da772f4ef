import DSRDynamics
import DSRModels
import DSRTensor
import Foundation

/// Any model of the zoo written as one switched affine map, in Double:
///
///   `F(z) = A₀z + b₀ + Σ_j d_j(z)·u_j·(g_jᵀz + c_j)`,  with `d_j(z) = 1[g_jᵀz + c_j > 0]`
///
/// (strictly: a switch exactly at 0 is off — dsr's single ReLU convention). The bit vector
/// `d(z)` is the state's activation pattern, its linear subregion; inside region d the map is
/// exactly affine, `F(z) = A_d z + b_d` with `A_d = A₀ + Σ_j d_j u_j g_jᵀ` and
/// `b_d = b₀ + Σ_j d_j c_j u_j`.
///
/// Each model supplies its switches once (``LatentModel/featureSwitches()``); for the zoo:
///
/// | model | switches (one per) | g_j, c_j | u_j |
/// |---|---|---|---|
/// | AL-RNN | piecewise unit i (the last P) | e_i, 0 | W[:, i] |
/// | PLRNN | unit i | e_i, 0 | W[:, i] |
/// | mcPLRNN | unit i | e_i − 1/M, 0 | W[:, i] |
/// | shallow PLRNN | hidden unit j | W₂[j, :], h₂[j] | W₁[:, j] |
/// | clipped shallow | hidden unit j, twice | (W₂[j, :], h₂[j]) and (W₂[j, :], 0) | W₁[:, j] and −W₁[:, j] |
/// | dendritic | unit i × basis b | e_i, −H[i, b] | α_b W[:, i] |
/// | clipped dendritic | … and unit i | e_i, 0 | −(Σ_b α_b) W[:, i] |
public struct SwitchedAffineMap: Sendable {
  /// M.
  public let dimension: Int
  /// A₀, row-major M × M, and b₀.
  public let baseMatrix: [Double]
  /// b₀ (length M).
  public let baseOffset: [Double]
  /// Per switch: g (length M), c, u (length M), and a name for display (e.g. `z_19`, `h_3`).
  public let normals: [[Double]]
  /// c_j of each switch.
  public let constants: [Double]
  /// u_j of each switch (length M).
  public let directions: [[Double]]
  /// The display name of each switch.
  public let switchNames: [String]
  /// Whether every switch is `z_i > 0` for a distinct unit i (AL-RNN, PLRNN): then every bit
  /// pattern is a non-empty region, and random patterns are admissible.
  public let unitSwitches: Bool
  /// The model's reference name.
  public let modelName: String

  /// The number of switches (bits of a region code): P for the AL-RNN, M for the PLRNN, L (2L
  /// clipped) for the shallow models.
  public var switchCount: Int { constants.count }

  /// A switched affine map from its parts; traps unless the sizes agree with `dimension` and the switch count.
  public init(
    dimension: Int, baseMatrix: [Double], baseOffset: [Double], normals: [[Double]], constants: [Double],
    directions: [[Double]], switchNames: [String], unitSwitches: Bool, modelName: String
  ) {
    precondition(baseMatrix.count == dimension * dimension && baseOffset.count == dimension)
    precondition(normals.count == constants.count && directions.count == constants.count && switchNames.count == constants.count)
    (self.dimension, self.baseMatrix, self.baseOffset, self.normals, self.constants, self.directions, self.switchNames, self.unitSwitches, self.modelName) =
      (dimension, baseMatrix, baseOffset, normals, constants, directions, switchNames, unitSwitches, modelName)
  }

  /// The switched form of a latent model of any family, from its affine part and the switches of
  /// its feature map (``LatentModel/featureSwitches()``): `A₀ = diag(A) + Σ_{pass-through i} W[:, i]e_iᵀ`,
  /// `b₀ = h`, and per switch j of feature f with gain κ, `u_j = κ·W[:, f]`.
  public init<S: BLASScalar>(_ model: any LatentModel<S>) {
    let m = model.dimension
    let (a, w, h) = model.affineParameters
    let (ad, wd, f) = (a.scalars.map { Double($0) }, w.scalars.map { Double($0) }, w.shape[1])
    let form = model.featureSwitches()
    var base = [Double](repeating: 0, count: m * m)
    for i in 0..<m { base[i * m + i] = ad[i] }
    for j in form.passThroughUnits { for r in 0..<m { base[r * m + j] += wd[r * f + j] } }
    let directions = form.switches.map { s in (0..<m).map { wd[$0 * f + s.feature] * s.coefficient } }
    self.init(dimension: m, baseMatrix: base, baseOffset: h.scalars.map { Double($0) }, normals: form.switches.map(\.normal),
              constants: form.switches.map(\.constant), directions: directions, switchNames: form.switches.map(\.name),
              unitSwitches: form.unitSwitches, modelName: model.referenceName)
  }

  /// The switch values `g_jᵀz + c_j`.
  public func switchValues(_ z: [Double]) -> [Double] {
    (0..<switchCount).map { j in
      var s = constants[j]
      let gj = normals[j]
      for i in 0..<dimension where gj[i] != 0 { s += gj[i] * z[i] }
      return s
    }
  }

  /// The activation pattern of z (its region).
  public func pattern(_ z: [Double]) -> Region { Region(bits: switchValues(z).map { $0 > 0 }) }

  /// `A_d` (row-major M × M) and `b_d` of region d.
  public func affine(_ region: Region) -> (matrix: [Double], offset: [Double]) {
    precondition(region.bits.count == switchCount, "affine: \(region.bits.count) bits, \(switchCount) switches")
    var a = baseMatrix, b = baseOffset
    let m = dimension
    for (j, on) in region.bits.enumerated() where on {
      let (gj, uj, cj) = (normals[j], directions[j], constants[j])
      for r in 0..<m where uj[r] != 0 {
        for col in 0..<m where gj[col] != 0 { a[r * m + col] += uj[r] * gj[col] }
        b[r] += uj[r] * cj
      }
    }
    return (a, b)
  }

  /// `F(z)`, the model's step (in Double): `A₀z + b₀ + Σ_{j on} u_j (g_jᵀz + c_j)`, which is
  /// `A_d z + b_d` of z's region d without forming `A_d` (M² + on·M operations instead of on·M²:
  /// at M = 400 a step is 400 times cheaper).
  public func callAsFunction(_ z: [Double]) -> [Double] {
    let values = switchValues(z)
    var out = apply(baseMatrix, baseOffset, z)
    for (j, value) in values.enumerated() where value > 0 {
      let u = directions[j]
      for r in 0..<dimension where u[r] != 0 { out[r] += u[r] * value }
    }
    return out
  }

  func apply(_ a: [Double], _ b: [Double], _ z: [Double]) -> [Double] {
    let m = dimension
    return (0..<m).map { r in
      var s = b[r]
      for c in 0..<m { s += a[r * m + c] * z[c] }
      return s
    }
  }
}

/// A linear subregion: the bit pattern of the switches, in switch order (for the AL-RNN: the
/// last P units in unit order).
public struct Region: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
  /// On (true) or off per switch, in switch order.
  public var bits: [Bool]
  /// The region with these bits.
  public init(bits: [Bool]) { self.bits = bits }
  /// Bits in switch order, e.g. `"01"` (first switch off, second on).
  public var description: String { String(bits.map { $0 ? "1" : "0" }) }
  /// `Σ_i bit_i·2^i` (switch i ↔ bit i, the recommendation of alrnn-symbolic.md §3.1), or nil
  /// beyond 62 switches.
  public var code: Int? {
    guard bits.count <= 62 else { return nil }
    return bits.enumerated().reduce(0) { $0 | ($1.element ? 1 << $1.offset : 0) }
  }
  /// The region of `count` switches whose code is `code` (bit i ↔ switch i).
  public init(code: Int, count: Int) { bits = (0..<count).map { code >> $0 & 1 == 1 } }
  /// The region written as in description; nil unless `text` is only 0s and 1s.
  public init?(_ text: String) {
    guard text.allSatisfy({ $0 == "0" || $0 == "1" }) else { return nil }
    bits = text.map { $0 == "1" }
  }
  /// Orders regions by their description strings.
  public static func < (a: Region, b: Region) -> Bool { a.description < b.description }
  /// Encodes the region as its description string.
  public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(description) }
  /// Decodes a region from a string of 0s and 1s.
  /// - Throws: `DecodingError.dataCorrupted` for any other string.
  public init(from decoder: Decoder) throws {
    let s = try decoder.singleValueContainer().decode(String.self)
    guard let r = Region(s) else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a region is a string of 0 and 1, got \(s)")) }
    self = r
  }
}
