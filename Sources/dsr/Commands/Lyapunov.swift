import ArgumentParser
import DSRExperiment

/// `dsr lyapunov`: the Lyapunov spectrum of a trained model or of a benchmark system.
struct Lyapunov: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Lyapunov spectrum (QR method) of a trained model's latent map or of a benchmark system.",
    discussion: """
      A model (model.json or a run directory) is iterated from the initial state of --data's \
      first row (the model's own initial-state mapping, after mapping the row into the model's \
      units with the standardisation stored in model.json), or from z = 0; exponents are per step, \
      or per time unit with --dt. A benchmark system (--system; any name of `dsr data list`: \
      `lorenz63`, `rossler`, `chua`, `sprott_m`, … 52 flows and maps) is \
      integrated with RK4 steps of --dt (default: the system's own) together with its \
      variational equation; flows report exponents per time unit, maps per iteration.
      """)

  @Argument(help: "model.json or a run directory (omit with --system).")
  var model: String?

  @Option(help: "A benchmark system instead of a model.")
  var system: String?

  @Option(name: .customLong("param"), help: "Override a system parameter, e.g. --param rho=35 (repeatable).")
  var parameters: [String] = []

  @Option(help: "Start from the model's initial state for this file's first row.")
  var data: String?

  @Option(help: "Steps averaged over (the maximum with --tolerance).")
  var steps = 100_000

  @Option(help: "Steps discarded first.")
  var transient = 1000

  @Option(help: "Stop once no exponent moves by more than this between checks.")
  var tolerance: Double?

  @Option(help: "Time per step: exponents per time unit (models), or the RK4 step (systems).")
  var dt: Double?

  @Flag(help: "Only the maximal exponent.")
  var maxOnly = false

  @Flag(help: "Print one JSON object.")
  var json = false

  func validate() throws {
    if (model == nil) == (system == nil) { throw ValidationError("give either a model (model.json or run directory) or --system") }
    if steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
    if transient < 0 { throw ValidationError("--transient must be ≥ 0, got \(transient)") }
    if let dt, !(dt > 0) { throw ValidationError("--dt must be positive, got \(dt)") }
    if let tolerance, !(tolerance > 0) { throw ValidationError("--tolerance must be positive, got \(tolerance)") }
    if system == nil && !parameters.isEmpty { throw ValidationError("--param applies to --system only") }
  }

  func run() throws {
    var request = LyapunovReport.Request()
    (request.model, request.system, request.parameters, request.data) = (model, system, parameters, data)
    (request.steps, request.transient, request.tolerance, request.dt, request.maxOnly, request.json) = (steps, transient, tolerance, dt, maxOnly, json)
    print(try usage { try LyapunovReport.run(request) })
  }
}
