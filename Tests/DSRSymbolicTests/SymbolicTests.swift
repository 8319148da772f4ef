import DSRModels
import DSRSymbolic
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

/// The tent map x' = 1 − 2|x| as a 1-unit AL-RNN (P = 1): a = 2, w = −4, h = 1.
func tentMap() -> ALRNN<Double> { ALRNN(a: Tensor([2.0]), w: Tensor([[-4.0]]), h: Tensor([1.0]), piecewiseLinearUnits: 1) }

/// A 2-d AL-RNN carrying the tent map on its piecewise unit (z₂) and relu(z₂) on z₁: its 2-cycle is
/// (0, 0.6) → (0.6, −0.2).
func twoCycleMap() -> ALRNN<Double> {
  ALRNN(a: Tensor([0.0, 2.0]), w: Tensor([[0.0, 1.0], [0.0, -4.0]]), h: Tensor([0.0, 1.0]), piecewiseLinearUnits: 1)
}

func sameCycles(_ a: [Cycle], _ b: [Cycle]) -> Bool {
  guard a.count == b.count else { return false }
  return a.allSatisfy { c in
    b.contains { d in d.order == c.order && c.points.allSatisfy { p in d.points.contains { q in zip(p, q).allSatisfy { Swift.abs($0 - $1) < 1e-7 } } } }
  }
}

@Suite("Symbolic encodings")
struct SymbolicTests {
  @Test("the switched form equals every model's step, and A_d its Jacobian, at random states", arguments: [
    "ALRNN", "PLRNN", "mcPLRNN", "shallowPLRNN", "clippedShallowPLRNN", "dendPLRNN", "clippedDendPLRNN",
  ])
  func switchedFormIsExact(_ name: String) {
    var rng = RandomGenerator(seed: 11)
    let model: any LatentModel<Double>
    switch name {
    case "ALRNN": model = ALRNN(latentDimension: 5, piecewiseLinearUnits: 3, using: &rng)
    case "PLRNN", "mcPLRNN": model = PLRNN(latentDimension: 4, meanCentered: name == "mcPLRNN", using: &rng)
    case "shallowPLRNN", "clippedShallowPLRNN": model = ShallowPLRNN(latentDimension: 3, hiddenDimension: 7, clipped: name.hasPrefix("clipped"), using: &rng)
    default: model = DendriticPLRNN(latentDimension: 3, bases: 4, clipped: name.hasPrefix("clipped"), thresholdRange: nil, using: &rng)
    }
    var params = model.parameters
    for i in params.indices { params[i] = params[i] + Tensor(shape: params[i].shape, scalars: (0..<params[i].count).map { _ in 0.3 * rng.normal() }) }
    var m = model
    m.parameters = params
    let map = SwitchedAffineMap(m)
    for _ in 0..<20 {
      let z = (0..<m.dimension).map { _ in 2 * rng.normal() as Double }
      expectClose(Tensor(map(z)), m.step(Tensor(z)), atol: 1e-12, rtol: 1e-12)
      let (a, _) = map.affine(map.pattern(z))
      expectClose(Tensor(shape: [m.dimension, m.dimension], scalars: a), m.jacobian(at: Tensor(z)), atol: 1e-12, rtol: 1e-12)
    }
  }

  @Test("one ReLU convention: a switch exactly at 0 is off in the region code, the Jacobian and the step")
  func zeroIsOff() {
    let model = twoCycleMap()
    let map = SwitchedAffineMap(model)
    let z = [0.3, 0.0]
    #expect(map.pattern(z) == Region(bits: [false]))
    let (a, _) = map.affine(map.pattern(z))
    expectClose(Tensor(shape: [2, 2], scalars: a), model.jacobian(at: Tensor(z)), atol: 0)
    expectClose(Tensor(map(z)), model.step(Tensor(z)), atol: 0)
  }

  @Test("tent map: fixed points −1 and 1/3 (real, unstable), one 2-cycle {0.6, −0.2}, two 3-cycles; SCYFI = exhaustive")
  func tent() throws {
    let map = SwitchedAffineMap(tentMap())
    let finder = CycleFinder(map: map)
    let f0 = try #require(finder.fixedPoint(of: Region(bits: [false])))
    let f1 = try #require(finder.fixedPoint(of: Region(bits: [true])))
    expectClose(f0.points[0][0], -1, atol: 1e-12)
    expectClose(f1.points[0][0], 1.0 / 3, atol: 1e-12)
    #expect(f0.real && f1.real && !f0.stable && f0.type == "unstable" && f1.spectralRadius == 2)
    let all = try #require(finder.exhaustive(maxOrder: 3))
    #expect(all.filter { $0.order == 1 }.count == 2)
    let two = all.filter { $0.order == 2 }
    #expect(two.count == 1)
    #expect(Set(two[0].points.map { ($0[0] * 1e9).rounded() / 1e9 }) == [0.6, -0.2])
    #expect(all.filter { $0.order == 3 }.count == 2)
    #expect(sameCycles(finder.scyfi(maxOrder: 3, pool: [], seed: 1), all))
  }

