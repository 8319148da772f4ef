import DSRModels
import DSRSymbolic
import DSRTensor
import Foundation
import Testing

/// A large model's analysis states its cost, refuses early what cannot be done and shows its
/// progress (issue 26, item 11).
@Suite("Symbolic analysis bounds")
struct AnalysisBoundsTests {
  /// A contracting PLRNN (A = 0.6, small W): from a spread-out start its trajectory crosses
  /// several regions on its way to the fixed point.
  func plrnn(_ m: Int) -> PLRNN<Double> {
    var rng = RandomGenerator(seed: 3)
    var model = PLRNN<Double>(latentDimension: m, meanCentered: false, using: &rng)
    model.parameters = [Tensor([Double](repeating: 0.6, count: m)),
                        Tensor(shape: [m, m], scalars: (0..<(m * m)).map { _ in 0.3 * rng.normal() / Double(m).squareRoot() }),
                        Tensor((0..<m).map { _ in 0.5 * rng.normal() })]
    return model
  }

  /// A start far from the fixed point, with components of both signs.
  func spread(_ m: Int) -> [Double] { (0..<m).map { 3 * sin(1.7 * Double($0) + 0.4) } }

  func identity(_ m: Int) -> ObservationModel<Double> { ObservationModel(kind: .identity, observedDimension: m, latentDimension: m, parameters: []) }

  final class Lines: @unchecked Sendable {
    let lock = NSLock()
    var all: [String] = []
    func add(_ s: String) { lock.lock(); all.append(s); lock.unlock() }
  }

  @Test("--exhaustive with more than 16 switches is refused before the trajectory (a billion steps would never end)")
  func exhaustiveFirst() throws {
    var options = SymbolicAnalysis.Options()
    (options.exhaustive, options.steps) = (true, 1_000_000_000)
    let start = Date()
    #expect(throws: SymbolicError.tooManySwitches(20)) {
      try SymbolicAnalysis.run(model: plrnn(20), observation: identity(20), initial: spread(20), options: options)
    }
    #expect(Date().timeIntervalSince(start) < 1)
  }

  @Test("a trajectory through more regions than the census can tabulate stops there, naming the step and a shorter --steps")
  func tooManyRegions() throws {
    var options = SymbolicAnalysis.Options()
    (options.steps, options.transient, options.maxVisitedRegions, options.maxCycleOrder) = (5000, 0, 3, 1)
    do {
      _ = try SymbolicAnalysis.run(model: plrnn(12), observation: identity(12), initial: spread(12), options: options)
      Issue.record("no refusal")
    } catch let error as SymbolicError {
      guard case .tooManyRegions(let step, let steps, _) = error else { Issue.record("\(error)"); return }
      #expect(steps == 5000 && step < 5000 && "\(error)".contains("more than 3 linear subregions") && "\(error)".contains("--steps \(step - 1)"), "\(error)")
    }
  }

  @Test("fixed points are bounded to the most visited regions, and the output says so")
  func boundedRegions() throws {
    var options = SymbolicAnalysis.Options()
    (options.steps, options.transient, options.maxCycleOrder) = (2000, 0, 1)
    let model = plrnn(6)
    let initial = spread(6)
    let (all, _) = try SymbolicAnalysis.run(model: model, observation: identity(6), initial: initial, options: options)
    try #require(all.regionsUsed >= 3, "the test model visits \(all.regionsUsed) regions")
    options.maxRegions = 2
    let (bounded, _) = try SymbolicAnalysis.run(model: model, observation: identity(6), initial: initial, options: options)
    #expect(bounded.fixedPoints.count <= 2 && Set(bounded.fixedPoints.map(\.region)).isSubset(of: Set(all.regions.prefix(2).map(\.region))))
    #expect(bounded.search["fixed_points"] == "the 2 most visited of the \(all.regionsUsed) visited regions (bounded: --max-regions 2)")
    #expect(all.search["fixed_points"] == "the \(all.regionsUsed) visited regions")
  }

  @Test("progress lines for the trajectory, the fixed points and the cycle search")
  func progress() throws {
    let lines = Lines()
    var options = SymbolicAnalysis.Options()
    (options.steps, options.transient, options.maxCycleOrder, options.progressInterval) = (200, 10, 2, 0)
    options.progress = { lines.add($0) }
    _ = try SymbolicAnalysis.run(model: plrnn(4), observation: identity(4), initial: [0.1, 0.2, 0.3, 0.4], options: options)
    #expect(lines.all.contains("trajectory: transient step 10 of 10") && lines.all.contains { $0.hasPrefix("trajectory: step 200 of 200, ") })
    #expect(lines.all.contains { $0.hasPrefix("fixed points: region 1 of ") } && lines.all.contains { $0.hasPrefix("cycles of order 2: attempt ") })
  }

  @Test("the cost: operations grow as M³ per region; the default region bound keeps the fixed points near 1e12 operations")
  func cost() {
    var options = SymbolicAnalysis.Options()
    let small = SymbolicAnalysis.cost(dimension: 3, switches: 3, options: options)
    #expect(small.regions == 8 && small.total < 1e10)
    let large = SymbolicAnalysis.cost(dimension: 400, switches: 400, options: options)
    #expect(large.regions == SymbolicAnalysis.regionLimit(dimension: 400) && large.regions == 558)
    #expect(Double(large.regions) * large.regionOperations <= SymbolicAnalysis.fixedPointBudget)
    #expect(large.description.hasPrefix("Cost: about 1.8e+12 floating-point operations"), "\(large.description)")
    options.maxCycleOrder = 1
    #expect(SymbolicAnalysis.cost(dimension: 400, switches: 400, options: options).cycleOperations == 0)
    options.maxRegions = 10
    #expect(SymbolicAnalysis.cost(dimension: 400, switches: 400, options: options).regions == 10)
  }
}
