import DSRData
import DSRPlot
import Foundation

/// The figures of how a delay embedding was chosen (``EmbeddingChoice``, from a run's
/// `embedding.json`): the auto-mutual information and autocorrelation the delay was read from,
/// and Cao's false-neighbour statistics (or the non-uniform search's steps) the dimension was
/// read from. Delays are in the recording's time units when its time step is known.
extension ReportFigures {
  /// Two panels: each channel's auto-mutual information I(τ) with its first minimum, and its
  /// autocorrelation with the 1/e level and its decorrelation time; both with the chosen delay
  /// (uniform) or the Theiler window (non-uniform) marked.
  ///
  /// - Parameters:
  ///   - dt: the time step of the embedded series (the recording's ``Preprocessing/modelDt``);
  ///     nil draws delays in samples.
  /// - Returns: the I(τ) panel and the autocorrelation panel, cut at about three times the
  ///   largest delay of interest (the whole τ range when that is shorter).
  public static func mutualInformation(_ choice: EmbeddingChoice, dt: Double?, width: Double = 400, height: Double = 250,
                                       idPrefix: String) -> [Plot] {
    let curves = choice.mutualInformation
    guard let longest = curves.map(\.maximalDelay).max(), longest >= 1 else { return [] }
    let interest = ([choice.delay] + curves.map(\.delay) + curves.compactMap(\.decorrelationDelay)).max() ?? choice.delay
    let shown = min(longest, max(3 * interest, 20))
    let scale = dt ?? 1
    let xLabel = dt == nil ? "delay τ (samples)" : "delay τ (time units, dt = \(SVGText.number(scale)))"
    let mark = choice.method == .uniform ? "chosen τ = " : "Theiler window w = "
    let markName = mark + "\(choice.delay) samples" + (dt.map { " (\(SVGText.number(Double(choice.delay) * $0)))" } ?? "")
    let many = curves.count > Palette.categorical.count
    func color(_ c: Int) -> String { many ? "#9a9a9a" : curves.count == 1 ? Palette.truth : Palette.category(c) }
    func channelName(_ c: Int) -> String { curves.count == 1 ? "" : "channel \(c + 1)" }

    func panel(_ title: String, _ yLabel: String, _ k: Int, values: (AutoMutualInformation) -> [Double], marker: (AutoMutualInformation) -> Int?,
               markerName: String, level: (value: Double, name: String)?) -> Plot {
      var p = Plot(title: title, xLabel: xLabel, yLabel: yLabel)
      (p.width, p.height, p.id) = (width, height, "\(idPrefix)-ami\(k)")
      var lo = Double.infinity, hi = -Double.infinity
      for a in curves {
        let y = Array(values(a).prefix(shown + 1))
        for v in y where v.isFinite { (lo, hi) = (min(lo, v), max(hi, v)) }
        p.series.append(Series(channelName(a.channel), x: y.indices.map { Double($0) * scale }, y: y, color: color(a.channel),
                               style: .line(width: many ? 0.8 : 1.5), inLegend: curves.count > 1 && !many))
      }
      if let level {
        p.series.append(Series(level.name, x: [0, Double(shown) * scale], y: [level.value, level.value], color: "#777", style: .line(width: 1), dash: "2 3"))
        (lo, hi) = (min(lo, level.value), max(hi, level.value))
      }
      let marked = curves.compactMap { a -> (Double, Double)? in
        guard let d = marker(a), d <= shown, d < values(a).count else { return nil }
        return (Double(d) * scale, values(a)[d])
      }
      if !marked.isEmpty {
        p.series.append(Series(markerName, x: marked.map(\.0), y: marked.map(\.1), color: Palette.ink, style: .points(radius: 3.5)))
      }
      if lo <= hi {
        p.series.append(Series(markName, x: [Double(choice.delay) * scale, Double(choice.delay) * scale], y: [lo, hi], color: Palette.generated,
                               style: .line(width: 1.6), dash: "5 3"))
      }
      if shown < longest { p.note = "τ up to \(shown) of the \(longest) samples evaluated" }
      return p
    }
    let ami = panel("Auto-mutual information I(τ)", "I(τ) (nats)", 0, values: \.values, marker: { $0.rule == .firstMinimum ? $0.delay : nil },
                    markerName: "first minimum", level: nil)
    let acf = panel("Autocorrelation r(τ)", "r(τ)", 1, values: \.autocorrelation, marker: \.decorrelationDelay,
                    markerName: "below 1/e", level: (1 / M_E, "1/e"))
    return [ami, acf]
  }

