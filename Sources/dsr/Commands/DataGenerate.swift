import ArgumentParser
import DSRExperiment

extension DataCommand {
  /// `dsr data generate`.
  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Integrate a benchmark flow (Dormand–Prince 5(4)) or iterate a map and save it as .npy.",
      discussion: """
        Flows are integrated with step-size control between sampling times --dt apart after a \
        transient of --transient time units (maps: iterations); rows are the samples (T × N). \
        --noise σ adds σ times each column's standard deviation of Gaussian observation noise \
        (seeded), then --standardize z-scores every column (mean 0, sample std 1). See \
        `dsr data list` for the systems, their parameters and λ₁.
        """)

    @Argument(help: "The system (see `dsr data list`).")
    var system: String

    @Option(help: "Number of samples (rows).")
    var steps: Int

    @Option(help: "Sampling interval (flows; default: the system's).")
    var dt: Double?

    @Option(help: "Discarded before the first sample: time units (flows) or iterations (maps).")
    var transient: Double = 100

    @Option(help: "Observation noise as a fraction of each column's standard deviation.")
    var noise: Double = 0

    @Option(help: "Seed of the noise.")
    var seed: UInt64 = 1

    @Flag(help: "z-score every column.")
    var standardize = false

    @Option(name: .customLong("param"), help: "Override a parameter, e.g. --param rho=35 (repeatable).")
    var parameters: [String] = []

    @Option(help: "Initial state, comma-separated (default: the system's).")
    var initial: String?

    @Option(help: "Relative tolerance of the integrator.")
    var rtol: Double = 1e-10

    @Option(help: "Absolute tolerance of the integrator.")
    var atol: Double = 1e-12

    @Option(help: "Element type of the file: f4 (float32, like the shipped data) or f8.")
    var dtype: String = "f4"

    @Option(help: "The output file (.npy).")
    var out: String

    @Flag(help: "Replace --out if it exists.")
    var force = false

    func validate() throws {
      if steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
      if let dt, !(dt > 0) { throw ValidationError("--dt must be positive, got \(dt)") }
      if !(transient >= 0) { throw ValidationError("--transient must be ≥ 0, got \(transient)") }
      if !(noise >= 0) { throw ValidationError("--noise must be ≥ 0, got \(noise)") }
      if !(rtol > 0 && atol > 0) { throw ValidationError("--rtol and --atol must be positive") }
      if dtype != "f4" && dtype != "f8" { throw ValidationError("--dtype must be f4 or f8, got '\(dtype)'") }
      if !out.lowercased().hasSuffix(".npy") { throw ValidationError("--out must name a .npy file, got '\(out)'") }
    }

    func run() throws {
      var request = BenchmarkDataFile.Request(system: system, steps: steps, out: out)
      (request.parameters, request.dt, request.transient, request.noise, request.seed) = (parameters, dt, transient, noise, seed)
      (request.standardize, request.initial, request.float32) = (standardize, initial, dtype == "f4")
      (request.relativeTolerance, request.absoluteTolerance, request.force) = (rtol, atol, force)
      print(try usage { try BenchmarkDataFile.generate(request) })
    }
  }
}
