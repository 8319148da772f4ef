import DSRDynamics
import DSRTestSupport
import Foundation
import Testing

/// The systems added from the dysts catalogue (Sources/DSRDynamics/Systems) and the sampling rule.
@Suite("Added benchmark systems and the sampling rule")
struct AddedSystemsTests {
  /// Time units averaged over per flow, chosen from the member spread of
  /// Tests/generate_lyapunov_references.py so that the expected relative scatter of the finite-time
  /// λ₁ is about 1.5 % (half the tolerance): T ≈ T_member · (s.d._member / (0.015 λ₁))². About 7 million
  /// RK4 steps in all (≈ 50 s of CPU in a debug build). DSR_LONG_TESTS=1 runs 4× longer.
  static let horizons: [String: Double] = [
    "thomas": 5_500, "halvorsen": 2_600, "dadras": 13_000, "lorenz84": 5_400, "rucklidge": 3_000,
    "arneodo": 23_000, "genesio_tesi": 23_000, "sprott_b": 2_500, "burke_shaw": 460, "lu_chen": 5_000,
  ]

  @Test("every added flow's λ₁ within 3 % of the reference", arguments: horizons.keys.sorted())
  func addedFlows(name: String) throws {
    let system = try BenchmarkSystem.named(name)
    let scale = ProcessInfo.processInfo.environment["DSR_LONG_TESTS"] == nil ? 1.0 : 4.0
    let steps = Int(scale * Self.horizons[name]! / system.lyapunovStep)
    let r = system.lyapunovSpectrum(options: .init(steps: steps, transient: Int(100 / system.lyapunovStep), count: 1))
    let reference = system.referenceExponents[0]
    #expect(Swift.abs(r.exponents[0] - reference) / reference < 0.03, "\(name): λ₁ = \(r.exponents[0]), reference \(reference)")
  }

  @Test("the added maps' λ₁ per iteration within 3 %, and the sum of the spectrum", arguments: ["ikeda", "tinkerbell"])
  func addedMaps(name: String) throws {
    let system = try BenchmarkSystem.named(name)
    let r = system.lyapunovSpectrum(options: .init(steps: 200_000, transient: 1000))
    let reference = system.referenceExponents
    #expect(Swift.abs(r.exponents[0] - reference[0]) / reference[0] < 0.03, "\(name): λ₁ = \(r.exponents[0]), reference \(reference[0])")
    if name == "ikeda" {
      // det J = u² everywhere: λ₁ + λ₂ = 2 ln u exactly.
      expectClose(r.exponents[0] + r.exponents[1], 2 * Foundation.log(0.9), atol: 1e-9)
    } else {
      expectClose(r.exponents[1], reference[1], atol: 0.03)
    }
  }

  @Test("every system is listed once, in order, with a lowercase command-line name")
  func catalogue() throws {
    let names = BenchmarkSystem.all.map(\.name)
    #expect(names.count >= 17 && Set(names).count == names.count)
    #expect(Array(names.prefix(9)) == ["lorenz63", "rossler", "lorenz96", "chen", "aizawa", "rabinovich_fabrikant", "duffing", "henon", "logistic"])
    for name in names {
      #expect(name == name.lowercased() && !name.contains("-") && !name.contains(" "))
      #expect(try BenchmarkSystem.named(name).name == name)
    }
    #expect(try BenchmarkSystem.named("Burke-Shaw").name == "burke_shaw")
    #expect(try BenchmarkSystem.named("chen").name == "chen")
  }

  @Test("every flow stays bounded from its initial state (Dormand–Prince, 200 time units)")
  func bounded() throws {
    for system in BenchmarkSystem.all where system.kind == .flow {
      let rows = try system.trajectory(steps: 201, dt: 1, transient: 0, relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
      #expect(rows.allSatisfy { $0.allSatisfy { Swift.abs($0) < 1e3 } }, "\(system.name)")
    }
  }

  @Test("sampling rule: Lorenz-63 dt ≈ 0.01 (z period ≈ 0.75), Rössler dt ≈ 0.08 (period ≈ 6.1), maps 1")
  func samplingRule() {
    let lorenz = BenchmarkSystem.lorenz63.dominantPeriod()
    #expect(lorenz > 0.70 && lorenz < 0.80, "Lorenz-63 period \(lorenz)")
    expectClose(BenchmarkSystem.lorenz63.samplingInterval(), 0.01, atol: 0.001)
    expectClose(BenchmarkSystem.rossler.samplingInterval(), 0.08, atol: 0.004)
    #expect(BenchmarkSystem.henon.samplingInterval() == 1 && BenchmarkSystem.ikeda.dominantPeriod() == 1)
    expectClose(BenchmarkSystem.lorenz63.samplingInterval(pointsPerPeriod: 150), BenchmarkSystem.lorenz63.samplingInterval() / 2, atol: 1e-12)
  }

  @Test("the stored dominant periods are what the rule computes (within 1 %)",
        arguments: BenchmarkSystem.all.filter { $0.kind == .flow }.map(\.name))
  func storedPeriods(name: String) throws {
    let system = try BenchmarkSystem.named(name)
    let stored = try #require(system.referencePeriod)
    let computed = system.dominantPeriod()
    #expect(Swift.abs(computed - stored) / stored < 0.01, "\(name): computed \(computed), stored \(stored)")
  }

  /// Only where the spectrum has one clear peak: for broadband ones (Thomas, Burke–Shaw) the finer
  /// recording moves the peak by ≈ 10 %, for Dadras two peaks compete (see the report).
  @Test("the rule is insensitive to the sampling of the recorded signal (half the step, twice the samples)",
        arguments: ["lorenz63", "rossler", "halvorsen"])
  func periodResolution(name: String) throws {
    let system = try BenchmarkSystem.named(name)
    let finer = system.dominantPeriod(sampleStep: system.lyapunovStep / 2, samples: 1 << 16)
    #expect(Swift.abs(finer - system.referencePeriod!) / system.referencePeriod! < 0.03, "\(name): \(finer) vs \(system.referencePeriod!)")
  }

  @Test("with changed parameters the interval is computed, not stored")
  func changedParameters() throws {
    var lorenz = BenchmarkSystem.lorenz63
    try lorenz.set("rho", to: 35)
    let dt = lorenz.samplingInterval()
    expectClose(dt, lorenz.dominantPeriod() / 75, atol: 1e-12)
  }
}
