import DSRData
import Foundation

/// A grid search: a configuration whose `grid` keys take several values, each setting trained
/// `runs` times (gtf-shplrnn.md §4.2).
///
/// ```json
/// { "experiment": "sweep", "name": "lorenz",
///   "grid": {"hidden_dim": [50, 100], "gtf_alpha": [0.1, 0.3]},
///   "ids": {"hidden_dim": "H", "gtf_alpha": "α", "model": "ℳ"},
///   "runs": 20 }
/// ```
///
/// Tasks are the Cartesian product of the grid values (the first grid key varies slowest) times
/// runs 1…`runs`. The setting's folder is the reference's: the base `name`, then `-<id>_<value>`
/// for every non-grid key that has an id (in the order of `ids`), then for every grid key (in
/// grid order), with values written as Julia prints them (`0.3`, `1.0e-5`, `100`). A grid key
/// needs an id; so the example's folders are `lorenz-ℳ_clippedShallowPLRNN-H_50-α_0.1/001`, ….
public struct GridSpecification: Sendable {
  /// One grid axis.
  public struct Axis: Sendable, Equatable {
    /// The configuration key that varies.
    public var key: String
    /// Its folder id (`H` in `-H_50`).
    public var id: String
    /// Its values, in the file's order.
    public var values: [ConfigValue]
  }

  /// One training task.
  public struct Task: Sendable {
    /// 0-based position in the task list (the Slurm array index).
    public var index: Int
    /// The setting's folder name.
    public var name: String
    /// The run number within the setting.
    public var run: Int
    /// The task's resolved configuration (its `name` and `run` set).
    public var configuration: Configuration
    /// The task's run directory.
    public var directory: RunDirectory { RunDirectory(configuration) }
  }

  /// The configuration with the file's single values and the overrides (grid keys at their
  /// first value).
  public var base: Configuration
  /// The grid axes, in the file's order (the first varies slowest).
  public var axes: [Axis]
  /// Non-grid keys that carry an id, in the order of `ids`.
  public var namedKeys: [(key: String, id: String)]
  /// Runs per setting.
  public var runs: Int
  /// The `slurm` settings of the file.
  public var slurm: SlurmSettings
  /// The grid file (for messages).
  public var source: String

  /// Keys that decide where runs go, so they cannot vary within a grid.
  public static let fixedKeys = ["experiment", "results_directory", "name", "run"]

  /// Reads a grid configuration (a plain configuration is a grid of one setting).
  public static func load(file: String, overrides: [String] = [], runs runsOverride: Int? = nil) throws -> GridSpecification {
    let data = try Configuration.readFile(file)
    guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
      throw ConfigurationError(source: file, key: "", problem: "is not a JSON object", remedy: "see Configs/defaults.json for the format")
    }
    let text = String(decoding: data, as: UTF8.self)
    var base = try Configuration.load(data: data, source: file, overrides: overrides, allowGridKeys: true)

    var runs = 1
    if let r = object["runs"] {
      guard case .int(let n) = configValue(r), n >= 1, n <= 999 else {
        throw ConfigurationError(source: file, key: "runs", problem: "must be an integer in 1…999, got \(r)", remedy: "e.g. \"runs\": 20")
      }
      runs = n
    }
    if let r = runsOverride {
      guard r >= 1 && r <= 999 else { throw ConfigurationError(source: "--runs", key: "runs", problem: "must be in 1…999, got \(r)", remedy: "e.g. --runs 20") }
      runs = r
    }

    var ids: [String: String] = [:]
    if let raw = object["ids"] {
      guard let dictionary = raw as? [String: Any] else {
        throw ConfigurationError(source: file, key: "ids", problem: "must be an object of key → folder id", remedy: "e.g. \"ids\": {\"hidden_dim\": \"H\"}")
      }
      for (key, id) in dictionary {
        guard let id = id as? String, !id.isEmpty, !id.contains("/") else {
          throw ConfigurationError(source: file, key: "ids.\(key)", problem: "must be a non-empty string without '/', got \(id)", remedy: "e.g. \"H\"")
        }
        guard Configuration.keys.contains(where: { $0.name == key }) else {
          throw ConfigurationError(source: file, key: "ids.\(key)", problem: "is not a configuration key",
                                   remedy: nearest(key, in: Configuration.keys.map(\.name)).map { "did you mean '\($0)'?" } ?? "see Configs/defaults.json")
        }
        ids[key] = id
      }
    }

