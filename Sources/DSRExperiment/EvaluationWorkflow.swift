import DSRData
import DSRMeasures
import Foundation

extension Evaluation {
  /// What `dsr evaluate` prints and whether every run failed.
  public struct Report: Sendable {
    /// The JSON lines, or the table with its notes, the comparison and the closing line.
    public var text: String
    /// No run could be evaluated: each ended in ``RunStatus/error`` or ``RunStatus/noModel`` or
    /// is still training without a checkpoint (the command then exits with status 1).
    public var allFailed: Bool
  }

  /// `dsr evaluate`: evaluates every run under `root` (``evaluate(root:settings:)``), writes
  /// metrics.csv, statistics.csv and evaluation.json per setting (``EvaluationReport``), and
  /// returns one JSON line per run or the table, with the published numbers of `compare` beside
  /// ours.
  public static func report(root: String, settings: Settings, compare: String?, json: Bool) async throws -> Report {
    let start = Date()
    let published = try compare.map { try EvaluationReport.readPublished($0) }
    let results = try await evaluate(root: root, settings: settings)
    let written = try EvaluationReport.write(results, settings: settings)
    let allFailed = results.allSatisfy { $0.status == .error || !$0.hasModel }  // `no model` has none
    if json { return Report(text: try EvaluationReport.jsonLines(results), allFailed: allFailed) }
    var lines = [EvaluationReport.table(results, relativeTo: root)]
    // A run trained on a recording compares in its embedding: the floor is taken there too.
    let first = results.lazy.compactMap { r in Evaluation.modelFile(of: RunDirectory(path: r.run)).flatMap { try? ModelFile.read($0) } }.first
    if let floor = try floorLine(settings, model: first) { lines.append(floor) }
    for r in results { if let note = r.note { lines.append("note: \(r.run): \(note)") } }
    if let f = results.lazy.compactMap(\.forecast).first, let options = settings.forecast {
      lines.append(forecastLegend(f, options: options))
      for r in results { for note in r.forecast?.notes ?? [] { lines.append("note: \(r.run): forecast: \(note)") } }
    }
    let groups = Set(written.map { ($0 as NSString).deletingLastPathComponent }).count
    if let published, let compare {
      let text = EvaluationReport.comparison(results, published: published)
      lines.append(text.isEmpty ? "No published numbers for these experiments in \(compare)." : "\n" + text + "\n")
    }
    if allFailed {
      lines.append("No run could be evaluated: \(results.count) run\(results.count == 1 ? "" : "s") found, none evaluable (see the table and notes above).")
    } else {
      lines.append(String(format: "Evaluated %d run%@ in %.1f s; metrics.csv, statistics.csv and evaluation.json written to %d director%@.",
                          results.count, results.count == 1 ? "" : "s", Date().timeIntervalSince(start), groups, groups == 1 ? "y" : "ies"))
    }
    return Report(text: lines.joined(separator: "\n"), allFailed: allFailed)
  }

  /// What the forecast columns mean, with the protocol's numbers.
  static func forecastLegend(_ f: ForecastEvaluation.Result, options: ForecastEvaluation.Settings) -> String {
    let unit = f.dt.map { "; × dt = \($0) for time units" } ?? ""
    let lyapunov = f.lambdaMax.map { "VPT_λ in Lyapunov times (λ_max = \($0) per \(f.dt == nil ? "step" : "time unit"))" }
      ?? "VPT_λ needs --lambda-max (λ_max of the system, e.g. from dsr lyapunov)"
    return "Forecast: valid prediction time in steps (median [quartiles] over \(f.starts) starts, horizon \(f.horizon)\(unit)): steps before the "
      + "NRMSE exceeds \(options.threshold); \(lyapunov); parrot = context parroting with the training data + context (D = \(options.motifLength)), "
      + "parrot_ctx = parroting from the last \(options.protocolContext) rows only, AR = linear AR(\(options.arOrder)) fitted on the training data. "
      + "The sMAPE VPT (threshold \(options.smapeThreshold), data units) is in metrics.csv and the JSON lines; the error curves in forecast.csv."
  }

  /// The test data's noise floor beside the table: its first T rows against the next T (or a second
  /// test trajectory), T the length of the first test trajectory (the compared length), at a
  /// shorter length with a sentence when the data is too short. Only for the binned D_stsp, which
  /// does not depend on the units a run measures in (its bins follow the true data's range); the
  /// Gaussian mixture's σ² does, so its floor is not shown.
  ///
  /// With `model` (the first run's model file) the data go through its preprocessing and delay
  /// embedding first (``ModelFile/modelUnits(_:)``), as every run compares in its own embedding.
  static func floorLine(_ settings: Settings, model: ModelFile? = nil) throws -> String? {
    let loaded = try Dataset<Double>.load(paths: settings.dataPaths, inputPaths: settings.inputPaths, allowingMissing: true)
    // Data that does not fit the model (wrong width, missing inputs) is each run's note, not the floor's.
    var data = loaded
    if let model {
      guard let mapped = try? model.modelUnits(loaded) else { return nil }
      data = mapped
    }
    let n = data.observedDimension
    let defaults = RunConfiguration.defaults.monitoring
    let method: StateSpaceDivergence.Method =
      settings.bins.map { .binned(bins: $0) } ?? settings.gmmScaling.map { .gaussianMixture(scaling: $0) }
      ?? .reference(dimension: n, bins: defaults.bins, scaling: defaults.gmmScaling)
    guard case .binned(let bins) = method else {
      return "Noise floor not shown: the Gaussian-mixture D_stsp depends on the units each run measures in."
    }
    let smoothing = settings.smoothing ?? defaults.smoothing
    guard let floor = NoiseFloor.compute(trajectories: data.trajectories, names: data.sources, length: data.trajectories[0].shape[0],
                                         method: method, smoothing: smoothing, seed: settings.seed) else { return nil }
    let bound = settings.bins == nil || settings.smoothing == nil ? " (runs with other D_stsp_bins or PSE_smoothing are measured with theirs)" : ""
    return String(format: "Noise floor of the test data %@: D_stsp %.4g (binned, %d bins), D_H %.4g (σ = %g)%@.",
                  floor.lengthText, floor.dstsp, bins, floor.dh, smoothing, bound)
  }
}
