import Foundation

/// Training progress on standard output: on a terminal one live line rewritten in place
/// (at most a few times a second); otherwise one plain line per monitoring epoch.
final class Progress {
  let live = isatty(STDOUT_FILENO) != 0
  let label: String
  let epochs: Int
  var lastDraw = 0.0
  var smoothedEpochSeconds: Double? = nil

  init(label: String, epochs: Int) { (self.label, self.epochs) = (label, epochs) }

  /// Records the duration of one epoch (exponentially smoothed for the ETA).
  func epochFinished(seconds: Double) {
    smoothedEpochSeconds = smoothedEpochSeconds.map { 0.8 * $0 + 0.2 * seconds } ?? seconds
  }

  func line(epoch: Int, fields: [(String, String)]) -> String {
    let head = "[\(label)] epoch \(epoch)/\(epochs) | ETA " + Self.duration((smoothedEpochSeconds ?? 0) * Double(epochs - epoch))
    return ([head] + fields.map { "\($0.0) \($0.1)" }).joined(separator: " | ")
  }

  /// `hh:mm:ss` below 100 hours, then days, then years (never negative, never a trap on a huge
  /// `epochs`).
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "unknown" }
    if seconds < 360_000 {
      let t = Int(seconds)
      return String(format: "%02ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60)
    }
    let days = seconds / 86_400
    return days < 3650 ? String(format: "%.0f days", days) : String(format: "%.2g years", days / 365.25)
  }

  /// A live update (terminal only).
  func update(epoch: Int, fields: [(String, String)], now: Double) {
    guard live, now - lastDraw > 0.2 || epoch == epochs else { return }
    lastDraw = now
    print("\r\u{1B}[2K" + line(epoch: epoch, fields: fields), terminator: "")
    fflush(nil)
  }

  /// A monitoring epoch: a permanent line.
  func report(epoch: Int, fields: [(String, String)]) {
    print((live ? "\r\u{1B}[2K" : "") + line(epoch: epoch, fields: fields))
    fflush(nil)
  }

  /// A message between progress lines.
  func message(_ text: String) {
    print((live ? "\r\u{1B}[2K" : "") + text)
    fflush(nil)
  }
}

/// `1.234e-02`-style scientific formatting.
func scientific(_ x: Double) -> String { String(format: "%.3e", x) }
