import DSRData
@testable import DSRMeasures
import DSRModels
import DSRTensor
import Foundation
import Testing
@testable import DSRExperiment

/// The report of a run trained on a recording: the section "From the recording to the model's
/// data" with the curves the embedding was chosen from, and times in the recording's units.
@Suite struct ReportRecordingTests {
  /// One channel of two incommensurate oscillations (2500 samples).
  static let recording: Tensor<Double> = {
    let x = (0..<2500).map { t in sin(0.05 * Double(t)) + 0.6 * sin(0.131 * Double(t) + 1) }
    return Tensor(shape: [x.count, 1], scalars: x)
  }()

  static let choice: EmbeddingChoice = try! EmbeddingChoice.choose([recording])

  /// A model reading the recording's single column through `embedding` (N = its dimension).
  static func model(preprocessing: Preprocessing?, embedding: DelayEmbedding?) -> ModelFile {
    var rng = RandomGenerator(seed: 3)
    let n = embedding?.dimension ?? 1
    let model = ShallowPLRNN<Float>(latentDimension: n + 1, hiddenDimension: 4, clipped: true, using: &rng)
    let observation = ObservationModel<Float>(kind: .identity, observedDimension: n, latentDimension: n + 1, using: &rng)
    return ModelFile(model: model, observation: observation, inputWeights: nil, training: nil, preprocessing: preprocessing, embedding: embedding)
  }

  static func titles(_ html: String) -> [String] {
    html.components(separatedBy: "<title>").dropFirst().map { String($0.prefix { $0 != "<" }) }
  }

  /// A run directory with config.json (naming `dataName`), model.json and, when given, embedding.json.
  static func run(_ file: ModelFile, embedding: RecordingEmbedding?, dataName: String = "ecg.npy") throws -> String {
    let dir = try scratchDirectory("report-recording")
    let config = try JSONSerialization.data(withJSONObject: ["path_to_data": dir.appendingPathComponent(dataName).path])
    try config.write(to: dir.appendingPathComponent("config.json"))
    try file.jsonData().write(to: dir.appendingPathComponent("model.json"))
    try embedding?.write(to: RunDirectory(path: dir.path))
    return dir.path
  }

  @Test("the chosen embedding is a real one: a delay and at least two coordinates, from Cao's statistic")
  func theFixtureChoosesAnEmbedding() {
    let c = Self.choice
    #expect(c.method == .uniform && c.cao != nil && c.delay >= 1 && c.embedding.dimension >= 2)
  }

  @Test("the I(τ) and autocorrelation panels mark the chosen delay in time units, each channel's first minimum, and 1/e")
  func mutualInformationPanels() throws {
    let c = Self.choice
    let plots = ReportFigures.mutualInformation(c, dt: 0.004, idPrefix: "m")
    #expect(plots.map(\.title) == ["Auto-mutual information I(τ)", "Autocorrelation r(τ)"])
    #expect(plots.allSatisfy { $0.xLabel == "delay τ (time units, dt = 0.004)" })
    let chosen = try #require(plots[0].series.first { $0.name.hasPrefix("chosen τ = \(c.delay) samples") })
    #expect(chosen.x.allSatisfy { abs($0 - Double(c.delay) * 0.004) < 1e-12 })
    // The curve is I(τ) itself, against τ·dt.
    let curve = plots[0].series[0]
    #expect(curve.y == Array(c.mutualInformation[0].values.prefix(curve.y.count)))
    #expect(abs(curve.x[5] - 5 * 0.004) < 1e-12)
    let level = try #require(plots[1].series.first { $0.name == "1/e" })
    #expect(level.y == [1 / M_E, 1 / M_E])
    if let d = c.mutualInformation[0].decorrelationDelay {
      #expect(plots[1].series.first { $0.name == "below 1/e" }?.x == [Double(d) * 0.004])
    }
    // In samples without a time step.
    #expect(ReportFigures.mutualInformation(c, dt: nil, idPrefix: "m")[0].xLabel == "delay τ (samples)")
  }

