import DSRData
import DSRMeasures
import Foundation

/// The files and text `dsr evaluate` produces from ``Evaluation/RunResult``s.
///
/// Per group (the directory holding a setting's run directories):
/// - `metrics.csv`: `run,status,epoch,dstsp,dh,pe,pe_normalized,pe_persistence,health[,lambda_max,lambda_1,…,lambda_M]`,
///   one row per run sorted by run directory, comma-separated, empty cells for missing values
///   (`pe_normalized` is PE(n) over the data's mean variance, `pe_persistence` the persistence
///   baseline normalised the same way, `health` the free run's ``FreeRunHealth`` name);
/// - `statistics.csv`: `statistic,dstsp,dh,pe,pe_normalized[,lambda_max]` with the rows runs, finite, mean, std,
///   sem, median, mad, nonfinite_ratio (the reference's outlier_ratio) and diverged_ratio
///   (training stopped on divergence), over the runs that have ended (``counted(_:)``);
/// - `evaluation.json`: the protocol and settings the numbers were computed with;
/// - with `--forecast`, `metrics.csv` gains the valid prediction times (``forecastColumns``),
///   `statistics.csv` the medians of `vpt_steps` and `vpt_parroting_steps`, and `forecast.csv`
///   holds each run's error curves: `run,step,nrmse_model,nrmse_parroting,nrmse_ar` (the median
///   over start points of the NRMSE at each forecast step).
public enum EvaluationReport {
  /// The forecast columns of `metrics.csv` and the JSON lines: the model's VPT (NRMSE) median and
  /// quartiles in steps, its median in time units and Lyapunov times, its protocol VPT (sMAPE in
  /// data units), and the baselines' medians in steps, then the number of starts and the horizon.
  public static let forecastColumns = [
    "vpt_steps", "vpt_q1", "vpt_q3", "vpt_time", "vpt_lyapunov", "vpt_smape_steps", "vpt_parroting_steps", "vpt_parroting_context_steps",
    "vpt_ar_steps", "forecast_starts", "forecast_horizon",
  ]

  /// The values of ``forecastColumns`` (NaN where missing).
  static func forecastValues(_ f: ForecastEvaluation.Result?) -> [Double] {
    guard let f else { return [Double](repeating: .nan, count: forecastColumns.count) }
    return [
      f.model.median, f.model.q1, f.model.q3, f.time(f.model.median), f.lyapunovTimes(f.model.median), f.modelSmape.median,
      f.parroting.median, f.parrotingProtocol.median, f.autoregression.median, Double(f.starts), Double(f.horizon),
    ]
  }

