@testable import DSRData
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

@Suite("AutoMutualInformation: I(τ), the delay and its fallbacks")
struct AutoMutualInformationTests {
  @Test("I(τ) and the autocorrelation agree with numpy (equal-width 16 bins; NaN pairs skipped)", arguments: [
    "lorenz_x", "lorenz_x_nan", "sine", "noise",
  ])
  func againstNumpy(name: String) throws {
    let f = try EmbeddingFixture.load(name)
    let ami = try AutoMutualInformation.estimate([f.recording], channel: 0, maximalDelay: f.maximalDelay)
    #expect(ami.values.count == f.maximalDelay + 1 && ami.bins == 16 && ami.maximalDelay == f.maximalDelay)
    expectCurve(ami.values, f.mutualInformation, "\(name): I(τ)")
    expectCurve(ami.autocorrelation, f.autocorrelation, "\(name): r(τ)")
    // The rule on numpy's curve: the first local minimum that is the smallest value up to 2τ.
    let I: [Double] = f.mutualInformation, τmax: Int = f.maximalDelay
    func lowestUpToTwice(_ t: Int) -> Bool { I[t...min(2 * t, τmax)].allSatisfy { I[t] <= $0 } }
    func localMinimum(_ t: Int) -> Bool { I[t] < I[t - 1] && I[t] <= I[t + 1] }
    let firstMinimum: Int? = (1..<τmax).first { localMinimum($0) && lowestUpToTwice($0) }
    if let firstMinimum {
      #expect(ami.delay == firstMinimum && ami.rule == .firstMinimum)
    } else {
      #expect(ami.rule != .firstMinimum)
    }
  }

  @Test("a sine's first minimum lies within a tenth of a period of the quarter period")
  func sine() throws {
    let period = 37.7
    let ami = try AutoMutualInformation.estimate([try EmbeddingFixture.load("sine").recording], channel: 0, maximalDelay: 20)
    #expect(ami.rule == .firstMinimum)
    #expect(Swift.abs(Double(ami.delay) - period / 4) <= period / 10, "delay \(ami.delay)")
    // I(0) is the entropy of the binned sine, below ln 16 (its values pile up at the extremes).
    #expect(ami.values[0] > 2 && ami.values[0] < Foundation.log(16.0))
  }

  @Test("Lorenz-63 x (dt 0.02): the delay is 0.1–0.2 time units")
  func lorenz() throws {
    let ami = try AutoMutualInformation.estimate([try EmbeddingFixture.load("lorenz_x").recording], channel: 0)
    #expect(ami.maximalDelay == 150)  // a tenth of 1500 rows
    let time = Double(ami.delay) * 0.02
    #expect(time >= 0.1 && time <= 0.2, "delay \(ami.delay) samples")
  }

  @Test("without a minimum: autocorrelation below 1/e, else τ_max")
  func fallbacks() {
    let falling = (0...10).map { 3 - 0.1 * Double($0) }
    let r = (0...10).map { Foundation.exp(-Double($0) / 6.5) }
    #expect(AutoMutualInformation.chooseDelay(values: falling, autocorrelation: r) == (7, .autocorrelation))
    #expect(AutoMutualInformation.chooseDelay(values: falling, autocorrelation: r.map { _ in 0.9 }) == (10, .maximalDelay))
    // A minimum at the last lag evaluated is not one (I(τ + 1) unknown); a plateau after a fall is.
    var last = falling
    last[10] = 0
    #expect(AutoMutualInformation.chooseDelay(values: last, autocorrelation: r).1 == .autocorrelation)
    var plateau = falling
    plateau[5] = plateau[4] - 1.5
    plateau[6] = plateau[5]
    #expect(AutoMutualInformation.chooseDelay(values: plateau, autocorrelation: r) == (5, .firstMinimum))
    // A wiggle on a curve that keeps falling is not a minimum: the next lower one within 2τ is.
    var wiggle = falling
    wiggle[2] = wiggle[3] - 0.05  // 2.75 between 2.9 and 2.7… then 2.6 at τ = 4 < 2.75
    #expect(AutoMutualInformation.chooseDelay(values: wiggle, autocorrelation: r) == (7, .autocorrelation))
  }

  @Test("bad input: the error names the problem and the fix")
  func errors() {
    func message(_ x: [Tensor<Double>], channel: Int = 0, maximalDelay: Int? = nil) -> String {
      do {
        _ = try AutoMutualInformation.estimate(x, channel: channel, maximalDelay: maximalDelay, sources: x.indices.map { "r\($0).npy" })
        return "no error"
      } catch { return "\(error)" }
    }
    let short = Tensor(shape: [40, 1], scalars: (0..<40).map { sin(Double($0)) })
    #expect(message([short]).hasPrefix("r0.npy: has 40 values in channel 1, too few to choose a delay embedding (at least 50)"))
    let constant = Tensor(shape: [100, 2], scalars: (0..<200).map { $0 % 2 == 0 ? sin(Double($0)) : 4 })
    #expect(message([constant]) == "r0.npy: has a constant channel 2 (every value 4.0), which shows no dynamics to embed (remove that column)")
    let long = Tensor(shape: [100, 1], scalars: (0..<100).map { sin(Double($0)) })
    var infinite = long
    infinite.scalars[7] = .infinity
    #expect(message([infinite]).hasPrefix("r0.npy: contains infinite values"))
    #expect(message([long, constant]).hasPrefix("r1.npy: has 2 columns, but the first trajectory has 1"))
    #expect(message([long], channel: 1).hasPrefix("r0.npy: has channels 1…1, not channel 2"))
    #expect(message([long], maximalDelay: 60).hasPrefix("r0.npy: has only 49 pairs of values 51 samples apart in channel 1 (give a longer recording or a smaller largest delay)"))
    #expect(message([]).contains("has no trajectories"))
  }

  @Test("NaN rows are skipped: a gap of NaN rows longer than τ_max is two trajectories")
  func missingAndTrajectories() throws {
    let x = try EmbeddingFixture.load("lorenz_x").recording
    let (a, b) = (x.rows(0..<700), x.rows(700..<1500))
    let gap = Tensor(shape: [1521, 1], scalars: a.scalars + [Double](repeating: .nan, count: 21) + b.scalars)
    let split = try AutoMutualInformation.estimate([a, b], channel: 0, maximalDelay: 20)
    let joined = try AutoMutualInformation.estimate([gap], channel: 0, maximalDelay: 20)
    expectCurve(split.values, joined.values, rtol: 1e-12, "I(τ): two trajectories vs a NaN gap")
    expectCurve(split.autocorrelation, joined.autocorrelation, rtol: 1e-12, "r(τ): two trajectories vs a NaN gap")
    // Pairs across the split are lost, so the curve differs from the whole series'.
    #expect(try split.values != AutoMutualInformation.estimate([x], channel: 0, maximalDelay: 20).values)
  }
}