    var axes: [Axis] = []
    if let raw = object["grid"] {
      guard let dictionary = raw as? [String: Any] else {
        throw ConfigurationError(source: file, key: "grid", problem: "must be an object of key → list of values", remedy: "e.g. \"grid\": {\"hidden_dim\": [50, 100]}")
      }
      for key in orderedKeys(Array(dictionary.keys), in: text, after: "\"grid\"") {
        guard Configuration.keys.contains(where: { $0.name == key }) else {
          throw ConfigurationError(source: file, key: "grid.\(key)", problem: "is not a configuration key",
                                   remedy: nearest(key, in: Configuration.keys.map(\.name)).map { "did you mean '\($0)'?" } ?? "see Configs/defaults.json")
        }
        guard !fixedKeys.contains(key) else {
          throw ConfigurationError(source: file, key: "grid.\(key)", problem: "cannot vary within a grid (it decides where runs go)", remedy: "use one grid file per \(key), or \"runs\" for repetitions")
        }
        guard let list = dictionary[key] as? [Any], !list.isEmpty else {
          throw ConfigurationError(source: file, key: "grid.\(key)", problem: "must be a non-empty list of values", remedy: "e.g. \"\(key)\": [\(Configuration.keys.first { $0.name == key }.map { "\($0.defaultValue)" } ?? "")]")
        }
        guard let id = ids[key] else {
          throw ConfigurationError(source: file, key: "grid.\(key)", problem: "has no folder id", remedy: "add it to \"ids\", e.g. \"ids\": {\"\(key)\": \"\(key.prefix(1).uppercased())\"}")
        }
        let values = try list.map { element -> ConfigValue in
          guard let v = configValue(element) else {
            throw ConfigurationError(source: file, key: "grid.\(key)", problem: "holds \(element), not a boolean, number or string", remedy: "list plain values")
          }
          // Type-check each value now, naming it.
          var probe = base
          try probe.set(key, v, source: "\(file): grid.\(key)")
          return v
        }
        axes.append(Axis(key: key, id: id, values: values))
        try base.set(key, values[0], source: file)
      }
    }
    let gridKeys = Set(axes.map(\.key))
    let named = orderedKeys(Array(ids.keys), in: text, after: "\"ids\"").filter { !gridKeys.contains($0) }.map { ($0, ids[$0]!) }

    var slurm = SlurmSettings()
    if let raw = object["slurm"] {
      guard let dictionary = raw as? [String: Any] else {
        throw ConfigurationError(source: file, key: "slurm", problem: "must be an object", remedy: "e.g. \"slurm\": {\"partition\": \"cpu\", \"time\": \"02:00:00\"}")
      }
      slurm = try SlurmSettings(dictionary, source: file)
    }
    let spec = GridSpecification(base: base, axes: axes, namedKeys: named, runs: runs, slurm: slurm, source: file)
    _ = try spec.tasks()  // every combination must validate
    return spec
  }

  /// `keys` sorted by where `"key"` first appears after `marker` in the file's text (JSON objects
  /// are unordered once parsed; the grid's order decides the task order and folder names).
  static func orderedKeys(_ keys: [String], in text: String, after marker: String) -> [String] {
    let start = text.range(of: marker)?.upperBound ?? text.startIndex
    func position(_ key: String) -> Int {
      guard let r = text.range(of: "\"\(key)\"", range: start..<text.endIndex) else { return Int.max }
      return text.distance(from: text.startIndex, to: r.lowerBound)
    }
    return keys.sorted { (position($0), $0) < (position($1), $1) }
  }

  /// A value as Julia's `string` prints it: `100`, `0.3`, `1.0e-5`, `true`, `Affine`.
  public static func folderValue(_ v: ConfigValue) -> String {
    switch v {
    case .bool(let b): return String(b)
    case .int(let i): return String(i)
    case .string(let s): return s
    case .strings(let a): return a.joined(separator: ",")
    case .ints(let a): return a.map(String.init).joined(separator: ",")
    case .double(let d):
      var s = "\(d)"  // Swift: 0.3, 1e-05, 100.0, 1e+16
      if let e = s.firstIndex(of: "e") {
        var mantissa = String(s[..<e])
        if !mantissa.contains(".") { mantissa += ".0" }
        var exponent = String(s[s.index(after: e)...])
        let negative = exponent.hasPrefix("-")
        exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
        s = mantissa + "e" + (negative ? "-" : "") + (exponent.isEmpty ? "0" : exponent)
      }
      return s
    }
  }

  /// Every task, in order: settings (first axis slowest), and runs 1…runs within each.
  public func tasks() throws -> [Task] {
    var settings: [[(Axis, ConfigValue)]] = [[]]
    for axis in axes {
      settings = settings.flatMap { prefix in axis.values.map { prefix + [(axis, $0)] } }
    }
    var out: [Task] = []
    for setting in settings {
      var config = base
      for (axis, value) in setting { try config.set(axis.key, value, source: "\(source): grid.\(axis.key)") }
      var name = base.decoded.output.name
      for (key, id) in namedKeys { name += "-\(id)_\(config.values[key].map(Self.folderValue) ?? "")" }
      for (axis, value) in setting { name += "-\(axis.id)_\(Self.folderValue(value))" }
      try config.set("name", .string(name), source: source)
      for run in 1...runs {
        var c = config
        try c.set("run", .int(run), source: source)
        try c.validate()
        out.append(Task(index: out.count, name: name, run: run, configuration: c))
      }
    }
    return out
  }

  /// `dsr grid`'s first line: `<experiment directory>: S settings × R runs = T tasks`.
  public func headline(_ tasks: [Task]) -> String {
    let settings = Set(tasks.map(\.name)).count
    return "\(experimentDirectory): \(settings) setting\(settings == 1 ? "" : "s") × \(runs) run\(runs == 1 ? "" : "s") = \(tasks.count) task\(tasks.count == 1 ? "" : "s")"
  }

  /// One line per task with its state from its run directory (`dsr grid --dry-run`), or, with
  /// `progress`, the process training a running task, the epoch a running or interrupted task
  /// reached and a closing count (`dsr grid --status`).
  public func status(_ tasks: [Task], progress: Bool) -> String {
    var counts: [TaskState: Int] = [:]
    var lines: [String] = []
    let epochs = base.decoded.training.settings.epochs
    for t in tasks {
      let state = TaskState.of(t.directory)
      counts[state, default: 0] += 1
      var detail = state.rawValue
      if progress {
        let epoch = TaskState.lastEpoch(t.directory)
        switch state {
        case .running:
          let pid = RunLock.holder(of: t.directory.path).map { "pid \($0)" } ?? "its lock just released"
          detail += " (" + ([pid] + (epoch.map { ["epoch \($0)/\(epochs)"] } ?? [])).joined(separator: ", ") + ")"
        case .interrupted:
          detail += epoch.map { " at epoch \($0)/\(epochs) (resume with `dsr train --resume \(t.directory.path)` or by running the grid again)" }
            ?? " before its first checkpoint (running the grid again starts it afresh)"
        default: break
        }
      }
      lines.append(String(format: "%4d  %@  %@", t.index, t.directory.path, detail))
    }
    if progress {
      let summary = TaskState.allCases.compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
      lines.append("\(tasks.count) task(s): \(summary)")
    }
    return lines.joined(separator: "\n")
  }

  /// The folder that holds the experiment's runs: `<results_directory>/<experiment>`.
  public var experimentDirectory: String {
    let output = base.decoded.output
    return (output.resultsDirectory as NSString).appendingPathComponent(output.experiment)
  }

  /// Where the grid keeps its task files, logs and job scripts: `<experiment>/.grid`.
  public var gridDirectory: String { (experimentDirectory as NSString).appendingPathComponent(".grid") }

  /// The resolved configuration file of task `i` (what each worker or array element trains).
  public func taskFile(_ i: Int) -> String { (gridDirectory as NSString).appendingPathComponent("tasks/\(i).json") }

  /// Writes every task's resolved configuration to ``taskFile(_:)``.
  public func writeTaskFiles(_ tasks: [Task]) throws {
    try AtomicFile.createDirectory((gridDirectory as NSString).appendingPathComponent("tasks"))
    try AtomicFile.createDirectory((gridDirectory as NSString).appendingPathComponent("logs"))
    for task in tasks { try AtomicFile.write(task.configuration.jsonData(), to: taskFile(task.index)) }
  }
}

