@testable import DSRExperiment
import DSRModels
import DSRTensor
import DSRTestSupport
import DSRTraining
import Foundation
import Testing

/// Issue 25 §1: every default is stated once, in ``Configuration/keys``.
@Suite("Configuration: one statement of each default")
struct OneStatementOfDefaultsTests {
  /// The Swift files under `Sources/`, relative path and text.
  func sources() throws -> [(path: String, text: String)] {
    let root = repositoryRoot().appendingPathComponent("Sources")
    let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
    #expect(files.count > 50, "Sources/ found")
    return try files.sorted().map { ($0, try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)) }
  }

  /// The declaration body of `struct name` in `text` (from its `{` to the matching `}`).
  func body(ofStruct name: String, in text: String) -> Substring? {
    guard let start = text.range(of: "struct \(name)"), let open = text[start.upperBound...].firstIndex(of: "{") else { return nil }
    var depth = 0
    for i in text[open...].indices {
      if text[i] == "{" { depth += 1 }
      if text[i] == "}" { depth -= 1; if depth == 0 { return text[open...i] } }
    }
    return nil
  }

  @Test("TrainingSettings and GTFSettings state no values of their own: no initialised properties, no default arguments")
  func libraryTypesHaveNoDefaults() throws {
    let file = repositoryRoot().appendingPathComponent("Sources/DSRTraining/TrainingSettings.swift")
    let text = try String(contentsOf: file, encoding: .utf8)
    for name in ["TrainingSettings", "GTFSettings"] {
      let declaration = try #require(body(ofStruct: name, in: text), "struct \(name) in TrainingSettings.swift")
      let lines = declaration.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.hasPrefix("//") }
      let initialised = lines.filter { $0.range(of: #"^(public )?var \w+\s*:[^=]*="#, options: .regularExpression) != nil }
      #expect(initialised.isEmpty, "\(name) states default values (Configuration.keys is the one place): \(initialised)")
      let initialisers = lines.filter { $0.range(of: #"^(public )?init\("#, options: .regularExpression) != nil }
      #expect(!initialisers.isEmpty, "\(name) has an initialiser with every value")
      for line in initialisers {
        #expect(!line.hasPrefix("public init()") && !line.hasPrefix("init()"), "\(name) has an initialiser without values: \(line)")
        #expect(!line.contains("="), "\(name)'s initialiser has default arguments: \(line)")
      }
    }
  }

  @Test("the defaults as typed records are Configuration.keys decoded (what defaults.json and --print-config show)")
  func defaultsAreTheKeys() throws {
    let defaults = RunConfiguration.defaults
    #expect(defaults == Configuration().decoded)
    let file = repositoryRoot().appendingPathComponent("Configs/defaults.json").path
    #expect(try Configuration.load(file: file).decoded == defaults)
    let s = defaults.training.settings
    let keys = Dictionary(uniqueKeysWithValues: Configuration.keys.map { ($0.name, $0.defaultValue) })
    #expect(keys["epochs"] == .int(s.epochs) && keys["end_lr"] == .double(s.endLearningRate) && keys["start_lr"] == .double(s.startLearningRate))
    guard case .generalized(let gtf) = s.forcing else { Issue.record("the default forcing is GTF"); return }
    #expect(keys["gtf_alpha_method"] == .string(gtf.method.rawValue) && gtf.method == .automatic)
  }
}
