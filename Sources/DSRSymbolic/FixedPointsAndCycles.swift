import DSRTensor
import Foundation

/// A k-cycle of a switched affine map, with the linearisation around it; a fixed point is the
/// 1-cycle (k = 1), one type for both.
///
/// JSON: a cycle of order k ≥ 2 is `{order, regions, points, …}`; a fixed point is rendered with
/// its single region and point as `{region, state, …}` (the `fixed_points` entries of
/// `dsr analyze`). Both share `real`, `eigenvalues`, `spectral_radius`, `stable`, `type` and
/// `verification_error`, and decode back to the same value.
public struct Cycle: Codable, Sendable, Equatable {
  /// k.
  public var order: Int
  /// The region of each point, in orbit order.
  public var regions: [Region]
  /// The k points z₁ … z_k, z_{j+1} = F(z_j), F(z_k) = z₁.
  public var points: [[Double]]
  /// Whether every point lies in its own region (a true cycle of F). Fixed points of a region's
  /// affine map that lie outside it are virtual.
  public var real: Bool
  /// Eigenvalues (real, imaginary) of the monodromy matrix A_{d_k}⋯A_{d_1}.
  public var eigenvalues: [[Double]]
  /// The largest eigenvalue modulus.
  public var spectralRadius: Double
  /// All |λ| < 1.
  public var stable: Bool
  /// stable, unstable, saddle or non-hyperbolic (some |λ| = 1 within 1e-9), with "spiral" when
  /// complex eigenvalues are present.
  public var type: String
  /// max_j ‖F(z_j) − z_{j+1}‖∞ when iterating the model itself (nil for virtual points).
  public var verificationError: Double?

  /// A cycle of order `order` through `points` (in `regions`) with its linearisation.
  public init(
    order: Int, regions: [Region], points: [[Double]], real: Bool, eigenvalues: [[Double]], spectralRadius: Double,
    stable: Bool, type: String, verificationError: Double?
  ) {
    (self.order, self.regions, self.points, self.real, self.eigenvalues) = (order, regions, points, real, eigenvalues)
    (self.spectralRadius, self.stable, self.type, self.verificationError) = (spectralRadius, stable, type, verificationError)
  }

  /// The region of a fixed point (the first region of a longer cycle).
  public var region: Region { regions[0] }
  /// The state of a fixed point, z* (the first point of a longer cycle).
  public var state: [Double] { points[0] }

  enum CodingKeys: String, CodingKey {
    case order, regions, points, real, eigenvalues, stable, type, region, state
    case spectralRadius = "spectral_radius", verificationError = "verification_error"
  }

  /// Decodes a cycle, or a fixed point from its `region` and `state`.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    if c.contains(.state) {
      (order, regions, points) = (1, [try c.decode(Region.self, forKey: .region)], [try c.decode([Double].self, forKey: .state)])
    } else {
      order = try c.decode(Int.self, forKey: .order)
      regions = try c.decode([Region].self, forKey: .regions)
      points = try c.decode([[Double]].self, forKey: .points)
    }
    real = try c.decode(Bool.self, forKey: .real)
    eigenvalues = try c.decode([[Double]].self, forKey: .eigenvalues)
    spectralRadius = try c.decode(Double.self, forKey: .spectralRadius)
    stable = try c.decode(Bool.self, forKey: .stable)
    type = try c.decode(String.self, forKey: .type)
    verificationError = try c.decodeIfPresent(Double.self, forKey: .verificationError)
  }

  /// Encodes a fixed point as `region` and `state`, a longer cycle as `order`, `regions` and `points`.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    if order == 1 {
      try c.encode(region, forKey: .region)
      try c.encode(state, forKey: .state)
    } else {
      try c.encode(order, forKey: .order)
      try c.encode(regions, forKey: .regions)
      try c.encode(points, forKey: .points)
    }
    try c.encode(real, forKey: .real)
    try c.encode(eigenvalues, forKey: .eigenvalues)
    try c.encode(spectralRadius, forKey: .spectralRadius)
    try c.encode(stable, forKey: .stable)
    try c.encode(type, forKey: .type)
    try c.encodeIfPresent(verificationError, forKey: .verificationError)
  }
}

