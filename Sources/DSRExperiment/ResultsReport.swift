import DSRData
import DSRMeasures
import DSRPlot
import Foundation

/// The report of a results directory (a grid, several runs, a suite): one table of every run,
/// median ± MAD per setting, strip plots of D_stsp and D_H per setting, the best run's attractor,
/// and a link to each run's own page (``RunReport``, written into the run directory).
enum ResultsReport {
  /// One run's row.
  struct Row {
    var run: String
    var setting: String
    var status: String
    var epoch: Int?
    var dstsp = Double.nan
    var dh = Double.nan
    var pe = Double.nan
    var lambdaMax = Double.nan
    var page: String
    var problem: String?
  }

  /// `target` relative to directory `base` (both standardised absolute or both relative paths).
  static func relative(_ target: String, from base: String) -> String {
    let t = target.split(separator: "/").map(String.init), b = base.split(separator: "/").map(String.init)
    var k = 0
    while k < min(t.count, b.count) && t[k] == b[k] { k += 1 }
    return (Array(repeating: "..", count: b.count - k) + t[k...]).joined(separator: "/")
  }

  static func write(root: String, runs: [String], to out: String, options: Report.Options) throws -> Report.Written {
    let outDirectory = (out as NSString).deletingLastPathComponent
    let slots = Slots(count: runs.count)
    DispatchQueue.concurrentPerform(iterations: max(1, min(options.workers, runs.count))) { _ in
      while let i = slots.take() { slots.set(i, row(runs[i], root: root, out: out, options: options)) }
    }
    let rows = slots.values
    var page = ReportPage(title: "dsr report: \(root)", subtitle: "")
    let settings = Array(Set(rows.map(\.setting))).sorted()
    let measured = options.dataPaths.isEmpty ? "each run's training data (a free run of its length, as the monitoring during training)"
      : "\(options.dataPaths.joined(separator: ", ")) (⌊1.25 T⌋ steps from the first test point, the first ⌊0.25 T⌋ dropped, as dsr evaluate)"
    let best = rows.indices.filter { rows[$0].dstsp.isFinite }.min { (rows[$0].dstsp, rows[$0].dh.isFinite ? rows[$0].dh : .infinity) < (rows[$1].dstsp, rows[$1].dh.isFinite ? rows[$1].dh : .infinity) }
    page.subtitle = ReportPage.escape("\(rows.count) runs in \(settings.count) setting\(settings.count == 1 ? "" : "s"); measures against \(measured)")
    // The table of runs, with a median ± MAD line after each setting.
    let n = SVGText.number
    var table: [[String]] = [], classes: [String?] = []
    let hasLambda = rows.contains { $0.lambdaMax.isFinite }
    let hasPE = rows.contains { $0.pe.isFinite }
    for setting in settings {
      let group = rows.enumerated().filter { $0.element.setting == setting }
      for (i, r) in group {
        var cells = [#"<a href="\#(ReportPage.link(relative(r.page, from: outDirectory)))">\#(ReportPage.escape(relative(r.run, from: root)))</a>"#,
                     ReportPage.escape(setting), ReportPage.escape(r.status), r.epoch.map(String.init) ?? "–", n(r.dstsp, 4), n(r.dh, 4)]
        if hasPE { cells.append(n(r.pe, 4)) }
        if hasLambda { cells.append(n(r.lambdaMax, 4)) }
        cells.append(r.problem.map { #"<span class="warn">\#(ReportPage.escape($0))</span>"# } ?? "")
        table.append(cells)
        classes.append(i == best ? "best" : nil)
      }
      if group.count > 1 {
        func stat(_ values: [Double]) -> String {
          let s = SummaryStatistics(values)
          return s.finite == 0 ? "–" : "\(n(s.median, 3)) ± \(n(s.mad, 3))"
        }
        var cells = ["median ± MAD", ReportPage.escape(setting), "\(group.count) runs", "", stat(group.map(\.element.dstsp)), stat(group.map(\.element.dh))]
        if hasPE { cells.append(stat(group.map(\.element.pe))) }
        if hasLambda { cells.append(stat(group.map(\.element.lambdaMax))) }
        cells.append("")
        table.append(cells)
        classes.append("summary")
      }
    }
    var header = ["run", "setting", "status", "epoch", "D_stsp", "D_H"] + (hasPE ? ["PE"] : []) + (hasLambda ? ["λ_max"] : [])
    header.append("note")
    var html = ReportPage.table(header, table, numeric: Set(3..<(header.count - 1)), classes: classes)
    html += #"<p class="note">\#(ReportPage.escape("Measures against \(measured). PE only with test data (--data). λ_max from dsr evaluate --lyapunov where it was run. The highlighted run has the smallest D_stsp. Each run name links to its own report."))</p>"#
    page.section("Runs", id: "runs", html)
    // Strip plots per setting.
    var strips: [String] = []
    for (key, label, log) in [("dstsp", "D_stsp", true), ("dh", "D_H", false)] {
      let values = settings.map { s in rows.filter { $0.setting == s }.map { key == "dstsp" ? $0.dstsp : $0.dh } }
      var plot = StripPlot(title: "\(label) per setting", yLabel: label, categories: settings, values: values)
      (plot.width, plot.height) = (max(380, min(900, 90 + 70 * Double(settings.count))), 320)
      if log, values.flatMap({ $0 }).filter(\.isFinite).allSatisfy({ $0 > 0 }) {
        let finite = values.flatMap { $0 }.filter(\.isFinite)
        if let lo = finite.min(), let hi = finite.max(), hi / lo > 20 { plot.yScale = .log }
      }
      if let best {
        let k = settings.firstIndex(of: rows[best].setting)!
        let index = rows.filter { $0.setting == rows[best].setting }.firstIndex { $0.run == rows[best].run }!
        plot.highlighted = (k, index)
      }
      strips.append(plot.svg())
    }
    page.section("Per setting", id: "settings", ReportPage.figures(strips)
                 + #"<p class="note">Every run a dot; the bar at the median (two runs or more), the box from the first to the third quartile (four or more); the ringed dot is the best run. Runs without a finite value are counted under the setting's name.</p>"#)
    // The best run's attractor.
    if let best, let modelPath = Evaluation.modelFile(of: RunDirectory(path: rows[best].run)),
       let a = try? ReportAnalysis.analyse(modelPath: modelPath, file: ModelFile.read(modelPath), config: RunReport.info(of: rows[best].run).config,
                                           dataPaths: options.dataPaths, inputPaths: options.inputPaths, maxLength: options.maxLength) {
      let link = #"<a href="\#(ReportPage.link(relative(rows[best].page, from: outDirectory)))">\#(ReportPage.escape(relative(rows[best].run, from: root)))</a>"#
      page.section("Best run: attractor", id: "best", #"<p>Run \#(link): D_stsp \#(n(rows[best].dstsp, 4)), D_H \#(n(rows[best].dh, 4)).</p>"#
                   + RunReport.attractorSection(a, id: "best"))
    } else if best == nil {
      // Every free run is dead (a fixed point or divergent: D_stsp undefined) or unmeasured.
      page.section("Best run", id: "best", #"<p class="note">No run has a finite D_stsp (its free run settles on a fixed point, diverges, or was not measured): there is no best run to show.</p>"#)
    }
    try AtomicFile.write(Data(page.html().utf8), to: out, streams: options.out != nil)
    return Report.Written(path: out, runPages: rows.map(\.page))
  }

  /// Analyses one run, writes its page and returns its row (never throws: problems become the
  /// row's note).
  static func row(_ path: String, root: String, out: String, options: Report.Options) -> Row {
    let run = RunDirectory(path: path)
    let parent = (path as NSString).deletingLastPathComponent
    let setting = parent == root || !parent.hasPrefix(root) ? (root as NSString).lastPathComponent : relative(parent, from: root)
    var row = Row(run: path, setting: setting, status: RunStatus(TaskState.of(run)).description, epoch: nil, page: run.file("report.html"))
    let modelPath = Evaluation.modelFile(of: run)
    row.epoch = modelPath.flatMap { try? ModelFile.read($0) }?.training?.epochs ?? TaskState.lastEpoch(run)
    do {
      let (html, analysis) = try RunReport.page(path: path, modelPath: modelPath, options: options,
                                                backLink: relative(out, from: path), strict: false)
      try AtomicFile.write(Data(html.utf8), to: row.page)
      if let v = analysis?.values {
        (row.dstsp, row.dh, row.pe) = (v.dstsp, v.dh, v.pe)
        // A dead free run's D_stsp and D_H are undefined: the note says why rather than a bare dash.
        if let reason = v.health.reason { row.problem = "D_stsp, D_H undefined — " + reason }
      }
      if analysis == nil { row.problem = modelPath == nil ? "no model yet" : "see its page" }
      if let l = RunReport.info(of: path).lyapunov, let m = l.max() { row.lambdaMax = m }
    } catch {
      row.problem = describe(error)
    }
    return row
  }
}

/// Rows filled from several threads, and the index of the next run to take.
private final class Slots: @unchecked Sendable {
  private var rows: [ResultsReport.Row?]
  private var next = 0
  private let lock = NSLock()
  init(count: Int) { rows = Array(repeating: nil, count: count) }
  func take() -> Int? {
    lock.withLock {
      guard next < rows.count else { return nil }
      defer { next += 1 }
      return next
    }
  }
  func set(_ i: Int, _ row: ResultsReport.Row) { lock.withLock { rows[i] = row } }
  var values: [ResultsReport.Row] { lock.withLock { rows.map { $0! } } }
}
