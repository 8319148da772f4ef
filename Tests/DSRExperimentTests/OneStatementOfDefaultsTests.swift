@testable import DSRExperiment
import DSRModels
import DSRTensor
import DSRTestSupport
import DSRTraining
import Foundation
import Testing

/// Issue 25 §1: every default is stated once, in ``Configuration/keys``, and nothing outside the
/// configuration files reads a configuration by key.
@Suite("Configuration: one statement of each default, no reads by key")
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
    #expect(keys["image_saving_interval"] == .int(defaults.monitoring.imageSavingInterval))
    #expect(TrajectoryComparison.Settings().smoothing == defaults.monitoring.smoothing, "dsr measure and dsr data floor")
    guard case .generalized(let gtf) = s.forcing else { Issue.record("the default forcing is GTF"); return }
    #expect(keys["gtf_alpha_method"] == .string(gtf.method.rawValue) && gtf.method == .automatic)
  }

  @Test("no configuration is read by key outside Configuration.swift, Configuration+Validation.swift and Slurm.swift")
  func noStringKeyedReads() throws {
    // `x.int("key")`, `config?.double("key")`, …: a read on a value (a ConfigValue constructor
    // such as `.string("text")` follows a space, a comma or a parenthesis, never a name).
    let read = #"[A-Za-z0-9_)\]?]\.(int|double|string|bool|paths|ints)\(""#
    let allowed: Set<String> = ["Configuration.swift", "Configuration+Validation.swift", "Slurm.swift"]
    var found: [String] = []
    for (path, text) in try sources() where !allowed.contains((path as NSString).lastPathComponent) {
      for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
      where line.range(of: read, options: .regularExpression) != nil {
        found.append("Sources/\(path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
      }
    }
    #expect(found.isEmpty, "read the typed RunConfiguration (config.decoded) instead:\n\(found.joined(separator: "\n"))")
  }

  @Test("no fallback restates a monitoring default (PSE_smoothing, D_stsp_bins, D_stsp_scaling, PE_n): the report, evaluate, measure")
  func noRestatedFallbacks() throws {
    // `config?.… ?? 20`, `settings.smoothing ?? 20`, `.reference(dimension: n, bins: 30, scaling: 1)`.
    let patterns = [#"config.*\?\? *[0-9]"#, #"(smoothing|predictionSteps|bins|gmmScaling|scaling) \?\? *[0-9]"#, #"\.reference\(dimension: [^)]*bins: [0-9]"#]
    var found: [String] = []
    for (path, text) in try sources() where !path.hasSuffix("Configuration.swift") {
      for line in text.split(separator: "\n") where patterns.contains(where: { line.range(of: $0, options: .regularExpression) != nil }) {
        found.append("Sources/\(path): \(line.trimmingCharacters(in: .whitespaces))")
      }
    }
    #expect(found.isEmpty, "fall back to RunConfiguration.defaults:\n\(found.joined(separator: "\n"))")
  }

  @Test("the report analyses with the run's PSE_smoothing, D_stsp_bins and PE_n, and without a configuration with the defaults")
  func reportReadsTheConfiguration() throws {
    let dir = try scratchDirectory("onedefault")
    var rng = RandomGenerator(seed: 4)
    let model = ShallowPLRNN<Float>(latentDimension: 3, hiddenDimension: 4, clipped: true, using: &rng)
    let observation = ObservationModel<Float>(kind: .identity, observedDimension: 2, latentDimension: 3, using: &rng)
    let file = ModelFile(model: model, observation: observation, inputWeights: nil, training: nil)
    let modelPath = dir.appendingPathComponent("model.json").path
    try file.jsonData().write(to: URL(fileURLWithPath: modelPath))
    let dataPath = dir.appendingPathComponent("x.csv").path
    let rows = (0..<300).map { t in "\(sin(0.1 * Double(t))),\(cos(0.13 * Double(t)))" }
    try rows.joined(separator: "\n").write(toFile: dataPath, atomically: true, encoding: .utf8)

    let config = try Configuration.load(file: nil, overrides: ["PSE_smoothing=7", "D_stsp_bins=9", "PE_n=3", "path_to_data=\(dataPath)"])
    let a = try ReportAnalysis.analyse(modelPath: modelPath, file: file, config: config, dataPaths: [], inputPaths: [], maxLength: 300)
    #expect(a.smoothing == 7 && a.predictionSteps == 3 && a.dstspSetting == "binned, 9 bins")
    #expect(a.dataProtocol == .training, "the configuration's path_to_data is the training data")

    let b = try ReportAnalysis.analyse(modelPath: modelPath, file: file, config: nil, dataPaths: [dataPath], inputPaths: [], maxLength: 300)
    let monitoring = RunConfiguration.defaults.monitoring
    #expect(b.smoothing == monitoring.smoothing && b.predictionSteps == monitoring.predictionSteps)
    #expect(b.dstspSetting == "binned, \(monitoring.bins) bins")
  }

  @Test("the configuration-keys article lists every key with its default")
  func readmeTable() throws {
    let readme = try String(
      contentsOf: repositoryRoot().appendingPathComponent("Sources/DSRExperiment/DSRExperiment.docc/ConfigurationKeys.md"), encoding: .utf8)
    let section = try #require(readme.range(of: "# Configuration keys"), "the article has its title")
    let end = readme[section.upperBound...].range(of: "\n## ")?.lowerBound ?? readme.endIndex
    var table: [String: String] = [:]
    for line in readme[section.upperBound..<end].split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 4 else { continue }
      table[cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[2].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
    }
    let missing = Set(Configuration.keys.map(\.name)).subtracting(table.keys).sorted()
    let extra = Set(table.keys).subtracting(Configuration.keys.map(\.name)).sorted()
    #expect(missing.isEmpty && extra.isEmpty, "the key table: missing \(missing), not keys \(extra)")
    for key in Configuration.keys {
      guard let cell = table[key.name] else { continue }
      // The cell as JSON, checked and coerced as a configuration file's value would be.
      let parsed = try? JSONDecoder().decode([String: ConfigValue].self, from: Data("{\"v\": \(cell)}".utf8))["v"]
      var config = Configuration()
      let value = parsed.flatMap { try? config.set(key.name, $0, source: "README"); return config.values[key.name] }
      #expect(value == key.defaultValue, "the key table lists \(key.name) = \(cell), Configuration.keys \(key.defaultValue)")
    }
  }
}
