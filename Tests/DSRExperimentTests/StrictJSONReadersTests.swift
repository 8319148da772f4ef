@testable import DSRExperiment
import DSRData
import DSRTensor
import Foundation
import Testing

/// Every JSON file dsr reads goes through the strict reader: a key given twice or a trailing
/// comma is refused with the file, the line and the key (issue 26, item 10), and a float32 model
/// refuses parameters beyond float32's range (item 12).
@Suite("Strict JSON in every reader")
struct StrictJSONReadersTests {
  /// Import JSON with a duplicate key or a trailing comma, and the fragments the refusal names.
  static let importCases: [(text: String, fragments: [String])] = [
    (#"{"A": [0.9, 0.9], "A": [1, 1], "W": [[0, 0], [0, 0]], "h": [0, 0]}"#, ["line 1", "key \"A\"", "appears twice", "keep one of them"]),
    ("{\"A\": [0.9, 0.9],\n \"W\": [[0, 0], [0, 0]],\n \"h\": [0, 0],\n \"W\": [[1, 1], [1, 1]]}", ["line 4", "key \"W\""]),
    (#"{"parameters": {"A": {"shape": [2], "data": [1, 2], "data": [3, 4]}}}"#, ["key \"data\"", "appears twice"]),
    // The same key spelt with an escape is the same key.
    (#"{"A": [0.5, 0.5], "\u0041": [1, 1]}"#, ["key \"A\"", "appears twice"]),
    ("{\"A\": [0.9, 0.9,],\n \"W\": [[0, 0], [0, 0]]}", ["line 1", "comma before ']'", "remove the comma"]),
    ("{\"A\": [0.9, 0.9],\n \"h\": [0, 0],\n}", ["line 3", "comma before '}'"]),
  ]

  @Test("import JSON: duplicate keys and trailing commas are refused, naming the file, line and key")
  func importJSON() throws {
    for (text, fragments) in Self.importCases {
      do {
        _ = try ModelImport.arrays(json: Data(text.utf8), path: "weights.json")
        Issue.record("accepted: \(text)")
      } catch let error as DataFileError {
        #expect(error.path == "weights.json")
        for fragment in fragments { #expect("\(error)".contains(fragment), "\(error)") }
      }
    }
    // Strict JSON still imports.
    let arrays = try ModelImport.arrays(json: Data(#"{"A": [0.9, 0.9], "W": [[0, 1], [1, 0]], "h": [0, 0], "note": {"a": 1, "b": {"a": 2}}}"#.utf8), path: "w.json")
    #expect(arrays["A"]?.values == [0.9, 0.9] && arrays["W"]?.shape == [2, 2])
  }

  /// A valid two-unit PLRNN model file's text.
  func modelText(precision: String = "float32", w: Double = 0.1) throws -> String {
    let arrays: [String: ModelImport.Array] = ["A": ([2], [0.5, 0.5]), "W": ([2, 2], [0, w, w, 0]), "h": ([2], [0, 0])]
    let file = try ModelImport.modelFile(arrays, model: "PLRNN", pwlUnits: nil, observationDim: nil, hiddenDim: nil, precision: precision, source: "w.json")
    return String(decoding: try file.jsonData(), as: UTF8.self)
  }

  @Test("model.json: a duplicate key (top level or inside a parameter) and a trailing comma are refused")
  func modelFile() throws {
    let text = try modelText()
    _ = try ModelFile.parse(Data(text.utf8), path: "model.json")
    let variants = [
      text.replacingOccurrences(of: "\"precision\" : \"float32\"", with: "\"precision\" : \"float32\", \"precision\" : \"float64\""),
      text.replacingOccurrences(of: "\"model\" : \"PLRNN\"", with: "\"model\" : \"PLRNN\", \"model\" : \"ALRNN\""),
      text.replacingOccurrences(of: "\"shape\" : [\n        2\n      ]", with: "\"shape\" : [\n        2\n      ], \"shape\" : [1]"),
      text.replacingOccurrences(of: "\"format\" : \"dsr-model\"", with: "\"format\" : \"dsr-model\",\n}"),
    ]
    for (k, variant) in variants.enumerated() {
      #expect(variant != text, "variant \(k) did not change the text")
      let message = describeError { try ModelFile.parse(Data(variant.utf8), path: "model.json") }
      #expect(message.hasPrefix("model.json: line ") && (message.contains("appears twice") || message.contains("comma before")), "\(message)")
    }
  }

  func describeError(_ body: () throws -> Any) -> String {
    do { _ = try body(); return "" } catch { return "\(error)" }
  }

  @Test("checkpoints, embedding.json and published numbers use the strict reader too")
  func otherReaders() throws {
    let dir = try scratchDirectory("strict-json")
    defer { try? FileManager.default.removeItem(at: dir) }
    let checkpoint = dir.appendingPathComponent("checkpoint.json")
    try Data(#"{"version": 1, "epoch": 3, "epoch": 9}"#.utf8).write(to: checkpoint)
    #expect(describeError { try Checkpoint<Float>.read(checkpoint.path) }.contains("key \"epoch\" appears twice"))
    let run = RunDirectory(path: dir.path)
    try Data("{\"reason\": \"x\",\n \"reason\": \"y\"}".utf8).write(to: URL(fileURLWithPath: RecordingEmbedding.path(in: run)))
    #expect(describeError { try RecordingEmbedding.read(from: run) as Any }.contains("embedding.json: line 2: key \"reason\" appears twice"))
    let published = dir.appendingPathComponent("published.json")
    try Data(#"{"ECG": {"dstsp": [1, 2],}}"#.utf8).write(to: published)
    #expect(describeError { try EvaluationReport.readPublished(published.path) }.contains("comma before '}'"))
  }

  @Test("metrics.jsonl: a line with a key given twice is skipped like any line that does not parse")
  func metricsLines() throws {
    let dir = try scratchDirectory("strict-metrics")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = RunDirectory(path: dir.path)
    let lines = [#"{"epoch":5,"loss":0.5}"#, #"{"epoch":10,"loss":0.4,"loss":9}"#, #"{"epoch":15,"loss":0.3,}"#, #"{"epoch":20,"loss":0.2}"#]
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: run.metrics))
    #expect(run.metricsRecords().compactMap { $0.record?.epoch } == [5, 20])
  }

  @Test("dsr measure on rows in memory: a ragged or empty trajectory is refused, a pair is measured as from files")
  func measureRows() throws {
    var settings = TrajectoryComparison.Settings()
    (settings.bins, settings.json) = (10, true)
    let x = (0..<400).map { [sin(0.1 * Double($0)), cos(0.1 * Double($0))] }
    let text = try TrajectoryComparison.measure(trueRows: x, generatedRows: Array(x.reversed()), truePath: "a", generatedPath: "b", settings: settings)
    #expect(text.contains("\"dstsp_setting\":\"10 bins\""), "\(text)")
    #expect(describeError { try TrajectoryComparison.measure(trueRows: x, generatedRows: [[1, 2], [3]], truePath: "a", generatedPath: "b", settings: settings) }
      == "b: is empty or ragged (give a T × N matrix)")
    #expect(describeError { try TrajectoryComparison.measure(trueRows: [], generatedRows: x, truePath: "a", generatedPath: "b", settings: settings) }.hasPrefix("a: is empty"))
  }

  @Test("hostile nesting does not exhaust the stack: the parser refuses it")
  func deepNesting() {
    let deep = Data((String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)).utf8)
    #expect(StrictJSON.firstProblem(in: deep) == nil)
    #expect(throws: DataFileError.self) { try ModelImport.arrays(json: deep, path: "deep.json") }
    #expect(StrictJSON.firstProblem(in: Data(#"{"a": [{"b": 1, "b": 2}]}"#.utf8))?.key == "b")
  }

  @Test("float32: parameters beyond its range are refused at import and in a model file, naming the parameter and the fix")
  func float32Range() throws {
    let arrays: [String: ModelImport.Array] = ["A": ([2], [0.5, 0.5]), "W": ([2, 2], [0, 1e300, 0, 0]), "h": ([2], [0, 0])]
    for huge in [1e300, -4e38, 3.5e38] {
      var a = arrays
      a["W"]!.values[1] = huge
      let message = describeError { try ModelImport.modelFile(a, model: "PLRNN", pwlUnits: nil, observationDim: nil, hiddenDim: nil, precision: "float32", source: "w.json") }
      #expect(message.contains("w.json: array 'W' holds \(huge) at flat index 1, beyond float32's range") && message.contains("--precision float64"), "\(message)")
      // float64 holds it.
      _ = try ModelImport.modelFile(a, model: "PLRNN", pwlUnits: nil, observationDim: nil, hiddenDim: nil, precision: "float64", source: "w.json")
    }
    // A float32 model file edited by hand is refused; declared float64, it reads.
    let text = try modelText(w: 0.25).replacingOccurrences(of: "0.25", with: "1e300")
    let message = describeError { try ModelFile.parse(Data(text.utf8), path: "model.json") }
    #expect(message.contains("model.json: parameter 'W' holds 1e+300 at flat index 1, which is not a finite float32 number") && message.contains("\"precision\": \"float64\""), "\(message)")
    _ = try ModelFile.parse(Data(text.replacingOccurrences(of: "\"float32\"", with: "\"float64\"").utf8), path: "model.json")
  }
}
