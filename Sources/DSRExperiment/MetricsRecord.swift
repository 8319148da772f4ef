import Foundation

/// One monitoring line of `metrics.jsonl`: the losses of a fresh batch, the training-time
/// measures of a free run against the training data, and the run's clock.
///
/// Written as one JSON object with sorted keys, non-finite numbers as `null`:
/// `{"alpha":…,"dh":…,"dstsp":…,"epoch":50,"epoch_mean_loss":…,"learning_rate":…,"loss":…,
/// "loss_regularization":…,"loss_training":…,"pe":…,"seconds":12.345}` (`alpha` with GTF,
/// `cond_B` with the Affine observation model, `pe_normalized` and `health` when measured). Every field but the epoch may be missing or null
/// when read.
public struct MetricsRecord: Codable, Sendable, Equatable {
  /// The monitoring epoch.
  public var epoch: Int
  /// Total loss of the monitoring batch (training + regularisation).
  public var loss: Double?
  /// Its training part.
  public var lossTraining: Double?
  /// Its regularisation part.
  public var lossRegularization: Double?
  /// The mean training loss of the epoch's batches.
  public var epochMeanLoss: Double?
  /// The learning rate of the epoch's last step.
  public var learningRate: Double?
  /// Training seconds so far.
  public var seconds: Double?
  /// The GTF α (nil under sparse teacher forcing).
  public var alpha: Double?
  /// D_stsp, D_H and PE(n) of the free run against the first training trajectory.
  public var dstsp: Double?
  /// D_H of the free run.
  public var dh: Double?
  /// PE(n) on the training data.
  public var pe: Double?
  /// The condition number of B (Affine observation model only).
  public var conditionNumber: Double?
  /// PE(n) over the training data's mean column variance (1 = as bad as predicting the mean).
  public var peNormalized: Double?
  /// The free run's ``FreeRunHealth`` name: `alive`, `periodic`, `fixed_point` or `divergent`.
  public var health: String?
  /// Wall seconds this monitor took (the monitoring batch and the free-run measures; not in
  /// ``seconds``, which counts the training epochs only).
  public var monitorSeconds: Double?

  /// A record of `epoch` with every other field missing.
  public init(epoch: Int) { self.epoch = epoch }

  enum CodingKeys: String, CodingKey {
    case epoch, loss, alpha, dstsp, dh, pe, seconds
    case lossTraining = "loss_training", lossRegularization = "loss_regularization", epochMeanLoss = "epoch_mean_loss"
    case learningRate = "learning_rate", conditionNumber = "cond_B", peNormalized = "pe_normalized", health
    case monitorSeconds = "monitor_seconds"
  }

  /// The line written to metrics.jsonl.
  public var jsonLine: String {
    var fields: [(String, String)] = [
      ("epoch", "\(epoch)"), ("loss", json(loss)), ("loss_training", json(lossTraining)),
      ("loss_regularization", json(lossRegularization)), ("epoch_mean_loss", json(epochMeanLoss)),
      ("learning_rate", json(learningRate)), ("seconds", seconds.map { String(format: "%.3f", $0) } ?? "null"),
      ("dstsp", json(dstsp)), ("dh", json(dh)), ("pe", json(pe)),
    ]
    if let alpha { fields.append(("alpha", json(alpha))) }
    if let conditionNumber { fields.append(("cond_B", json(conditionNumber))) }
    if let peNormalized { fields.append(("pe_normalized", json(peNormalized))) }
    if let health { fields.append(("health", json(health))) }
    if let monitorSeconds { fields.append(("monitor_seconds", String(format: "%.3f", monitorSeconds))) }
    return jsonObject(fields)
  }
}

/// A JSON object with sorted keys from already encoded values: `{"a":1,"b":null}`.
func jsonObject(_ fields: [(String, String)]) -> String {
  "{" + fields.sorted { $0.0 < $1.0 }.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
}

/// A finite number as JSON, non-finite or missing as null.
func json(_ x: Double?) -> String { x.map { $0.isFinite ? "\($0)" : "null" } ?? "null" }

/// A string as a JSON string literal.
func json(_ s: String) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.withoutEscapingSlashes]
  return (try? encoder.encode(s)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
}
