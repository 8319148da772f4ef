import DSRModels
import DSRSymbolic
import DSRTensor
import Foundation
import Testing

/// A fixed point is a 1-cycle: one type, rendered in JSON with its region and state.
@Suite("Fixed points are 1-cycles")
struct FixedPointsAndCyclesTests {
  func json(_ c: Cycle) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any])
  }

  @Test("a fixed point renders as region and state, a 2-cycle as order, regions and points; both decode back")
  func rendering() throws {
    let finder = CycleFinder(map: SwitchedAffineMap(tentMap()))
    let fixed = try #require(finder.fixedPoint(of: Region(bits: [true])))
    #expect(fixed.order == 1 && fixed.region == Region(bits: [true]) && fixed.state == fixed.points[0])
    #expect(Set(try json(fixed).keys) == ["region", "state", "real", "eigenvalues", "spectral_radius", "stable", "type", "verification_error"])
    let two = try #require(finder.exhaustive(maxOrder: 2)?.first { $0.order == 2 })
    #expect(Set(try json(two).keys) == ["order", "regions", "points", "real", "eigenvalues", "spectral_radius", "stable", "type", "verification_error"])
    for c in [fixed, two] { #expect(try JSONDecoder().decode(Cycle.self, from: JSONEncoder().encode(c)) == c) }
  }
}