/// A parsed JSON value as its configuration type (round trip through JSON, so that numbers and
/// booleans keep their JSON types on every platform).
func configValue(_ element: Any) -> ConfigValue? {
  guard let data = try? JSONSerialization.data(withJSONObject: [element]) else { return nil }
  return try? JSONDecoder().decode([ConfigValue].self, from: data).first
}

/// Where a task stands, from its run directory.
public enum TaskState: String, Sendable, CaseIterable, Codable {
  /// Not started (no config.json).
  case pending
  /// Started but neither finished nor diverged, and a live process holds its lock
  /// (``RunLock``): it is training now.
  case running
  /// Started but neither finished nor diverged, and no process holds its lock: stopped or killed;
  /// running the grid again (or `dsr train --resume`) continues it.
  case interrupted
  /// model.json exists.
  case finished
  /// metrics.jsonl records a divergence.
  case diverged
  /// A worker failed (reported only by a worker's exit status).
  case failed

  /// `finished`: model.json exists; `diverged`: metrics.jsonl records a divergence; started
  /// (config.json) but neither: `running` while a process holds the run's lock, `interrupted`
  /// otherwise (a re-run resumes it); `pending`: not started. `failed` is only reported by a
  /// worker's exit status.
  public static func of(_ run: RunDirectory) -> TaskState {
    let fm = FileManager.default
    let unfinished: TaskState = RunLock.holder(of: run.path) == nil ? .interrupted : .running
    // A model.json that does not read back (damaged, truncated) is not a finished run: the grid
    // resumes it from its checkpoint, which rewrites the model.
    if fm.fileExists(atPath: run.model) { return (try? ModelFile.read(run.model)) != nil ? .finished : unfinished }
    if run.events().contains(where: { if case .diverged = $0 { return true } else { return false } }) { return .diverged }
    if fm.fileExists(atPath: run.config) { return unfinished }
    return .pending
  }

  /// The last epoch recorded in metrics.jsonl (a monitoring epoch, or where the run was interrupted).
  public static func lastEpoch(_ run: RunDirectory) -> Int? {
    run.metricsRecords().last?.epoch
  }
}
