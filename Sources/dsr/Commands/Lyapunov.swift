import ArgumentParser
import DSRData
import DSRDynamics
import DSRExperiment
import DSRModels
import DSRTensor
import Foundation

/// `dsr lyapunov`: the Lyapunov spectrum of a trained model or of a benchmark system.
struct Lyapunov: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Lyapunov spectrum (QR method) of a trained model's latent map or of a benchmark system.",
    discussion: """
      A model (model.json or a run directory) is iterated from the initial state of --data's \
      first row (the model's own initial-state mapping, after mapping the row into the model's \
      units with the standardisation stored in model.json), or from z = 0; exponents are per step, \
      or per time unit with --dt. A benchmark system (--system; `lorenz63`, `rossler`, \
      `lorenz96`, `chen`, `aizawa`, `rabinovich_fabrikant`, `duffing`, `henon`, `logistic`) is \
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
    var options = LyapunovSpectrum.Options(steps: steps, transient: transient, count: maxOnly ? 1 : nil, dt: dt, tolerance: tolerance)
    let result: LyapunovSpectrum.Result
    let subject: String
    let unit: String
    if let name = system {
      let s = try configuredSystem(name, parameters)
      if s.kind == .map { options.dt = nil }
      result = s.lyapunovSpectrum(options: options)
      subject = s.title + " (" + zip(s.parameterNames, s.parameters).map { "\($0)=\($1)" }.joined(separator: ", ") + ")"
      unit = s.kind == .flow ? "per time unit (RK4 step \(dt ?? s.lyapunovStep))" : "per iteration"
    } else {
      let path = try Evaluation.resolveModel(model!)
      let file = try ModelFile.read(path)
      guard file.inputDim == 0 else {
        throw DataFileError(path: path, problem: "is driven by \(file.inputDim) external inputs", remedy: "Lyapunov spectra are defined here for autonomous models only")
      }
      let (latent, observation, _) = try file.instantiate(Double.self, path: path)
      var start = Tensor<Double>(zeros: [latent.dimension])
      if let data {
        let x: Tensor<Double> = try MatrixFile.read(data)
        guard x.shape[1] == observation.observedDimension else {
          throw DataFileError(path: data, problem: "has \(x.shape[1]) columns but the model observes N = \(observation.observedDimension)", remedy: "give data of the model's data set")
        }
        // In the model's units: z-scored with the training data's mean and std if the run standardised.
        start = try observation.initialStates(file.dataTransform.apply(x.rows(0..<1))).reshaped([latent.dimension])
      }
      result = LyapunovSpectrum.compute(latent, from: start, options: options)
      subject = "\(file.model) (M = \(file.latentDim)) from \(path)"
      unit = dt.map { "per time unit (dt = \($0))" } ?? "per step"
    }
    if json {
      let object: [String: Any] = [
        "exponents": result.exponents.map { $0.isFinite ? $0 as Any : NSNull() }, "maximal": result.maximal.isFinite ? result.maximal : NSNull(),
        "steps": result.steps, "converged": result.converged, "unit": unit, "subject": subject,
      ]
      print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
    } else {
      print("\(subject): \(result.steps) steps after \(transient) transient, \(unit)")
      print("λ = (" + result.exponents.map { String(format: "%.4f", $0) }.joined(separator: ", ") + ")"
            + (tolerance == nil ? "" : result.converged ? "  [converged]" : "  [tolerance not reached]"))
    }
  }
}