  /// Cao's E1 and E2 against the number of copies (the dimension for one channel) with the
  /// saturation threshold and the chosen number marked (uniform); the non-uniform search's ratio
  /// E_k / E_(k−1) against the dimension with its threshold and the chosen dimension
  /// (non-uniform); nil when the choice has neither.
  public static func falseNeighbours(_ choice: EmbeddingChoice, width: Double = 400, height: Double = 250, idPrefix: String) -> Plot? {
    if let cao = choice.cao, !cao.E1.isEmpty {
      let c = cao.channels.count
      var p = Plot(title: "Cao's false neighbours at τ = \(cao.delay) samples", xLabel: c == 1 ? "dimension d" : "copies m of each of the \(c) channels (dimension m·\(c))",
                   yLabel: "E1, E2")
      (p.width, p.height, p.id) = (width, height, "\(idPrefix)-cao")
      let m = cao.E1.indices.map { Double($0 + 1) }
      p.series = [
        Series("E1", x: m, y: cao.E1, color: Palette.truth, style: .markers(radius: 3)),
        Series("E2", x: m, y: cao.E2, color: Palette.category(2), style: .markers(radius: 2.5)),
        Series("saturation \(SVGText.number(cao.saturation))", x: [0.5, Double(cao.E1.count) + 0.5], y: [cao.saturation, cao.saturation], color: "#777",
               style: .line(width: 1), dash: "2 3"),
      ]
      let finite = (cao.E1 + cao.E2 + [cao.saturation]).filter(\.isFinite)
      if let lo = finite.min(), let hi = finite.max() {
        let name = (c == 1 ? "chosen d = " : "chosen m = ") + "\(cao.copies)" + (cao.saturated ? "" : " (not saturated)")
        p.series.append(Series(name, x: [Double(cao.copies), Double(cao.copies)], y: [min(lo, 0), hi], color: Palette.generated, style: .line(width: 1.6), dash: "5 3"))
      }
      p.xDomain = 0.5...(Double(cao.E1.count) + 0.5)
      return p
    }
    if let search = choice.nonuniform, !search.steps.isEmpty {
      // A step from k coordinates scores Cao's E(k) of the embedding extended by its lag; its
      // ratio E(k)/E(k−1) is Cao's E1(k−1), drawn at k − 1 as in Cao's figure: the chosen
      // dimension is where it first reaches the threshold.
      var p = Plot(title: "Non-uniform search: E1 per dimension", xLabel: "dimension d (the first d lags chosen)", yLabel: "E1(d) = E(d+1) / E(d)")
      (p.width, p.height, p.id) = (width, height, "\(idPrefix)-nonuniform")
      let steps = search.steps.filter { $0.ratio != nil }
      let x = steps.map { Double($0.dimension - 1) }
      p.series = [Series("E1", x: x, y: steps.map { $0.ratio! }, color: Palette.truth, style: .markers(radius: 3))]
      let top = max(search.saturation, steps.compactMap(\.ratio).max() ?? 1)
      let xs = [min(x.min() ?? 1, Double(search.embedding.dimension)) - 0.5, max(x.max() ?? 1, Double(search.embedding.dimension)) + 0.5]
      p.series.append(Series("saturation \(SVGText.number(search.saturation))", x: xs, y: [search.saturation, search.saturation], color: "#777",
                             style: .line(width: 1), dash: "2 3"))
      let d = Double(search.embedding.dimension)
      p.series.append(Series("chosen dimension \(search.embedding.dimension)", x: [d, d], y: [0, top], color: Palette.generated, style: .line(width: 1.6), dash: "5 3"))
      p.xDomain = xs[0]...xs[1]
      return p
    }
    return nil
  }
}

extension RunReport {
  /// Whether a model was trained on a recording that dsr preprocessed or delay-embedded, so that
  /// the report shows the section "From the recording to the model's data".
  static func hasRecordingSteps(_ file: ModelFile) -> Bool { file.preprocessing != nil || file.embedding != nil }