  @Test("Cao's E1 and E2 with the threshold and the chosen dimension; the non-uniform search's ratios")
  func falseNeighbourPanel() throws {
    let c = Self.choice
    let cao = try #require(c.cao)
    let plot = try #require(ReportFigures.falseNeighbours(c, idPrefix: "c"))
    #expect(plot.series.map(\.name).prefix(3) == ["E1", "E2", "saturation 0.8"])
    #expect(plot.series[0].y == cao.E1 && plot.series[1].y == cao.E2)
    let chosen = try #require(plot.series.last)
    #expect(chosen.name == "chosen d = \(cao.copies)" && chosen.x == [Double(cao.copies), Double(cao.copies)])

    let nonuniform = try EmbeddingChoice.choose([Self.recording], method: .nonuniform)
    let search = try #require(nonuniform.nonuniform)
    let ratios = try #require(ReportFigures.falseNeighbours(nonuniform, idPrefix: "n"))
    #expect(ratios.series[0].y == search.steps.compactMap(\.ratio))
    #expect(ratios.series.last?.name == "chosen dimension \(search.embedding.dimension)")
    // As Cao's E1(d): the ratio of the step from d + 1 coordinates at d, so that the chosen
    // dimension is the first d at or above the threshold (or the largest allowed).
    let firstSaturated = zip(ratios.series[0].x, ratios.series[0].y).first { $0.1 >= search.saturation }?.0
    #expect(firstSaturated == nil ? !search.saturated : firstSaturated == Double(search.embedding.dimension))
    #expect(ReportFigures.mutualInformation(nonuniform, dt: nil, idPrefix: "n")[0].series.contains { $0.name.hasPrefix("Theiler window w = ") })
  }

  @Test("a run with an embedding: the section with the preprocessing, the embedding, why, who chose it and both figures")
  func theSectionOfAnEmbeddedRun() throws {
    let c = Self.choice
    let preprocessing = try Preprocessing(dt: 0.004, highpass: 0.5)
    let record = RecordingEmbedding(embedding: c.embedding, reason: c.summary, analysis: c, automatic: true)
    let path = try Self.run(Self.model(preprocessing: preprocessing, embedding: c.embedding), embedding: record)
    let html = try RunReport.page(path: path, modelPath: path + "/model.json", options: Report.Options()).html
    #expect(html.contains("<section id=\"recording\"><h2>From the recording to the model&#39;s data</h2>"))
    let section = html.components(separatedBy: "<section id=\"recording\">")[1].components(separatedBy: "</section>")[0]
    #expect(section.contains(ReportPage.escape(preprocessing.summary)))
    #expect(section.contains(ReportPage.escape(c.embedding.summary)))
    #expect(section.contains(ReportPage.escape(c.summary)))
    #expect(section.contains("dsr, on its own"))
    #expect(section.components(separatedBy: "<svg").count - 1 == 3)
    let titles = Self.titles(section)
    #expect(titles.contains("Auto-mutual information I(τ)") && titles.contains("Autocorrelation r(τ)") && titles.contains { $0.hasPrefix("Cao&#39;s false neighbours at τ = \(c.delay) samples") })
    #expect(section.contains("chosen τ = \(c.delay) samples"))
    // The lags in time units.
    #expect(section.contains("lags 0, " + String(format: "%.3g", Double(c.delay) * 0.004)))
    // The free run's time series (no data here) are against time in the recording's units.
    #expect(html.contains("time (time units, dt = 0.004)") && !html.contains(">step</text>"))
  }

  @Test("without a preprocessing or an embedding the section is absent, and time series are in steps")
  func noSectionForOrdinaryData() throws {
    let path = try Self.run(Self.model(preprocessing: nil, embedding: nil), embedding: nil)
    let html = try RunReport.page(path: path, modelPath: path + "/model.json", options: Report.Options()).html
    #expect(!html.contains("id=\"recording\"") && !html.contains("Auto-mutual information"))
    #expect(html.contains(">step</text>"))
  }

  @Test("names are escaped: the recording's path and a reason with markup")
  func namesAreEscaped() throws {
    let c = Self.choice
    let record = RecordingEmbedding(embedding: c.embedding, reason: "<script>alert(1)</script> & more", analysis: nil, automatic: false)
    let path = try Self.run(Self.model(preprocessing: nil, embedding: c.embedding), embedding: record, dataName: "a<b>&\"c\".npy")
    let html = try RunReport.page(path: path, modelPath: path + "/model.json", options: Report.Options()).html
    let section = html.components(separatedBy: "<section id=\"recording\">")[1].components(separatedBy: "</section>")[0]
    #expect(!section.contains("<script>") && section.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"))
    #expect(section.contains("a&lt;b&gt;&amp;") && !section.contains("a<b>"))
    // Explicit delays: no curves to draw, and the settings chose them.
    #expect(!section.contains("<svg") && section.contains("the run&#39;s settings (delays)"))
  }

  @Test("a model file outside a run directory reads the embedding.json beside it")
  func embeddingBesideAModelFile() throws {
    let c = Self.choice
    let record = RecordingEmbedding(embedding: c.embedding, reason: c.summary, analysis: c, automatic: false)
    let path = try Self.run(Self.model(preprocessing: nil, embedding: c.embedding), embedding: record)
    try FileManager.default.removeItem(atPath: path + "/config.json")
    let html = try RunReport.page(path: path + "/model.json", modelPath: path + "/model.json", options: Report.Options()).html
    #expect(html.contains("dsr, as the run&#39;s settings asked (embedding = uniform)") && html.contains("<title>Auto-mutual information I(τ)</title>"))
    #expect(!html.contains("no embedding.json beside the model"))
  }