/// Fixed points and cycles of a ``SwitchedAffineMap``: per region (exact), by the SCYFI search
/// (Eisenmann et al. 2023; alrnn-symbolic.md §5), and exhaustively for few switches.
public struct CycleFinder {
  /// The switched affine map searched.
  public let map: SwitchedAffineMap
  /// The map every reported cycle is verified with (the model's own step by default the switched form).
  public var verify: ([Double]) -> [Double]
  /// Points closer than `tolerance·(1 + ‖p‖∞)` in every coordinate are the same.
  public var tolerance = 1e-6

  /// A finder for `map` whose cycles are verified with `verify` (nil: with `map` itself).
  public init(map: SwitchedAffineMap, verify: (([Double]) -> [Double])? = nil) {
    self.map = map
    self.verify = verify ?? { map($0) }
  }

  /// Φ = A_{d_k}⋯A_{d_1} and ψ with F^k(z) = Φz + ψ inside the region sequence.
  func composition(_ regions: [Region]) -> (phi: Tensor<Double>, psi: Tensor<Double>) {
    let m = map.dimension
    var phi = Tensor<Double>.identity(m)
    var psi = Tensor<Double>(zeros: [m])
    for r in regions {
      let (a, b) = map.affine(r)
      let am = Tensor(shape: [m, m], scalars: a)
      phi = am.matmul(phi)
      psi = am.matmul(psi.reshaped([m, 1])).reshaped([m]) + Tensor(b)
    }
    return (phi, psi)
  }

  /// The candidate z₁ = (I − Φ)⁻¹ψ of a region sequence, nil when I − Φ is singular or the
  /// solution is not finite.
  public func candidate(_ regions: [Region]) -> [Double]? {
    let (phi, psi) = composition(regions)
    let m = map.dimension
    guard let z = try? (Tensor<Double>.identity(m) - phi).solve(psi.reshaped([m, 1])), z.scalars.allSatisfy(\.isFinite) else { return nil }
    return z.scalars
  }

  /// Eigenvalues, spectral radius, stability and type of a monodromy matrix.
  func linearisation(_ regions: [Region]) -> (eigenvalues: [[Double]], radius: Double, stable: Bool, type: String) {
    let (phi, _) = composition(regions)
    let values = (try? phi.eigenvalues()) ?? []
    let moduli = values.map { ($0.real * $0.real + $0.imaginary * $0.imaginary).squareRoot() }
    let radius = moduli.max() ?? .nan
    let complex = values.contains { Swift.abs($0.imaginary) > 1e-12 }
    var type: String
    if moduli.contains(where: { Swift.abs($0 - 1) < 1e-9 }) { type = "non-hyperbolic" }
    else if moduli.allSatisfy({ $0 < 1 }) { type = "stable" }
    else if moduli.allSatisfy({ $0 > 1 }) { type = "unstable" }
    else { type = "saddle" }
    if complex { type += " spiral" }
    return (values.map { [$0.real, $0.imaginary] }, radius, moduli.allSatisfy { $0 < 1 }, type)
  }

  /// The fixed point of region d's affine map, real or virtual; nil if I − A_d is singular.
  public func fixedPoint(of region: Region) -> Cycle? {
    guard let z = candidate([region]) else { return nil }
    let real = map.pattern(z) == region
    let lin = linearisation([region])
    var error: Double? = nil
    if real { error = maxDifference(verify(z), z) }
    return Cycle(order: 1, regions: [region], points: [z], real: real, eigenvalues: lin.eigenvalues, spectralRadius: lin.radius,
                 stable: lin.stable, type: lin.type, verificationError: error)
  }

  func maxDifference(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { Swift.abs($0 - $1) }.max() ?? 0 }

  func same(_ p: [Double], _ q: [Double]) -> Bool {
    let scale = 1 + (q.map(Swift.abs).max() ?? 0)
    return zip(p, q).allSatisfy { Swift.abs($0 - $1) <= tolerance * scale }
  }

  func known(_ p: [Double], in cycles: [Cycle]) -> Bool { cycles.contains { $0.points.contains { same(p, $0) } } }