  /// The section "From the recording to the model's data": the preprocessing, the delay embedding
  /// and why it was chosen, and the curves it was chosen from (`embedding.json`).
  ///
  /// - Parameters:
  ///   - embedding: the run's `embedding.json` (nil: none, e.g. a bare model file).
  ///   - problem: why `embedding.json` could not be read.
  static func recordingSection(file: ModelFile, embedding: RecordingEmbedding?, problem: String?, recording: String?, id: String) -> String {
    let e = ReportPage.escape
    let dt = file.dt
    func time(_ samples: Int) -> String { dt.map { SVGText.number(Double(samples) * $0, digits: 3) } ?? "" }
    var facts: [(String, String)] = []
    if let recording { facts.append(("recording", "<code>\(e(recording))</code>, \(file.recordingColumns) column\(file.recordingColumns == 1 ? "" : "s")")) }
    facts.append(("preprocessing", e(file.preprocessing?.summary ?? "none")))
    facts.append(("time step", e(dt.map { "\(SVGText.number($0)) time units per model step: times, spectra and Lyapunov exponents below are in these units" }
      ?? "unknown (no sampling_rate or dt): times are in steps")))
    if let embedding = file.embedding {
      var text = embedding.summary
      if dt != nil {
        // In the order the summary lists them (a non-uniform embedding's lags in the order chosen).
        var lags: [Int] = []
        for c in embedding.coordinates where !lags.contains(c.lag) { lags.append(c.lag) }
        text += "; lags \(lags.map(time).joined(separator: ", ")) time units"
      }
      facts.append(("delay embedding", e(text)))
    } else {
      facts.append(("delay embedding", e("none: the model reads the recording's \(file.observedDim) column\(file.observedDim == 1 ? "" : "s") as they are")))
    }
    if file.embedding != nil, let record = embedding {
      facts.append(("why", e(record.reason)))
      let who: String
      if record.automatic {
        who = "dsr, on its own: a one-column recording is embedded by default (embedding = auto); --set embedding=none trains on it as it is, --set delays=[…] fixes the lags"
      } else if let analysis = record.analysis {
        who = "dsr, as the run's settings asked (embedding = \(analysis.method.rawValue))"
      } else {
        who = "the run's settings (delays)"
      }
      facts.append(("chosen by", e(who)))
      if record.embedding != file.embedding {
        facts.append(("problem", #"<span class="warn">\#(e("embedding.json holds another embedding (\(record.embedding.summary)) than model.json: the model uses model.json's"))</span>"#))
      }
    } else if file.embedding != nil {
      facts.append(("why", #"<span class="warn">\#(e(problem ?? "no embedding.json beside the model: how the embedding was chosen is not known here"))</span>"#))
    }
    var html = ReportPage.facts(facts)
    if file.embedding != nil, let choice = embedding?.analysis {
      let plots = ReportFigures.mutualInformation(choice, dt: dt, idPrefix: id) + [ReportFigures.falseNeighbours(choice, idPrefix: id)].compactMap { $0 }
      html += ReportPage.figures(plots.map { $0.svg() })
      var note = "From embedding.json, on the preprocessed recording (delays in samples of the model's step"
        + (dt.map { ", \(SVGText.number($0)) time units each" } ?? "") + "). "
      if choice.method == .uniform {
        note += "The delay: each channel's first minimum of the auto-mutual information (dots, first panel), or its decorrelation time (autocorrelation below 1/e, dots, second panel) when that comes earlier; the smallest over the channels (dashed). "
        note += "The dimension: Cao's E1(d) = E(d+1)/E(d) stops changing once d coordinates unfold the attractor; the first d with E1 at the threshold or above (dashed). E2 ≈ 1 at every d would mean noise."
      } else {
        note += "The lags: added one at a time (table, in order), each the channel's lag that separates the most false neighbours; the dimension is the first d at which the next lag changes Cao's E by a ratio E1(d) at the threshold or above (dashed). The Theiler window is the smallest channel delay."
        if let search = choice.nonuniform {
          let rows = search.steps.map { s in
            ["\(s.dimension) → \(s.dimension + 1)", "channel \(s.candidate.channel + 1), lag \(s.candidate.lag)" + (dt == nil ? "" : " (\(time(s.candidate.lag)))"),
             SVGText.number(s.E, digits: 4), s.ratio.map { SVGText.number($0, digits: 3) } ?? "–"]
          }
          html += ReportPage.table(["coordinates", "best next lag", "E of the extended embedding", "E1 (ratio to the step before)"], rows.map { $0.map(e) }, numeric: [2, 3])
        }
      }
      html += #"<p class="note">\#(e(note))</p>"#
    }
    html += #"<p class="note">\#(e("Every command that reads data (evaluate, report, analyze, lyapunov) applies these steps to the raw recording, in this order, before standardising: the data compared below is the model's, so give the raw recording with --data."))</p>"#
    return html
  }
}
