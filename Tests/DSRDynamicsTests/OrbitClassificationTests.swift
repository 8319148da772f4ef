import DSRDynamics
import DSRTensor
import Foundation
import Testing

/// Orbits with known fates: contractions, cycles of the logistic map, an irrational rotation,
/// the fully chaotic logistic map and an expansion.
@Suite struct OrbitClassificationTests {
  /// Iterates a map given as a closure for `steps` rows from `x0`.
  func orbit(_ x0: [Double], steps: Int = 4000, _ f: ([Double]) -> [Double]) -> Tensor<Double> {
    var x = x0, out: [Double] = []
    for _ in 0..<steps {
      out += x
      x = f(x)
    }
    return Tensor(shape: [steps, x0.count], scalars: out)
  }

  func logistic(_ r: Double) -> ([Double]) -> [Double] { { [r * $0[0] * (1 - $0[0])] } }

  @Test func contractionSettlesOnAFixedPoint() {
    let t = orbit([3, -2]) { [0.5 * $0[0] + 1, 0.9 * $0[1]] }
    var called = false
    #expect(OrbitClassification.classify(t) { called = true; return 0 }.kind == .fixedPoint)
    #expect(!called, "λ_max is computed only for bounded aperiodic orbits")
  }

  @Test(arguments: [(3.2, 2), (3.5, 4), (3.56, 8), (-1.0, 2)])
  func logisticCycles(r: Double, period: Int) {
    // r = −1 is not a logistic parameter: use z' = −z, a 2-cycle from any z ≠ 0.
    let f: ([Double]) -> [Double] = r < 0 ? { [-$0[0]] } : logistic(r)
    let t = orbit([0.3], f)
    #expect(OrbitClassification.classify(t) { 0 }.kind == .cycle(period: period))
  }

  @Test("a chaotic transient that ends on a fixed point or a 2-cycle: the step it settled at")
  func settledAfterATransient() {
    var x = 0.3, rows: [Double] = []
    for r in 0..<4000 {
      rows.append(r < 1500 ? x : 0.75)
      x = 4 * x * (1 - x)
    }
    let fixed = OrbitClassification.classify(Tensor(shape: [4000, 1], scalars: rows)) { 0 }
    #expect(fixed.kind == .fixedPoint && fixed.settledStep == 1500)
    let cycle = rows.enumerated().map { $0.offset < 1000 ? $0.element : ($0.offset % 2 == 0 ? 0.5 : -0.5) }
    let verdict = OrbitClassification.classify(Tensor(shape: [4000, 1], scalars: cycle)) { 0 }
    #expect(verdict.kind == .cycle(period: 2) && verdict.settledStep == 1000)
    #expect(OrbitClassification.classify(orbit([0.3], logistic(3.2))) { 0 }.settledStep! < 100)
  }

  @Test func irrationalRotationIsQuasiPeriodic() {
    let angle = 2 * Double.pi * (5.0.squareRoot() - 1) / 2
    let (c, s) = (cos(angle), sin(angle))
    let t = orbit([1, 0]) { [c * $0[0] - s * $0[1], s * $0[0] + c * $0[1]] }
    let verdict = OrbitClassification.classify(t) { 0 }
    #expect(verdict.kind == .quasiPeriodic)
    #expect(verdict.largestExponent == 0)
  }

  @Test func fullyChaoticLogisticIsIrregular() {
    let t = orbit([0.3], logistic(4))
    let verdict = OrbitClassification.classify(t) { log(2) }
    #expect(verdict.kind == .irregular)
    #expect(verdict.largestExponent == log(2))
  }

  @Test func expansionDiverges() {
    let t = orbit([1], steps: 100) { [2 * $0[0]] }
    // 2^10 = 1024 > 1000 = the escape radius at scale 1.
    #expect(OrbitClassification.classify(t) { 0 }.kind == .divergent(step: 10))
    let nan = Tensor<Double>(shape: [10, 1], scalars: [1, 2, 3, .nan, 5, 6, 7, 8, 9, 10])
    #expect(OrbitClassification.classify(nan) { 0 }.kind == .divergent(step: 3))
  }

  @Test func scaleSetsTheTolerances() {
    // A 2-cycle of amplitude 1e-7 is a fixed point at scale 1 and a cycle at scale 1e-6.
    let t = orbit([1e-7]) { [-$0[0]] }
    #expect(OrbitClassification.classify(t, scale: 1) { 0 }.kind == .fixedPoint)
    #expect(OrbitClassification.classify(t, scale: 1e-6) { 0 }.kind == .cycle(period: 2))
  }
}