  @Test("a 2-d map with a known 2-cycle (0, 0.6) → (0.6, −0.2); verified by iterating the model")
  func twoDimensional() throws {
    let model = twoCycleMap()
    let finder = CycleFinder(map: SwitchedAffineMap(model), verify: { model.step(Tensor($0)).scalars })
    let cycles = finder.scyfi(maxOrder: 2, pool: [], seed: 3).filter { $0.order == 2 }
    #expect(cycles.count == 1)
    let points = cycles[0].points.sorted { $0[0] < $1[0] }
    expectClose(Tensor(points[0]), Tensor([0.0, 0.6]), atol: 1e-12)
    expectClose(Tensor(points[1]), Tensor([0.6, -0.2]), atol: 1e-12)
    #expect(cycles[0].verificationError! < 1e-12 && cycles[0].real)
    // Monodromy: the tent slopes −2·2 = −4 (the z₁ direction is not contracted or expanded: λ = 0).
    #expect(Swift.abs(cycles[0].spectralRadius - 4) < 1e-9 && !cycles[0].stable)
  }

  @Test("a linear map (AL-RNN with P = 0): one region, its fixed point (I − A)⁻¹h, stable")
  func linear() throws {
    let model = ALRNN(a: Tensor([0.5, 0.2]), w: Tensor([[0.0, 0.1], [0.3, 0.0]]), h: Tensor([1.0, -1.0]), piecewiseLinearUnits: 0)
    let finder = CycleFinder(map: SwitchedAffineMap(model))
    let fp = try #require(finder.fixedPoint(of: Region(bits: [])))
    let want = try (Tensor<Double>.identity(2) - Tensor([[0.5, 0.1], [0.3, 0.2]])).solve(Tensor([[1.0], [-1.0]])).scalars
    expectClose(Tensor(fp.points[0]), Tensor(want), atol: 1e-12)
    #expect(fp.real && fp.stable && fp.type == "stable")
  }

  @Test("SCYFI agrees with the exhaustive search on random small models", arguments: [1, 2, 3, 4, 5, 6])
  func scyfiMatchesExhaustive(seed: UInt64) throws {
    var rng = RandomGenerator(seed: 100 + seed)
    func vector(_ n: Int, _ r: Double) -> Tensor<Double> {
      var v: [Double] = []
      for _ in 0..<n { v.append(rng.uniform(-r, r)) }
      return Tensor(v)
    }
    let model: any LatentModel<Double>
    if seed % 2 == 0 {
      model = PLRNN(a: vector(2, 0.9), w: vector(4, 1.5).reshaped([2, 2]), h: vector(2, 1))
    } else {
      model = ALRNN(a: vector(3, 0.9), w: vector(9, 1.5).reshaped([3, 3]), h: vector(3, 1), piecewiseLinearUnits: 2)
    }
    let finder = CycleFinder(map: SwitchedAffineMap(model))
    let exhaustive = try #require(finder.exhaustive(maxOrder: 4))
    let scyfi = finder.scyfi(maxOrder: 4, pool: [], outer: 30, inner: 200, seed: seed)
    #expect(sameCycles(scyfi, exhaustive), "SCYFI \(scyfi.map(\.order)) vs exhaustive \(exhaustive.map(\.order))")
  }

  @Test("census along a tent-map trajectory: counts, dwell times, a row-stochastic transition matrix, graph cycles")
  func census() {
    let map = SwitchedAffineMap(tentMap())
    var z = [0.1234]
    var trajectory: [[Double]] = []
    for _ in 0..<1000 { trajectory.append(z); z = map(z) }
    let c = RegionCensus(map: map, trajectory: trajectory)
    #expect(c.regions.count == 2 && c.counts.reduce(0, +) == 1000)
    #expect(c.counts[0] >= c.counts[1])
    #expect(c.transitions.flatMap { $0 }.reduce(0, +) == 999)
    for row in c.probabilities { expectClose(row.reduce(0, +), 1, atol: 1e-12) }
    #expect(c.sequence.count == 1000 && c.sequence.allSatisfy { $0 < 2 })
    #expect(c.graphCycles(maxLength: 3) == [[0, 1]])
    // The sequence re-derived by hand.
    #expect(zip(trajectory, c.sequence).allSatisfy { map.pattern($0) == c.regions[$1] })
  }

  @Test("the symbolic model round-trips through JSON; renderers name every region")
  func roundTrip() throws {
    let model = twoCycleMap()
    var options = SymbolicAnalysis.Options()
    (options.steps, options.transient, options.maxCycleOrder) = (2000, 10, 3)
    let observation = ObservationModel<Double>(kind: .identity, observedDimension: 2, latentDimension: 2, parameters: [])
    let (s, census) = try SymbolicAnalysis.run(model: model, observation: observation, initial: [0.01, 0.123], options: options)
    let data = try s.jsonData()
    let back = try JSONDecoder().decode(SymbolicModel.self, from: data)
    #expect(try back.jsonData() == data)
    #expect(back.regionsUsed == s.regions.count && back.cycles.count == s.cycles.count)
    let latex = SymbolicRenderer.latex(s), dot = SymbolicRenderer.dot(s), csv = SymbolicRenderer.csv(census)
    for e in s.regions {
      #expect(latex.contains("Region \(e.region)") && dot.contains("r\(e.symbol) ["))
    }
    #expect(latex.contains("z_{2} > 0") || latex.contains("z_{2} \\le 0"))
    #expect(csv.split(separator: "\n").count == 2001)
  }
}
