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
  func check(physical: Double = Double(ProcessInfo.processInfo.physicalMemory), source: String) throws {
    guard bytes > 0.8 * physical else { return }
    func gb(_ x: Double) -> String { String(format: x >= 1e11 ? "%.0f" : "%.1f", x / 1e9) }
    let listed = keys.dropLast().joined(separator: ", ") + (keys.count > 1 ? " or " : "") + keys.last!
    let rowsHint = dominant.hasPrefix("the free runs") ? ", or subsample long data with `dsr data subsample`" : ""
    throw ConfigurationError(
      source: source, key: keys.joined(separator: " / "),
      problem: "the run would need about \(gb(bytes)) GB, mostly for \(dominant), and this machine has \(gb(physical)) GB",
      remedy: "reduce \(listed)\(rowsHint)")
  }
}
