import DSRMeasures
import DSRPlot
import DSRSymbolic
import DSRTensor
import Foundation

/// The report of one run directory (or one model file): the model, how a recording became its
/// data (the preprocessing and delay embedding of model.json with the curves of embedding.json),
/// its attractor against the data, time series, power spectra, training curves, measures with the
/// noise floor, the Lyapunov spectrum, linear subregions and their transition graph, and the
/// snapshots written during training. Times, frequencies and exponents are in the recording's
/// time units when the model knows its time step (``ModelFile/dt``), in steps otherwise.
enum RunReport {
  /// What a run directory holds besides the model.
  struct RunInfo {
    var run: RunDirectory?
    var config: Configuration?
    var records: [MetricsRecord] = []
    var events: [RunEvent] = []
    var status = "model file"
    var snapshots: [(epoch: Int, path: String)] = []
    var lyapunov: [Double]? = nil
    var lyapunovUnit = ""
    /// The run's `embedding.json` (how its recording was delay-embedded), and why it could not be read.
    var embedding: RecordingEmbedding? = nil
    var embeddingProblem: String? = nil

    var monitored: [MetricsRecord] { records }
    var finished: (epoch: Int, modelEpoch: Int, seconds: Double)? {
      events.lazy.compactMap { if case .finished(let e, let m, let s) = $0 { return (e, m, s) } else { return nil } }.last
    }
    var divergence: RunEvent.Divergence? { events.lazy.compactMap { if case .diverged(let d) = $0 { return d } else { return nil } }.last }
    var verdict: RunEvent.VerdictRecord? { events.lazy.compactMap { if case .verdict(let v) = $0 { return v } else { return nil } }.last }
  }

  static func info(of path: String) -> RunInfo {
    let run = RunDirectory(path: path)
    guard FileManager.default.fileExists(atPath: run.config) else { return RunInfo() }
    let lines = run.metricsRecords()
    var info = RunInfo(run: run, config: try? Configuration.load(file: run.config), records: lines.compactMap(\.record), events: lines.compactMap(\.event))
    info.status = RunStatus(TaskState.of(run)).description
    info.snapshots = TrainingFigures.snapshots(in: run)
    do { info.embedding = try RecordingEmbedding.read(from: run) } catch { info.embeddingProblem = describe(error) }
    // A Lyapunov spectrum computed by `dsr evaluate --lyapunov` (metrics.csv of the run's group).
    let csv = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("metrics.csv")
    if let text = try? String(contentsOfFile: csv, encoding: .utf8) {
      let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
      if let header = lines.first, let row = lines.dropFirst().first(where: { $0.first == (path as NSString).lastPathComponent }) {
        let exponents = header.indices.filter { header[$0].hasPrefix("lambda_") && header[$0] != "lambda_max" }.compactMap { $0 < row.count ? Double(row[$0]) : nil }
        if !exponents.isEmpty { info.lyapunov = exponents }
        let json = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("evaluation.json")
        if let data = FileManager.default.contents(atPath: json), let object = (try? StrictJSON.jsonObject(data, path: json)) as? [String: Any] {
          info.lyapunovUnit = object["lyapunov_unit"] as? String ?? ""
        }
      }
    }
    return info
  }

