import DSRDynamics
import DSRTensor
import Foundation

/// `dsr lyapunov`: the Lyapunov spectrum (QR method) of a trained model's latent map or of a
/// benchmark system, as the text or JSON object the command prints.
public enum LyapunovReport {
  /// What to compute.
  public struct Request: Sendable {
    /// A model.json or a run directory (nil with ``system``).
    public var model: String?
    /// A benchmark system instead of a model.
    public var system: String?
    /// `name=value` overrides of the system's parameters.
    public var parameters: [String] = []
    /// Start the model from the initial state of this file's first row (default: z = 0).
    public var data: String?
    /// Steps averaged over (the maximum with a tolerance).
    public var steps = 100_000
    /// Steps discarded first.
    public var transient = 1000
    /// Stop once no exponent moves by more than this between checks.
    public var tolerance: Double?
    /// Time per step: exponents per time unit (models), or the RK4 step (systems).
    public var dt: Double?
    /// Only the maximal exponent.
    public var maxOnly = false
    /// One JSON object instead of text.
    public var json = false

    /// A request with the default settings and neither a model nor a system yet.
    public init() {}
  }

  /// Computes the spectrum and returns what `dsr lyapunov` prints.
  ///
  /// - Throws: `DataFileError` for a missing or input-driven model or unusable data,
  ///   `BenchmarkSystemError` for an unknown system or parameter, ``UsageError`` for a malformed
  ///   `--param`.
  public static func run(_ request: Request) throws -> String {
    var options = LyapunovSpectrum.Options(steps: request.steps, transient: request.transient, count: request.maxOnly ? 1 : nil,
                                           dt: request.dt, tolerance: request.tolerance)
    let result: LyapunovSpectrum.Result
    let subject: String
    let unit: String
    if let name = request.system {
      let s = try BenchmarkSystem.configured(name, request.parameters)
      if s.kind == .map { options.dt = nil }
      result = s.lyapunovSpectrum(options: options)
      subject = s.title + " (" + zip(s.parameterNames, s.parameters).map { "\($0)=\($1)" }.joined(separator: ", ") + ")"
      unit = s.kind == .flow ? "per time unit (RK4 step \(request.dt ?? s.lyapunovStep))" : "per iteration"
    } else {
      let model = try AnalysisModel(request.model ?? "", inputDrivenRemedy: "Lyapunov spectra are defined here for autonomous models only")
      let start = try request.data.map { try model.initialState(fromFirstRowOf: $0) } ?? Tensor<Double>(zeros: [model.latent.dimension])
      // The model's own time step (its recording's sampling interval) unless --dt says otherwise.
      options.dt = request.dt ?? model.file.dt
      result = LyapunovSpectrum.compute(model.latent, from: start, options: options)
      subject = "\(model.file.model) (M = \(model.file.latentDim)) from \(model.path)"
      unit = options.dt.map { "per time unit (dt = \($0)\(request.dt == nil ? ", the recording's, from model.json" : ""))" } ?? "per step"
    }
    if request.json {
      let object: [String: Any] = [
        "exponents": result.exponents.map { $0.isFinite ? $0 as Any : NSNull() }, "maximal": result.maximal.isFinite ? result.maximal : NSNull(),
        "steps": result.steps, "converged": result.converged, "unit": unit, "subject": subject,
      ]
      return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }
    return "\(subject): \(result.steps) steps after \(request.transient) transient, \(unit)\n"
      + "λ = (" + result.exponents.map { String(format: "%.4f", $0) }.joined(separator: ", ") + ")"
      + (request.tolerance == nil ? "" : result.converged ? "  [converged]" : "  [tolerance not reached]")
  }
}
