import Foundation

/// What is wrong with text that does not parse as JSON, in words (Foundation's own message names
/// its error domain and code), and what to do about it.
enum JSONSyntax {
  /// The parser's description (`Invalid value around character 11.`), without the error's dump.
  static func reason(_ error: Error) -> String {
    let ns = error as NSError
    let text = (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    return text.hasSuffix(".") ? String(text.dropLast()) : text
  }

  /// The likely fix for `error`'s kind of mistake.
  static func remedy(_ error: Error) -> String {
    let text = reason(error)
    if text.contains("not representable") { return "a number is too large for a Double (beyond 1.8e308); write a finite number" }
    if text.contains("end of file") { return "the file is empty or cut short; complete the object, as in Configs/defaults.json" }
    if text.contains("Invalid value") {
      return "JSON has no NaN or Infinity, needs double quotes around strings and UTF-8 text; fix the value at that character"
    }
    return "see Configs/defaults.json for the format"
  }
}