  /// If `regions` gives a true cycle (every point in its region, of exact order k, verified by
  /// iterating the model), the cycle.
  func trueCycle(_ regions: [Region], lower: [Cycle]) -> (cycle: Cycle?, visited: [Region])? {
    guard let z = candidate(regions) else { return nil }
    var orbit = [z]
    for _ in 1..<regions.count { orbit.append(map(orbit.last!)) }
    let visited = orbit.map { map.pattern($0) }
    guard visited == regions, orbit.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return (nil, visited) }
    if known(z, in: lower) { return (nil, visited) }
    // A candidate with a shorter true period repeats one of its points.
    for j in 1..<orbit.count where same(orbit[j], orbit[0]) { return (nil, visited) }
    var error = 0.0
    for j in 0..<orbit.count { error = Swift.max(error, maxDifference(verify(orbit[j]), orbit[(j + 1) % orbit.count])) }
    guard error <= 1e-6 * (1 + (z.map(Swift.abs).max() ?? 0)) else { return (nil, visited) }
    let lin = linearisation(regions)
    return (Cycle(order: regions.count, regions: regions, points: orbit, real: true, eigenvalues: lin.eigenvalues,
                  spectralRadius: lin.radius, stable: lin.stable, type: lin.type, verificationError: error), visited)
  }

  /// The reference's loop budgets per order (`set_loop_iterations`).
  public static func budget(order k: Int) -> (outer: Int, inner: Int) {
    switch k {
    case ...2: return (10, 20)
    case 3...5: return (10, 60)
    case 6...7: return (10, 300)
    case 8...19: return (40, 1080)
    case 20...29: return (40, 1115)
    default: return (100, 1115)
    }
  }

  /// SCYFI: true cycles of orders 1…`maxOrder`. Random region sequences are drawn from `pool`
  /// (regions known to be non-empty), or as independent fair bits when every pattern is a region
  /// (unit switches); a virtual candidate jumps to the regions its orbit actually visits; a new
  /// cycle resets both loop budgets. Seeded, so the same seed finds the same cycles.
  /// `progress` receives (order, attempts at that order, cycles found at that order) after each attempt.
  public func scyfi(maxOrder: Int, pool: [Region], outer: Int? = nil, inner: Int? = nil, seed: UInt64 = 0,
                    progress: ((Int, Int, Int) -> Void)? = nil) -> [Cycle] {
    var rng = RandomGenerator(seed: seed)
    var all: [Cycle] = []
    func random() -> Region {
      if map.unitSwitches || pool.isEmpty { return Region(bits: (0..<map.switchCount).map { _ in rng.next() & 1 == 1 }) }
      return pool[rng.integer(in: 0..<pool.count)]
    }
    for k in 1...maxOrder {
      let (outerLimit, innerLimit) = (outer ?? Self.budget(order: k).outer, inner ?? Self.budget(order: k).inner)
      var found: [Cycle] = []
      var i = -1, attempts = 0
      while i < outerLimit {
        i += 1
        var sequence = (0..<k).map { _ in random() }
        var c = 0
        while c < innerLimit {
          c += 1
          attempts += 1
          progress?(k, attempts, found.count)
          guard let (cycle, visited) = trueCycle(sequence, lower: all) else {
            sequence = (0..<k).map { _ in random() }
            continue
          }
          if let cycle, !known(cycle.points[0], in: found) {
            found.append(cycle)
            (i, c) = (0, 0)
          }
          sequence = visited == sequence ? (0..<k).map { _ in random() } : visited
        }
      }
      all += found
    }
    return all
  }

  /// Every true cycle of orders 1…`maxOrder` by trying all (2^s)^k region sequences (s switches);
  /// nil when that exceeds `limit` candidate solves.
  public func exhaustive(maxOrder: Int, limit: Int = 1 << 20) -> [Cycle]? {
    let s = map.switchCount
    var total = 0
    for k in 1...maxOrder {
      guard s * k < 62 else { return nil }
      total += 1 << (s * k)
      if total > limit { return nil }
    }
    var all: [Cycle] = []
    for k in 1...maxOrder {
      var found: [Cycle] = []
      for code in 0..<(1 << (s * k)) {
        let regions = (0..<k).map { Region(code: (code >> (s * $0)) & ((1 << s) - 1), count: s) }
        if let (cycle, _) = trueCycle(regions, lower: all), let cycle, !known(cycle.points[0], in: found) { found.append(cycle) }
      }
      all += found
    }
    return all
  }
}