  /// `forecast.csv` of one group (empty when no run has a forecast evaluation).
  public static func forecastCSV(_ runs: [Evaluation.RunResult]) -> String {
    var lines = ["run,step,nrmse_model,nrmse_parroting,nrmse_ar"]
    for r in runs {
      guard let f = r.forecast else { continue }
      for h in f.curves.model.indices {
        let p = h < f.curves.parroting.count ? cell(f.curves.parroting[h]) : ""
        let a = h < f.curves.autoregression.count ? cell(f.curves.autoregression[h]) : ""
        lines.append("\((r.run as NSString).lastPathComponent),\(h + 1),\(cell(f.curves.model[h])),\(p),\(a)")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Results grouped by their group directory, groups sorted.
  public static func groups(_ results: [Evaluation.RunResult]) -> [(group: String, runs: [Evaluation.RunResult])] {
    Dictionary(grouping: results, by: \.group).sorted { $0.key < $1.key }.map { ($0.key, $0.value.sorted { $0.run < $1.run }) }
  }

  /// A value for a CSV cell: empty when not finite.
  static func cell(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }

  /// The number of exponents reported in a group (0 without `--lyapunov`).
  static func exponentCount(_ runs: [Evaluation.RunResult]) -> Int { runs.compactMap { $0.lyapunov?.count }.max() ?? 0 }

  /// `metrics.csv` of one group.
  public static func metricsCSV(_ runs: [Evaluation.RunResult]) -> String {
    let k = exponentCount(runs)
    var header = ["run", "status", "epoch", "dstsp", "dh", "pe", "pe_normalized", "pe_persistence", "health"]
    if k > 0 { header += ["lambda_max"] + (1...k).map { "lambda_\($0)" } }
    let forecast = runs.contains { $0.forecast != nil }
    if forecast { header += forecastColumns }
    var lines = [header.joined(separator: ",")]
    for r in runs {
      var row = [(r.run as NSString).lastPathComponent, r.status.rawValue, r.epoch.map(String.init) ?? "", cell(r.dstsp), cell(r.dh), cell(r.pe),
                 cell(r.peNormalized), cell(r.persistenceNormalized), r.health]
      if k > 0 {
        let l = r.lyapunov ?? []
        row.append(cell(l.max() ?? .nan))
        row += (0..<k).map { $0 < l.count ? cell(l[$0]) : "" }
      }
      if forecast { row += forecastValues(r.forecast).map(cell) }
      lines.append(row.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The runs a group's statistics are over: every run except those still training or stopped
  /// before their last epoch (`unfinished`: their checkpoint is listed, but a grid in progress
  /// must not mix half-trained models into the medians), or every run when none has ended yet.
  public static func counted(_ runs: [Evaluation.RunResult]) -> [Evaluation.RunResult] {
    let ended = runs.filter { $0.status != .unfinished }
    return ended.isEmpty ? runs : ended
  }

  /// "n runs", or "k of n runs (m unfinished not counted)" when ``counted(_:)`` leaves some out.
  static func runCount(_ runs: [Evaluation.RunResult]) -> String {
    let k = counted(runs).count
    let plural = runs.count == 1 ? "" : "s"
    return k == runs.count ? "\(runs.count) run\(plural)" : "\(k) of \(runs.count) run\(plural) (\(runs.count - k) unfinished not counted)"
  }

  /// The per-measure statistics of one group over its ``counted(_:)`` runs, in the column order
  /// of `statistics.csv`.
  public static func statistics(_ all: [Evaluation.RunResult]) -> [(measure: String, stats: SummaryStatistics)] {
    let runs = counted(all)
    var out: [(String, SummaryStatistics)] = [
      ("dstsp", SummaryStatistics(runs.map(\.dstsp))), ("dh", SummaryStatistics(runs.map(\.dh))), ("pe", SummaryStatistics(runs.map(\.pe))),
      ("pe_normalized", SummaryStatistics(runs.map(\.peNormalized))),
    ]
    if exponentCount(runs) > 0 { out.append(("lambda_max", SummaryStatistics(runs.map { $0.lyapunov?.max() ?? .nan }))) }
    if runs.contains(where: { $0.forecast != nil }) {
      out.append(("vpt_steps", SummaryStatistics(runs.map { $0.forecast?.model.median ?? .nan })))
      out.append(("vpt_parroting_steps", SummaryStatistics(runs.map { $0.forecast?.parroting.median ?? .nan })))
    }
    return out
  }

  /// `statistics.csv` of one group.
  public static func statisticsCSV(_ runs: [Evaluation.RunResult]) -> String {
    let stats = statistics(runs)
    let ended = counted(runs)
    let diverged = ended.isEmpty ? Double.nan : Double(ended.filter { $0.status == .diverged }.count) / Double(ended.count)
    let rows: [(String, (SummaryStatistics) -> Double)] = [
      ("runs", { Double($0.runs) }), ("finite", { Double($0.finite) }), ("mean", \.mean), ("std", \.std), ("sem", \.sem),
      ("median", \.median), ("mad", \.mad), ("nonfinite_ratio", \.nonFiniteRatio), ("diverged_ratio", { _ in diverged }),
    ]
    var lines = [(["statistic"] + stats.map(\.measure)).joined(separator: ",")]
    for (name, value) in rows {
      lines.append(([name] + stats.map { s -> String in
        let v = value(s.stats)
        return name == "runs" || name == "finite" ? "\(Int(v))" : cell(v)
      }).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `evaluation.json` of one group: how the numbers were obtained.
  static func settingsJSON(_ runs: [Evaluation.RunResult], settings: Evaluation.Settings) throws -> Data {
    var object: [String: Any] = [
      "protocol": settings.inputPaths.isEmpty
        ? "generate floor(1.25 T) steps from the first test point, drop floor(0.25 T)"
        : "generate T steps from the first test point driven by the test inputs (no transient)",
      "data": settings.dataPaths, "inputs": settings.inputPaths,
      "dstsp": Array(Set(runs.map(\.dstspSetting).filter { !$0.isEmpty })).sorted(),
      "gmm_seed": settings.seed,
    ]
    if let s = settings.smoothing { object["dh_smoothing"] = s }
    if let n = settings.predictionSteps { object["pe_steps"] = n }
    if let f = settings.forecast {
      object["forecast"] = [
        "protocol": "from evenly spread start rows with complete context and horizon: the model's forecast (init_state of the start row, or a synchronising warm-up), context parroting (library: the run's training data + the test context before the start), zero-shot parroting from the last protocol_context rows, AR(p) fitted on the training data; VPT = steps before the NRMSE (error / column std of the test data, model units) first exceeds the threshold; the sMAPE VPT in the data's units",
        "horizon": f.horizon, "starts": f.starts, "warmup": f.warmup, "nrmse_threshold": f.threshold, "smape_threshold": f.smapeThreshold,
        "motif_length": f.motifLength, "protocol_context": f.protocolContext, "ar_order": f.arOrder, "lambda_max": f.lambdaMax.map { $0 as Any } ?? NSNull(),
      ] as [String: Any]
    }
    if settings.lyapunov {
      object["lyapunov_steps"] = settings.lyapunovSteps
      // --dt, else each model's own time step (its recording's sampling interval), else per step.
      let steps = Set(runs.filter { $0.lyapunov != nil }.map { $0.lyapunovDt ?? 0 })
      if let dt = settings.dt {
        object["lyapunov_unit"] = "per time unit (dt = \(dt))"
      } else if steps.count == 1, let dt = steps.first, dt > 0 {
        object["lyapunov_unit"] = "per time unit (dt = \(dt), the recording's, from model.json)"
      } else if steps.count > 1 {
        object["lyapunov_unit"] = "per time unit of each run's model dt, per step for runs without one"
      } else {
        object["lyapunov_unit"] = "per step"
      }
    }
    return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
  }

  /// Writes the three files into every group directory (atomically); returns the paths written.
  @discardableResult
  public static func write(_ results: [Evaluation.RunResult], settings: Evaluation.Settings) throws -> [String] {
    var written: [String] = []
    for (group, runs) in groups(results) {
      var files = [
        ("metrics.csv", Data(metricsCSV(runs).utf8)), ("statistics.csv", Data(statisticsCSV(runs).utf8)),
        ("evaluation.json", try settingsJSON(runs, settings: settings)),
      ]
      if runs.contains(where: { $0.forecast != nil }) { files.append(("forecast.csv", Data(forecastCSV(runs).utf8))) }
      for (name, data) in files {
        let path = (group as NSString).appendingPathComponent(name)
        try AtomicFile.write(data, to: path)
        written.append(path)
      }
    }
    return written
  }

  /// A value with 4 significant digits, `—` when missing.
  static func short(_ x: Double) -> String { x.isFinite ? String(format: "%.4g", x) : "—" }

  /// The text table: one line per run and a median ± MAD line per group. `PE/var` is PE(n) over
  /// the data's mean variance (1 = as bad as the mean), `persist.` the persistence baseline on
  /// the same scale, `free run` the ``FreeRunHealth`` of the generated trajectory.
  public static func table(_ results: [Evaluation.RunResult], relativeTo root: String) -> String {
    let lyapunov = results.contains { $0.lyapunov != nil }
    let forecast = results.contains { $0.forecast != nil }
    var header = ["run", "status", "epoch", "D_stsp", "D_H", "PE", "PE/var", "persist.", "free run"]
    if lyapunov { header.append("λ_max") }
    if forecast { header += ["VPT [q1–q3]", "VPT_λ", "parrot", "parrot_ctx", "AR"] }
    var rows: [[String]] = []
    let base = (root as NSString).standardizingPath
    func relative(_ p: String) -> String {
      let r = p.hasPrefix(base) ? String(p.dropFirst(base.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/")) : p
      return r.isEmpty ? (p as NSString).lastPathComponent : r
    }
    for (group, runs) in groups(results) {
      for r in runs {
        var row = [relative(r.run), r.status.rawValue, r.epoch.map(String.init) ?? "—", short(r.dstsp), short(r.dh), short(r.pe),
                   short(r.peNormalized), short(r.persistenceNormalized), r.health.isEmpty ? "—" : r.health]
        if lyapunov { row.append(short(r.lyapunov?.max() ?? .nan)) }
        if forecast {
          if let f = r.forecast {
            let censored = f.model.median >= Double(f.horizon) ? "≥" : ""
            row += ["\(censored)\(short(f.model.median)) [\(short(f.model.q1))–\(short(f.model.q3))]", short(f.lyapunovTimes(f.model.median)),
                    short(f.parroting.median), short(f.parrotingProtocol.median), short(f.autoregression.median)]
          } else {
            row += ["—", "—", "—", "—", "—"]
          }
        }
        rows.append(row)
      }
      if runs.count > 1 {
        let stats = statistics(runs)
        var row = ["\(relative(group)) (\(runCount(runs)))", "median ± MAD", ""]
        // Medians of D_stsp, D_H, PE and PE/var; the persistence and health columns have none.
        let medians = stats.map { "\(short($0.stats.median)) ± \(short($0.stats.mad))" }
        row += medians.prefix(4) + ["", ""] + medians.dropFirst(4).prefix(lyapunov ? 1 : 0)
        if forecast {
          // The medians of the model's and parroting's VPT; the other forecast columns have none.
          let vpt = stats.first { $0.measure == "vpt_steps" }.map { "\(short($0.stats.median)) ± \(short($0.stats.mad))" } ?? ""
          let parrot = stats.first { $0.measure == "vpt_parroting_steps" }.map { "\(short($0.stats.median))" } ?? ""
          row += [vpt, "", parrot, "", ""]
        }
        rows.append(row)
      }
    }
    var widths = header.map(\.count)
    for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
    func line(_ cells: [String]) -> String {
      // Pad by characters (NSString padding counts UTF-16 units and cuts names such as 𝒪_Affine).
      cells.enumerated().map { i, c in
        let fill = String(repeating: " ", count: Swift.max(0, widths[i] - c.count))
        return i < 3 || header[i] == "free run" ? c + fill : fill + c
      }
        .joined(separator: "  ")
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
  }

  /// One JSON object per run (JSON Lines): run, status, epoch, dstsp, dstsp_method, dh, pe,
  /// pe_normalized, pe_persistence, health and lyapunov when computed; missing values are null.
  public static func jsonLines(_ results: [Evaluation.RunResult]) throws -> String {
    try results.map { r -> String in
      var object: [String: Any] = [
        "run": r.run, "status": r.status.rawValue, "epoch": r.epoch ?? NSNull(), "dstsp": number(r.dstsp),
        "dstsp_method": r.dstspSetting.split(separator: ",").first.map(String.init) ?? "", "dstsp_setting": r.dstspSetting,
        "dh": number(r.dh), "pe": number(r.pe), "pe_normalized": number(r.peNormalized),
        "pe_persistence": number(r.persistenceNormalized), "health": r.health,
      ]
      if let l = r.lyapunov { object["lyapunov"] = l.map(number) }
      if r.forecast != nil {
        for (key, value) in zip(forecastColumns, forecastValues(r.forecast)) { object[key] = number(value) }
        if let notes = r.forecast?.notes, !notes.isEmpty { object["forecast_note"] = notes.joined(separator: "; ") }
      }
      if let note = r.note { object["note"] = note }
      return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }.joined(separator: "\n")
  }

  static func number(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
}

extension EvaluationReport {
  /// Published numbers: experiment folder name → measure (`dstsp`, `dh`, `pe`) → [median, MAD].
  public typealias Published = [String: [String: [Double]]]

  /// Reads a published-numbers file (`Configs/paper/published.json`); keys starting with `_` are comments.
  public static func readPublished(_ path: String) throws -> Published {
    guard let data = FileManager.default.contents(atPath: path),
      let object = try StrictJSON.jsonObject(data, path: path) as? [String: Any]
    else { throw DataFileError(path: path, problem: "is not a JSON object", remedy: "see Configs/paper/published.json for the format") }
    var out: Published = [:]
    for (experiment, value) in object where !experiment.hasPrefix("_") {
      guard let measures = value as? [String: Any] else { continue }
      out[experiment] = measures.compactMapValues { ($0 as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } }
    }
    return out
  }

  /// Our median ± MAD next to the published one, per group whose experiment folder (the group
  /// directory's parent) has published numbers.
  public static func comparison(_ results: [Evaluation.RunResult], published: Published) -> String {
    var lines: [String] = []
    for (group, runs) in groups(results) {
      let experiment = ((group as NSString).deletingLastPathComponent as NSString).lastPathComponent
      guard let paper = published[experiment] else { continue }
      let stats = Dictionary(uniqueKeysWithValues: statistics(runs).map { ($0.measure, $0.stats) })
      let finite = counted(runs).filter { $0.dstsp.isFinite }.count
      lines.append("\(experiment)/\((group as NSString).lastPathComponent): \(runCount(runs)), \(finite) with finite D_stsp")
      lines.append("  measure   dsr median ± MAD        paper median ± MAD")
      for (key, label) in [("dstsp", "D_stsp"), ("dh", "D_H"), ("pe", "PE")] {
        let ours = stats[key].map { "\(short($0.median)) ± \(short($0.mad))" } ?? "—"
        let theirs = paper[key].flatMap { $0.count == 2 ? "\(short($0[0])) ± \(short($0[1]))" : nil } ?? "—"
        lines.append("  " + label + String(repeating: " ", count: Swift.max(0, 8 - label.count)) + "  " + ours
                     + String(repeating: " ", count: Swift.max(0, 22 - ours.count)) + "  " + theirs)
      }
    }
    return lines.joined(separator: "\n")
  }
}
