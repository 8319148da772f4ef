import DSRData
import DSRDynamics
import Foundation

/// `dsr data generate`: a benchmark system's trajectory (``BenchmarkData``) written as .npy.
public enum BenchmarkDataFile {
  /// What to generate and where to write it.
  public struct Request: Sendable {
    /// The system (``BenchmarkCatalogue``).
    public var system: String
    /// `name=value` parameter overrides.
    public var parameters: [String] = []
    /// Number of samples (rows).
    public var steps: Int
    /// Sampling interval of a flow (nil: the system's).
    public var dt: Double?
    /// Discarded before the first sample: time units (flows) or iterations (maps).
    public var transient: Double = 100
    /// Observation noise as a fraction of each column's standard deviation.
    public var noise: Double = 0
    /// Seed of the noise.
    public var seed: UInt64 = 1
    /// z-score every column.
    public var standardize = false
    /// Initial state, comma-separated (nil: the system's).
    public var initial: String?
    /// Relative tolerance of the integrator.
    public var relativeTolerance = 1e-10
    /// Absolute tolerance of the integrator.
    public var absoluteTolerance = 1e-12
    /// Write float32 (like the shipped data) rather than float64.
    public var float32 = true
    /// The output file (.npy).
    public var out: String
    /// Replace an existing ``out`` (``OutputFile``).
    public var force = false

    /// A request for `steps` samples of `system` written to `out`, with the default settings.
    public init(system: String, steps: Int, out: String) { (self.system, self.steps, self.out) = (system, steps, out) }
  }

  /// Generates and writes the data; returns the line `dsr data generate` prints.
  ///
  /// - Throws: `BenchmarkSystemError` for an unknown system or parameter, ``UsageError`` for a
  ///   malformed `--param` or `--initial`, `DataFileError` when the orbit escapes or the file
  ///   cannot be written.
  public static func generate(_ request: Request) throws -> String {
    try OutputFile.check(request.out, reading: [], force: request.force)
    let s = try BenchmarkSystem.configured(request.system, request.parameters)
    var start: [Double]? = nil
    if let initial = request.initial {
      let values = initial.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
      guard values.allSatisfy({ $0 != nil }), values.count == s.dimension else {
        throw UsageError("--initial needs \(s.dimension) comma-separated numbers for \(s.name), got '\(initial)'")
      }
      start = values.compactMap { $0 }
    }
    try AllocationEstimate.check(request.steps, bytesEach: BenchmarkData.bytesPerRow(dimension: s.dimension), option: "--steps",
                                 purpose: "\(request.steps) rows of \(s.title) (N = \(s.dimension))")
    let step = request.dt ?? s.suggestedDt
    let t0 = Date()
    var recipe = BenchmarkData.Recipe(steps: request.steps, dt: step, transient: request.transient)
    (recipe.noise, recipe.seed, recipe.standardize, recipe.initial) = (request.noise, request.seed, request.standardize, start)
    (recipe.relativeTolerance, recipe.absoluteTolerance) = (request.relativeTolerance, request.absoluteTolerance)
    let x = try BenchmarkData.generate(s, recipe)
    try NPY.write(x, to: request.out, dtype: request.float32 ? .float32LittleEndian : .float64LittleEndian)
    let what = s.kind == .flow ? "dt = \(step), transient \(request.transient) time units" : "transient \(Int(request.transient)) iterations"
    return String(format: "%@: %d × %d written to %@ (%@%@%@; %.2f s)", s.title, request.steps, s.dimension, request.out, what,
                  request.noise > 0 ? ", noise \(request.noise)" : "", request.standardize ? ", standardized" : "", Date().timeIntervalSince(t0))
  }
}