  /// The page of one run or model file.
  ///
  /// - Parameter strict: throw when the model cannot be run against the data (a single report);
  ///   otherwise the page says what went wrong (a page of a results directory).
  static func page(path: String, modelPath: String?, options: Report.Options, backLink: String? = nil, strict: Bool = true) throws -> (html: String, analysis: ReportAnalysis?) {
    var info = info(of: path)
    if info.embedding == nil && info.embeddingProblem == nil, let modelPath {
      // A model.json outside a run directory (copied, imported): embedding.json beside it, if any.
      let beside = RunDirectory(path: (modelPath as NSString).deletingLastPathComponent)
      do { info.embedding = try RecordingEmbedding.read(from: beside) } catch { info.embeddingProblem = describe(error) }
    }
    var page = ReportPage(title: "dsr report: \(path)", subtitle: "")
    var analysis: ReportAnalysis? = nil
    var problem: String? = nil
    if let modelPath {
      do {
        let file = try ModelFile.read(modelPath)
        analysis = try ReportAnalysis.analyse(modelPath: modelPath, file: file, config: info.config, dataPaths: options.dataPaths,
                                              inputPaths: options.inputPaths, maxLength: options.maxLength)
      } catch {
        if strict { throw error }
        problem = describe(error)
      }
    } else {
      problem = "no model.json and no checkpoint yet"
    }
    let id = "r" + String(abs(path.hashValue % 100_000))
    page.subtitle = subtitle(info: info, analysis: analysis, backLink: backLink)
    page.section("Model", id: "model", modelSection(info: info, analysis: analysis, modelPath: modelPath, problem: problem))
    let file = analysis?.file ?? modelPath.flatMap { try? ModelFile.read($0) }
    if let file, hasRecordingSteps(file) {
      let recording = info.config.map { $0.decoded.data.paths.joined(separator: ", ") }.flatMap { $0.isEmpty ? nil : $0 }
      page.section("From the recording to the model's data", id: "recording",
                   recordingSection(file: file, embedding: info.embedding, problem: info.embeddingProblem, recording: recording, id: id))
    }
    if let a = analysis {
      page.section("Attractor: true and generated", id: "attractor", attractorSection(a, id: id))
      page.section("Time series", id: "timeseries", timeSeriesSection(a, id: id))
      if let truth = a.truth {
        let plots = ReportFigures.spectra(true: truth, generated: a.generated, smoothing: a.smoothing, maxDimensions: nil, dt: a.file.dt, idPrefix: id)
        page.section("Power spectra", id: "spectra", ReportPage.dimensionGroups(plots.map { $0.svg() }, visible: 8, name: "psd")
                     + #"<p class="note">Each series z-scored, its FFT power smoothed by a Gaussian of σ = \#(SVGText.number(a.smoothing)) frequency bins (mirror borders) and normalised, exactly as D_H compares them; D_H is the mean of the per-dimension Hellinger distances.</p>"#)
      }
      if let values = a.values { page.section("Measures", id: "measures", measuresSection(a, values)) }
      if let f = a.forecast { page.section("Forecast horizon", id: "forecast", forecastSection(f, id: id)) }
    }
    if !info.monitored.isEmpty { page.section("Training", id: "training", trainingSection(info, id: id)) }
    if let l = info.lyapunov { page.section("Lyapunov spectrum", id: "lyapunov", lyapunovSection(l, unit: info.lyapunovUnit, modelDt: file?.dt, id: id)) }
    if let a = analysis, a.symbols != nil { page.section("Linear subregions", id: "regions", regionSection(a, id: id)) }
    if !info.snapshots.isEmpty { page.section("During training", id: "snapshots", snapshotSection(info)) }
    return (page.html(), analysis)
  }

  static func subtitle(info: RunInfo, analysis: ReportAnalysis?, backLink: String?) -> String {
    var parts: [String] = []
    if let backLink { parts.append(#"<a href="\#(ReportPage.link(backLink))">← results</a>"#) }
    if let a = analysis { parts.append(ReportPage.escape("\(a.file.model), M = \(a.file.latentDim), N = \(a.file.observedDim)")) }
    parts.append("status: " + ReportPage.escape(info.status))
    if let a = analysis {
      parts.append(ReportPage.escape("compared with " + a.dataSource))
      if let v = a.values, let reason = v.health.reason {
        // A dead free run: the measures are undefined, and the headline says why in a few words.
        parts.append(#"<span class="warn">\#(ReportPage.escape("D_stsp, D_H undefined — " + reason.prefix { $0 != ":" }))</span>"#)
      } else if let v = a.values {
        parts.append(ReportPage.escape("D_stsp \(SVGText.number(v.dstsp, digits: 3)), D_H \(SVGText.number(v.dh, digits: 3))"))
      }
    }
    return parts.joined(separator: " · ")
  }

  static func modelSection(info: RunInfo, analysis: ReportAnalysis?, modelPath: String?, problem: String?) -> String {
    var facts: [(String, String)] = []
    let e = ReportPage.escape
    if let file = analysis?.file ?? modelPath.flatMap({ try? ModelFile.read($0) }) {
      let count = file.parameters.values.reduce(0) { $0 + $1.data.count }
      var sizes = "M = \(file.latentDim), N = \(file.observedDim)"
      if let h = file.hiddenDim { sizes += ", L = \(h) hidden units" }
      if let p = file.pwlUnits { sizes += ", P = \(p) piecewise-linear units" }
      if let b = file.numBases { sizes += ", B = \(b) bases" }
      if file.inputDim > 0 { sizes += ", K = \(file.inputDim) inputs" }
      facts += [("model", e(file.model)), ("sizes", e(sizes)), ("parameters", "\(count)"),
                ("observation model", e(file.observationModel)), ("precision", e(file.precision)),
                ("file", "<code>\(e(modelPath ?? ""))</code>")]
      if let t = file.training {
        facts.append(("training", e("epoch \(t.epochs), seed \(t.seed), run \(t.run), loss \(SVGText.number(t.loss))" + (t.alpha.map { ", α \(SVGText.number($0, digits: 3))" } ?? ""))))
      }
      facts.append(("standardised", file.standardization == nil ? "no (data units)" : "yes (z-scored with the training data's mean and std)"))
    }
    facts.append(("status", e(info.status)))
    if let finished = info.finished {
      facts.append(("wall time", e(String(format: "%.1f s for %d epochs", finished.seconds, finished.epoch) + ", model.json is the checkpoint of epoch \(finished.modelEpoch)")))
    } else if let last = info.monitored.last, let s = last.seconds {
      facts.append(("training time", e(String(format: "%.1f s up to epoch %d", s, last.epoch))))
    }
    if let diverged = info.divergence {
      facts.append(("diverged", #"<span class="warn">\#(e("epoch \(diverged.epoch): \(diverged.reason)"))</span>"#))
    }
    if let verdict = info.verdict {
      facts += verdictFacts(verdict).map { ($0.0, e($0.1)) }
    }
    if let problem { facts.append(("problem", #"<span class="warn">\#(e(problem))</span>"#)) }
    var html = ReportPage.facts(facts)
    if let config = info.config {
      let defaults = Configuration()
      let keys = Configuration.keys.map(\.name).filter { config.values[$0] != defaults.values[$0] || ["epochs", "path_to_data", "latent_dim", "model"].contains($0) }
      let rows = keys.map { ["<code>\(e($0))</code>", e(config.values[$0].map { "\($0)" } ?? "")] }
      html += "<details><summary>Training settings (\(keys.count) keys that differ from the defaults, and the main ones)</summary>" + ReportPage.table(["key", "value"], rows) + "</details>"
    }
    return html
  }

  /// The end-of-training verdict as report facts: where the free runs from the training points
  /// go (the shares), or the one orbit of records written before several starts were run; and
  /// which checkpoints `model_selection = best` passed over.
  static func verdictFacts(_ verdict: RunEvent.VerdictRecord) -> [(String, String)] {
    var facts: [(String, String)] = []
    let survey = verdict.starts.flatMap { OrbitSurvey(records: $0) }
    if let survey, !survey.starts.isEmpty {
      facts.append(("free runs", "from \(survey.starts.count) training point\(survey.starts.count == 1 ? "" : "s"): " + survey.summary))
    } else if let orbit = verdict.orbit {
      facts.append(("free run", orbit + (verdict.lambdaMax.map { ", λ_max = \(SVGText.number($0, digits: 3)) per step" } ?? "")))
    }
    if let kept = verdict.modelEpoch, !(verdict.rejected ?? []).isEmpty || verdict.allRejected == true {
      let decision = ModelSelection.Decision(
        kept: .init(epoch: kept, dstsp: verdict.dstsp ?? .nan, dh: verdict.dh ?? .nan), survey: survey, rejected: verdict.rejected ?? [],
        allDead: verdict.allRejected ?? false)
      if let note = decision.note(lastEpoch: verdict.epoch) { facts.append(("model selection", "model.json is " + note)) }
    }
    return facts
  }

  static func attractorSection(_ a: ReportAnalysis, id: String) -> String {
    guard let coordinates = try? ReportFigures.attractorCoordinates(true: a.truth ?? a.generated, generated: a.generated) else { return "" }
    let truth = a.truth == nil ? coordinates.truth.map { _ in [Double]() } : coordinates.truth
    let rows = ReportFigures.separateProjections(names: coordinates.names, truth: truth, generated: coordinates.generated, size: 270, idPrefix: id)
    var html = #"<div class="attractor"><div>"# + (a.truth == nil ? "" : ReportPage.figures(rows.truth.map { $0.svg() }))
      + ReportPage.figures(rows.generated.map { $0.svg() }) + "</div>"
    if coordinates.names.count >= 3 {
      html += ReportPage.rotatable(title: "Attractor in 3-D (\(coordinates.names.joined(separator: ", ")))", names: coordinates.names, truth: truth.map { $0.isEmpty ? coordinates.generated[0].map { _ in Double.nan } : $0 }, generated: coordinates.generated)
    }
    html += "</div>"
    let what = a.file.observedDim > 3 ? "the first three principal components of the true data (both trajectories projected onto the same axes)" : "the observed dimensions"
    html += #"<p class="note">\#(ReportPage.escape("Projections onto \(what), in the model's units; true (blue, above) and generated (orange, below) on the same axes. \(protocolText(a))"))</p>"#
    return html
  }

  static func protocolText(_ a: ReportAnalysis) -> String {
    switch a.dataProtocol {
    case .test: return "Generated: ⌊1.25 T⌋ steps from the first test point, the first ⌊0.25 T⌋ dropped (as dsr evaluate); T = \(a.generated.shape[0])."
    case .training: return "Generated: T = \(a.generated.shape[0]) steps from the first training point (as the monitoring during training)."
    case .none: return a.notes.last ?? ""
    }
  }

  static func timeSeriesSection(_ a: ReportAnalysis, id: String) -> String {
    let truth = a.truth ?? Tensor<Double>(shape: [0, a.generated.shape[1]], scalars: [])
    let plots: [Plot]
    if a.truth != nil {
      plots = ReportFigures.timeSeries(true: truth, generated: a.shortRun, maxDimensions: nil, dt: a.file.dt, idPrefix: id)
    } else {
      plots = ReportFigures.timeSeries(true: a.shortRun, generated: a.shortRun, maxDimensions: nil, dt: a.file.dt, idPrefix: id).map { p in
        var p = p
        p.series.removeFirst()
        return p
      }
    }
    return ReportPage.dimensionGroups(plots.map { $0.svg() }, visible: 8, name: "ts")
      + #"<p class="note">Both started from the same first data point; the generated series runs freely (no forcing).</p>"#
  }

  static func measuresSection(_ a: ReportAnalysis, _ v: ReconstructionMeasures.Values) -> String {
    let n = SVGText.number
    // An undefined value says why (a fixed point, a run that left the data's range, …).
    func cell(_ x: Double, _ note: String?) -> String {
      guard x.isNaN, let note else { return n(x, 4) }
      return #"<span class="warn">undefined — \#(ReportPage.escape(note))</span>"#
    }
    var rows = [["D_stsp (\(ReportPage.escape(a.dstspSetting)))", cell(v.dstsp, v.dstspNote), a.floor.map { n($0.dstsp, 4) } ?? "–"],
                ["D_H (σ = \(n(a.smoothing, 3)))", cell(v.dh, v.dhNote), a.floor.map { n($0.dh, 4) } ?? "–"]]
    if v.pe.isFinite || v.peNote != nil {
      // n steps in the recording's time units when the model's time step is known.
      let span = a.file.dt.map { " (\(a.predictionSteps) steps = \(n(Double(a.predictionSteps) * $0, 3)) time units)" } ?? ""
      rows.append(["PE(\(a.predictionSteps))\(span)", cell(v.pe, v.peNote), "–"])
      // Normalised by the data's mean variance: 1 = as bad as predicting the mean; the
      // persistence baseline x(t + n) = x(t) stands in the floor column.
      rows.append(["PE(\(a.predictionSteps)) / data variance (persistence beside it)", n(v.peNormalized, 4), n(v.persistenceNormalized, 4)])
    }
    var html = ReportPage.table(["measure", "model", "noise floor"], rows, numeric: [1, 2])
    html += #"<p class="note">\#(ReportPage.escape(protocolText(a)))"#
    if let floor = a.floor {
      html += " Noise floor: two non-overlapping stretches of the test data, " + ReportPage.escape(floor.lengthText)
        + ", the same estimators (no model can be expected to score below it at this length)."
      if !floor.isFullLength { html += #" <span class="warn">The floor is at a shorter length than the comparison, so it sits higher than the one that applies.</span>"# }
    } else {
      html += " The noise floor (two stretches of the test data as long as the comparison) is computed for test data given with --data."
    }
    if let reason = v.health.reason {
      html += #" <span class="warn">D_stsp and D_H are undefined — \#(ReportPage.escape(reason)).</span>"#
    } else if case .periodic(let k) = v.health {
      html += " The free run settles on a cycle of period \(k)."
    }
    for note in a.notes where a.dataProtocol != .none { html += " " + ReportPage.escape(note) }
    return html + "</p>"
  }

  /// The median NRMSE of the model's forecasts against the forecast step (in time units with the
  /// recording's dt), beside context parroting and the AR baseline, the VPT threshold as a line,
  /// and the valid prediction times.
  static func forecastSection(_ f: ForecastEvaluation.Result, id: String) -> String {
    func n(_ x: Double) -> String { SVGText.number(x, digits: 3) }
    let unit = f.dt ?? 1
    let xs = (1...Swift.max(f.curves.model.count, 1)).map { Double($0) * unit }
    var p = Plot(title: "Forecast error (median over \(f.starts) starts)", xLabel: f.dt == nil ? "steps ahead" : "time ahead", yLabel: "NRMSE")
    (p.width, p.height, p.id, p.yScale) = (560, 300, "\(id)-forecast", .linear)
    func clipped(_ c: [Double]) -> [Double] { c.map { $0.isFinite ? Swift.min($0, 3) : 3 } }
    p.series = [Series("model", x: Array(xs.prefix(f.curves.model.count)), y: clipped(f.curves.model), color: Palette.ink, style: .line(width: 1.6))]
    if !f.curves.parroting.isEmpty {
      p.series.append(Series("context parroting", x: Array(xs.prefix(f.curves.parroting.count)), y: clipped(f.curves.parroting), color: Palette.category(0), style: .line(width: 1.2)))
    }
    if !f.curves.autoregression.isEmpty {
      p.series.append(Series("AR(10)", x: Array(xs.prefix(f.curves.autoregression.count)), y: clipped(f.curves.autoregression), color: Palette.category(1), style: .line(width: 1.2)))
    }
    p.series.append(Series("threshold 0.3", x: [xs.first ?? 0, xs.last ?? 1], y: [0.3, 0.3], color: Palette.category(2), style: .line(width: 0.8)))
    p.showLegend = true
    func vpt(_ h: ForecastEvaluation.Horizon) -> String {
      guard h.median.isFinite else { return "–" }
      let steps = "\(n(h.median)) [\(n(h.q1))–\(n(h.q3))] steps"
      return f.dt.map { steps + " = \(n(h.median * $0)) time units" } ?? steps
    }
    let rows = [
      ["model", vpt(f.model)], ["context parroting (training data + context)", vpt(f.parroting)],
      ["parroting from the last 512 rows", vpt(f.parrotingProtocol)], ["linear AR(10)", vpt(f.autoregression)],
    ].map { $0.map(ReportPage.escape) }
    var html = ReportPage.figures([p.svg()]) + ReportPage.table(["forecaster", "valid prediction time, median [quartiles]"], rows, numeric: [])
    html += #"<p class="note">"# + ReportPage.escape(
      "From \(f.starts) start rows spread over the test data, each forecaster predicts \(f.horizon) steps; the valid prediction time is the number of "
        + "steps before the error over each column's standard deviation (NRMSE) first exceeds 0.3 (a forecast valid over the whole horizon counts as "
        + "the horizon). The curves are medians over the starts, clipped at 3. In Lyapunov times: multiply by λ_max (dsr evaluate --forecast --lambda-max).")
    for note in f.notes { html += " " + ReportPage.escape(note) }
    return html + "</p>"
  }

  static func trainingSection(_ info: RunInfo, id: String) -> String {
    let records = info.monitored
    let fields: [String: (MetricsRecord) -> Double?] = [
      "loss": \.loss, "loss_training": \.lossTraining, "loss_regularization": \.lossRegularization, "epoch_mean_loss": \.epochMeanLoss,
      "dstsp": \.dstsp, "dh": \.dh, "pe": \.pe, "alpha": \.alpha, "learning_rate": \.learningRate, "cond_B": \.conditionNumber,
    ]
    func series(_ key: String) -> (x: [Double], y: [Double]) {
      (records.map { Double($0.epoch) }, records.map { fields[key]!($0) ?? .nan })
    }
    func plot(_ title: String, _ yLabel: String, _ keys: [(String, String)], log: Bool, k: Int) -> Plot? {
      let all = keys.map { (name: $0.1, data: series($0.0)) }.filter { $0.data.y.contains(where: \.isFinite) }
      guard !all.isEmpty else { return nil }
      var p = Plot(title: title, xLabel: "epoch", yLabel: yLabel)
      let finite = all.flatMap { $0.data.y.filter(\.isFinite) }
      let spansDecades = finite.allSatisfy { $0 > 0 } && (finite.max()! / finite.min()! > 20)
      (p.width, p.height, p.id, p.yScale) = (400, 250, "\(id)-train\(k)", log && spansDecades ? .log : .linear)
      let colors = [Palette.ink, Palette.category(0), Palette.category(1), Palette.category(2)]
      p.series = all.enumerated().map { j, s in Series(s.name, x: s.data.x, y: s.data.y, color: colors[j % colors.count], style: .markers(radius: records.count > 60 ? 1.2 : 2.2)) }
      p.showLegend = all.count > 1
      return p
    }
    let plots = [
      plot("Loss", "loss", [("loss", "total"), ("loss_training", "training"), ("loss_regularization", "regularisation"), ("epoch_mean_loss", "epoch mean")], log: true, k: 0),
      plot("D_stsp against the training data", "D_stsp", [("dstsp", "D_stsp")], log: true, k: 1),
      plot("D_H against the training data", "D_H", [("dh", "D_H")], log: false, k: 2),
      plot("PE(n) on the training data", "PE", [("pe", "PE")], log: true, k: 3),
      plot("GTF α", "α", [("alpha", "α")], log: false, k: 4),
      plot("Learning rate", "learning rate", [("learning_rate", "learning rate")], log: true, k: 5),
      plot("Condition number of B", "cond(B)", [("cond_B", "cond(B)")], log: true, k: 6),
    ].compactMap { $0 }
    var html = ReportPage.figures(plots.map { $0.svg() })
    html += #"<p class="note">From metrics.jsonl: one record per monitoring epoch (every scalar_saving_interval epochs); the measures compare a free run of the training data's length with the first training trajectory. Log scales where the values are positive and span orders of magnitude.</p>"#
    return html
  }

  /// The Lyapunov spectrum of `dsr evaluate --lyapunov` (metrics.csv) in the unit evaluation.json
  /// names; a spectrum evaluated without --dt of a model that knows its recording's time step
  /// (`modelDt`) is per time unit of that step, as the evaluation computes it.
  static func lyapunovSection(_ exponents: [Double], unit given: String, modelDt: Double?, id: String) -> String {
    var unit = given
    if !unit.hasPrefix("per time"), let dt = modelDt { unit = "per time unit (dt = \(dt), the recording's, from model.json)" }
    var p = Plot(title: "Lyapunov spectrum", xLabel: "index", yLabel: "λ" + (unit.isEmpty ? "" : " (\(unit.hasPrefix("per time") ? "per time unit" : "per step"))"))
    (p.width, p.height, p.id) = (400, 250, "\(id)-lyap")
    p.series = [Series("λ", x: exponents.indices.map { Double($0 + 1) }, y: exponents, color: Palette.generated, style: .markers(radius: 3))]
    p.series.append(Series("zero", x: [0.5, Double(exponents.count) + 0.5], y: [0, 0], color: "#999", style: .line(width: 1), dash: "3 3"))
    p.showLegend = false
    let list = exponents.prefix(12).map { SVGText.number($0, digits: 4) }.joined(separator: ", ") + (exponents.count > 12 ? ", …" : "")
    return ReportPage.figures([p.svg()]) + #"<p class="note">\#(ReportPage.escape("From dsr evaluate --lyapunov (\(unit.isEmpty ? "per step" : unit)): λ = (\(list)).")) </p>"#
  }

  static func fixedPointText(_ c: Cycle?) -> String {
    guard let c else { return "no fixed point (I − A singular)" }
    return "\(c.real ? "real" : "virtual") \(c.type) FP, ρ = \(SVGText.number(c.spectralRadius, digits: 3))"
  }

  static func regionSection(_ a: ReportAnalysis, id: String) -> String {
    guard let symbols = a.symbols, let coordinates = try? ReportFigures.attractorCoordinates(true: a.truth ?? a.generated, generated: a.generated) else { return "" }
    // One symbol per plotted point: a one-dimensional series is drawn as (x(t), x(t+1)), one point short.
    let steps = min(symbols.count, coordinates.generated.map(\.count).min() ?? 0)
    let other = 1 - a.regions.reduce(0) { $0 + $1.share }
    var palette = a.regions.indices.map { Palette.category($0) }
    var legend = a.regions.enumerated().map { k, r in "region \(k + 1) (\(SVGText.number(100 * r.share, digits: 3)) %)" }
    if a.regionCount > a.regions.count {
      palette.append("#b0b0b0")
      legend.append("\(a.regionCount - a.regions.count) other regions (\(SVGText.number(100 * other, digits: 3)) %)")
    }
    let generated = coordinates.generated.map { Array($0.prefix(steps)) }
    let plots = ReportFigures.projections(names: coordinates.names, truth: coordinates.truth.map { _ in [] }, generated: generated, idPrefix: id + "-reg",
                                          colors: (Array(symbols.prefix(steps)), palette, legend), titlePrefix: "Regions")
    var html = ReportPage.legend(zip(legend, palette).map { ($0.0, $0.1) }) + ReportPage.figures(plots.map { $0.svg() })
    // The transition graph.
    var nodes = a.regions.enumerated().map { k, r -> GraphDrawing.Node in
      let fp = r.fixedPoint
      return GraphDrawing.Node(label: "region \(k + 1)", weight: r.share, fill: Palette.category(k),
                               outline: fp == nil ? .none : fp!.real ? .solid : .dashed,
                               outlineColor: fp?.stable == true ? "#1a7f37" : Palette.ink,
                               caption: "\(SVGText.number(100 * r.share, digits: 3)) % · " + (fp.map { "\($0.real ? "real" : "virtual") \($0.type)" } ?? "no FP"))
    }
    if a.regionCount > a.regions.count {
      nodes.append(GraphDrawing.Node(label: "other", weight: other, fill: "#b0b0b0", caption: "\(a.regionCount - a.regions.count) regions"))
    }
    var edges: [GraphDrawing.Edge] = []
    for (i, row) in a.transitions.enumerated() where i < nodes.count {
      for (j, p) in row.enumerated() where j < nodes.count && p >= 0.005 { edges.append(.init(from: i, to: j, weight: p)) }
    }
    var graph = GraphDrawing(title: "Transitions between the most visited regions", nodes: nodes, edges: edges)
    (graph.width, graph.height, graph.id) = (620, 470, id + "-graph")
    graph.legend = [("outline solid: real fixed point in its region; dashed: virtual (outside it)", "#ffffff", .solid),
                    ("green outline: stable fixed point; black: unstable or saddle", "#ffffff", .dashed),
                    ("node area ∝ time share; arrow width ∝ transition probability", "#b0b0b0", .none)]
    html += ReportPage.figures([graph.svg()])
    let rows = a.regions.enumerated().map { k, r -> [String] in
      let bits = r.region.description
      return ["\(k + 1)", "<code>\(ReportPage.escape(bits.count > 40 ? String(bits.prefix(39)) + "…" : bits))</code>", SVGText.number(100 * r.share, digits: 3) + " %",
              ReportPage.escape(fixedPointText(r.fixedPoint))]
    }
    html += ReportPage.table(["region", "switch pattern", "share", "fixed point of its affine map"], rows, numeric: [0, 2])
    html += #"<p class="note">\#(ReportPage.escape("The first \(steps) generated steps visit \(a.regionCount) linear subregions (sign patterns of \(a.switchCount) switches); the \(a.regions.count) most visited are shown, the rest as other. A region's fixed point is real when it lies inside the region (a fixed point of the model), virtual otherwise. dsr analyze and dsr export give the full encoding."))</p>"#
    return html
  }

  static func snapshotSection(_ info: RunInfo) -> String {
    let chosen = TrainingFigures.evenlySpaced(info.snapshots, at: 12)
    // Files of the results folder, not drawn now: shown as data: images, never inlined (a
    // planted <script> or onload= would run in the page).
    let svgs = chosen.compactMap { s -> (label: String, svg: String)? in
      guard let text = try? String(contentsOfFile: s.path, encoding: .utf8), text.contains("<svg") else { return nil }
      return ("\(s.epoch)", ReportPage.image(svg: text, alt: "Epoch \(s.epoch): free run against the training data (plots/generated_\(s.epoch).svg)"))
    }
    return ReportPage.slider(svgs, name: "snap") + #"<p class="note">\#(ReportPage.escape("plots/generated_<epoch>.svg, written every image_saving_interval epochs (\(info.snapshots.count) files, \(svgs.count) shown): the model's free run against the training data as training proceeds. Move the slider to see the attractor form."))</p>"#
  }
}