  @Test("an embedded model without embedding.json says that how it was chosen is not known")
  func missingEmbeddingRecord() throws {
    let path = try Self.run(Self.model(preprocessing: nil, embedding: Self.choice.embedding), embedding: nil)
    let html = try RunReport.page(path: path, modelPath: path + "/model.json", options: Report.Options()).html
    #expect(html.contains("id=\"recording\"") && html.contains("no embedding.json beside the model"))
  }
}

/// The measures, time axes and spectra of the report in the recording's units, and a dead free
/// run's measures.
@Suite struct ReportUnitsTests {
  static func analysis(dt: Double?, values: ReconstructionMeasures.Values) -> ReportAnalysis {
    let x = Tensor<Double>(shape: [200, 1], scalars: (0..<200).map { sin(0.3 * Double($0)) })
    let file = ReportRecordingTests.model(preprocessing: dt.map { try! Preprocessing(dt: $0) }, embedding: nil)
    return ReportAnalysis(file: file, modelPath: "model.json", dataProtocol: .test, dataSource: "test.npy", truth: x, generated: x, shortRun: x,
                          values: values, dstspSetting: "binned, 30 bins", smoothing: 20)
  }

  @Test("a dead run's D_stsp and D_H read 'undefined — fixed point: …', PE/var stands beside persistence, PE's n in time units")
  func deadRunMeasures() {
    let health = FreeRunHealth.fixedPoint(spread: 3e-7)
    var v = ReconstructionMeasures.Values(dstsp: .nan, dh: .nan, pe: 0.5, generatedFinite: true, health: health)
    (v.peNormalized, v.persistenceNormalized, v.dstspNote, v.dhNote) = (0.45, 1.25, health.reason, health.reason)
    let a = Self.analysis(dt: 0.004, values: v)
    let html = RunReport.measuresSection(a, v)
    #expect(html.components(separatedBy: "undefined — fixed point: generated spread 3e-07 of the data&#39;s std").count - 1 == 3)
    #expect(html.contains("<td>PE(20) (20 steps = 0.08 time units)</td><td class=\"num\">0.5</td>"))
    #expect(html.contains("<td class=\"num\">0.45</td><td class=\"num\">1.25</td>"))
    let subtitle = RunReport.subtitle(info: RunReport.RunInfo(), analysis: a, backLink: nil)
    #expect(subtitle.contains("D_stsp, D_H undefined — fixed point") && !subtitle.contains("D_stsp –"))
    // Without a time step, PE(n) is in steps only.
    #expect(RunReport.measuresSection(Self.analysis(dt: nil, values: v), v).contains("<td>PE(20)</td>"))
  }

  @Test("time series against time and spectra against frequency in the recording's units when dt is known")
  func timeAndFrequencyAxes() {
    let x = Tensor<Double>(shape: [400, 1], scalars: (0..<400).map { sin(0.3 * Double($0)) })
    let series = ReportFigures.timeSeries(true: x, generated: x, steps: 100, dt: 0.01, idPrefix: "t")[0]
    #expect(series.xLabel == "time (time units, dt = 0.01)" && series.title.hasSuffix("first 100 steps (1 time units)"))
    #expect(abs(series.series[0].x[50] - 0.5) < 1e-12)
    #expect(ReportFigures.timeSeries(true: x, generated: x, steps: 100, idPrefix: "t")[0].series[0].x[50] == 50)
    let spectrum = ReportFigures.spectra(true: x, generated: x, smoothing: 2, dt: 0.01, idPrefix: "s")[0]
    let bins = ReportFigures.spectra(true: x, generated: x, smoothing: 2, idPrefix: "s")[0]
    #expect(spectrum.xLabel == "frequency (cycles per time unit)" && bins.xLabel.hasPrefix("frequency bin k"))
    // Bin k lies at k / (T·dt); the powers are the same.
    #expect(zip(spectrum.series[0].x, bins.series[0].x).allSatisfy { abs($0 - $1 / (400 * 0.01)) < 1e-12 })
    #expect(spectrum.series[0].y == bins.series[0].y)
  }

  @Test("a Lyapunov spectrum that evaluate computed with the model's dt is labelled per time unit even when evaluation.json says per step")
  func lyapunovUnits() {
    let withDt = RunReport.lyapunovSection([0.9, 0, -14], unit: "per step", modelDt: 0.004, id: "l")
    #expect(withDt.contains("λ (per time unit)") && withDt.contains("dt = 0.004, the recording&#39;s"))
    let without = RunReport.lyapunovSection([0.9, 0, -14], unit: "per step", modelDt: nil, id: "l")
    #expect(without.contains("λ (per step)") && !without.contains("per time unit"))
  }
}
