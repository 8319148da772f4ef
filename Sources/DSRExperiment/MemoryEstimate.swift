import DSRTraining
import Foundation

/// The memory a training run needs, estimated before anything is allocated or written, so a
/// configuration that cannot fit is refused with the figures instead of aborting (or swapping)
/// after config.json exists.
///
/// The coefficients are measured, not derived: peak resident memory of `dsr train` on this
/// project's machine grew by about 10 bytes per (sequence, step, latent + hidden unit) of a batch
/// in float32 (batch_size 1000 → 4000 at hidden_dim 100: 224 → 745 MB) and by about 48 bytes per
/// (data row, latent + hidden unit) for the free runs of monitoring and the verdict, which are as
/// long as the data (hidden_dim 20 000 → 100 000 on 4000 rows: 4.0 → 19.7 GB). Parameters count
/// four times (values, gradients, two optimiser moments); adaptive α adds the batch's Jacobians
/// in Double. float64 doubles the tensor terms.
struct MemoryEstimate {
  /// The estimated peak in bytes.
  var bytes: Double
  /// The largest term, to name in a refusal.
  var dominant: String
  /// The configuration keys the largest term grows with, in the order to name them.
  var keys: [String]

  init(_ spec: RunConfiguration, observed n: Int, inputs k: Int, longestTrajectory rows: Int) {
    let model = spec.model, settings = spec.training.settings
    let m = Double(model.latentDimension), l = Double(model.hiddenDimension), b = Double(model.bases)
    let scale: Double = spec.training.precision == .float64 ? 2 : 1
    let units: Double, unitKeys: [String]
    var parameters: Double
    switch model.kind {
    case .shallowPLRNN, .clippedShallowPLRNN:
      (units, unitKeys) = (m + l, ["hidden_dim", "latent_dim"])
      parameters = 2 * m + 2 * m * l + l
    case .dendriticPLRNN, .clippedDendriticPLRNN:
      (units, unitKeys) = (m + b * m, ["num_bases", "latent_dim"])
      parameters = 2 * m + m * m + b + m * b
    case .plrnn, .meanCenteredPLRNN, .alrnn:
      (units, unitKeys) = (m, ["latent_dim"])
      parameters = 2 * m + m * m
    }
    parameters += model.observation == .affine ? Double(n) * m : max(m - Double(n), 0) * Double(n)
    parameters += m * Double(k)
    let unitsText = unitKeys.count == 1 ? "latent_dim" : unitKeys[0] == "hidden_dim" ? "latent_dim + hidden_dim" : "latent_dim × (1 + num_bases)"
    let s = Double(settings.batchSize), t = Double(settings.sequenceLength)
    var terms: [(name: String, bytes: Double, keys: [String])] = [
      ("the batch (batch_size × sequence_length × \(unitsText) units)", 10 * scale * s * t * units, unitKeys + ["batch_size", "sequence_length"]),
      ("the free runs as long as the data (rows × \(unitsText) units)", 48 * scale * Double(rows) * units, unitKeys),
      ("the parameters and their optimiser state", 4 * 4 * scale * parameters, unitKeys),
    ]
    if case .generalized(let gtf) = settings.forcing, gtf.method != .constant {
      terms.append(("adaptive α's Jacobians (batch_size × sequence_length × latent_dim²)", 8 * s * t * m * m, ["latent_dim", "batch_size", "sequence_length"]))
    }
    bytes = 50e6 + terms.reduce(0) { $0 + $1.bytes }
    let largest = terms.max { $0.bytes < $1.bytes }!
    (dominant, keys) = (largest.name, largest.keys)
  }

  /// Refuses a run whose estimate exceeds 80 % of `physical` bytes, naming the figures and the
  /// keys the largest term grows with.
  func check(physical: Double = AllocationEstimate.physicalMemory, source: String) throws {
    guard AllocationEstimate.exceeds(bytes, physical: physical) else { return }
    let listed = keys.dropLast().joined(separator: ", ") + (keys.count > 1 ? " or " : "") + keys.last!
    let rowsHint = dominant.hasPrefix("the free runs") ? ", or subsample long data with `dsr data subsample`" : ""
    throw ConfigurationError(
      source: source, key: keys.joined(separator: " / "),
      problem: "the run would need about \(AllocationEstimate.gigabytes(bytes)) GB, mostly for \(dominant), and this machine has \(AllocationEstimate.gigabytes(physical)) GB",
      remedy: "reduce \(listed)\(rowsHint)")
  }
}

/// The memory a command would allocate for a number the user gave (`--steps`, `--lyapunov-steps`,
/// `--training-steps`, …), checked before the work starts, so that a size that cannot fit is
/// refused with the figures and the option to change instead of aborting with "failed to
/// allocate" (or swapping) part-way. The same 80 %-of-physical-memory rule as a training run's
/// ``MemoryEstimate``.
///
/// The bytes per element are measured on this project's machine (peak resident memory at two
/// sizes, the difference divided by the difference in elements) and rounded up.
public struct AllocationEstimate: Sendable {
  /// The estimated peak in bytes (a Double: `count × bytes each` cannot overflow).
  public var bytes: Double
  /// The option and its value, e.g. `--steps 100000000000`.
  public var option: String
  /// What the memory is for, e.g. `the trajectory (M = 3)`.
  public var purpose: String

  /// `count` elements of `bytesEach` bytes for `purpose`, asked for by `option`.
  public init(count: Int, bytesEach: Double, option: String, purpose: String) {
    (bytes, self.option, self.purpose) = (50e6 + Double(count) * bytesEach, option, purpose)
  }

  /// This machine's physical memory in bytes.
  public static var physicalMemory: Double { Double(ProcessInfo.processInfo.physicalMemory) }

  /// Whether `bytes` exceeds 80 % of `physical`.
  static func exceeds(_ bytes: Double, physical: Double) -> Bool { bytes > 0.8 * physical }

  /// `bytes` in GB for a message.
  static func gigabytes(_ bytes: Double) -> String { String(format: bytes >= 1e11 ? "%.0f" : "%.1f", bytes / 1e9) }

  /// Refuses the allocation when it exceeds 80 % of `physical` bytes.
  /// - Parameter remedy: what to do instead, e.g. "give fewer --steps (at most 4 000 000 000 fit)".
  /// - Throws: ``UsageError`` naming the option, the figures and `remedy`.
  public func check(physical: Double = AllocationEstimate.physicalMemory, remedy: String) throws {
    guard Self.exceeds(bytes, physical: physical) else { return }
    throw UsageError("\(option): \(purpose) would need about \(Self.gigabytes(bytes)) GB and this machine has \(Self.gigabytes(physical)) GB; \(remedy)")
  }

  /// The largest count of `bytesEach`-byte elements that passes ``check(physical:remedy:)``.
  public static func largestCount(bytesEach: Double, physical: Double = AllocationEstimate.physicalMemory) -> Int {
    Int(Swift.max(0.8 * physical - 50e6, 0) / bytesEach)
  }

  /// Checks `count` elements of `bytesEach` bytes; the remedy names the largest count that fits.
  /// - Throws: ``UsageError`` as ``check(physical:remedy:)``, with "give at most N" for `option`.
  public static func check(
    _ count: Int, bytesEach: Double, option: String, purpose: String, physical: Double = AllocationEstimate.physicalMemory
  ) throws {
    let largest = largestCount(bytesEach: bytesEach, physical: physical)
    try AllocationEstimate(count: count, bytesEach: bytesEach, option: "\(option) \(count)", purpose: purpose)
      .check(physical: physical, remedy: "give \(option) \(largest) or less")
  }
}
