import DSRMeasures
import DSRModels
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

/// Numbers of `Tests/generate_forecast_fixtures.py`: ∞ is written as the string "inf".
struct FixtureNumber: Decodable {
  var value: Double
  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let number = try? c.decode(Double.self) {
      value = number
    } else {
      value = try c.decode(String.self) == "inf" ? .infinity : .nan
    }
  }
}

struct ForecastFixtures: Decodable {
  var data: [[Double]]
  var truth: [[Double]]
  var drift: [[FixtureNumber]]
  var scale: [Double]
  var nrmse: [FixtureNumber]
  var smape: [FixtureNumber]
  var vpt_nrmse: Int
  var vpt_smape_30: Int
  var vpt_smape_5: Int
  var quartile_values: [Double]
  var quartiles: [Double]
  var gappy_nan: [Int]
  var starts: [Int]
  var starts_all: [Int]
  var library_nan_rows: [Int]
  var library_nan_entry: [Int]
  var parrot_motif: Int
  var parrot: [[Double]]
  var ar_order: Int
  var ar_theta: [[Double]]
  var ar: [[Double]]

  enum CodingKeys: String, CodingKey {
    case data, truth, drift, scale, nrmse, smape, vpt_smape_30, vpt_smape_5, quartile_values, quartiles, gappy_nan, starts, starts_all,
      library_nan_rows, library_nan_entry, parrot_motif, parrot, ar_order, ar_theta, ar
    case vpt_nrmse = "vpt_nrmse_0.3"
  }

  static let shared: ForecastFixtures = {
    let url = fixturesDirectory().appendingPathComponent("forecast.json")
    return try! JSONDecoder().decode(ForecastFixtures.self, from: try! Data(contentsOf: url))
  }()

  /// Rows 0..<1000 of the data with the fixture's missing values.
  var library: Tensor<Double> {
    var x = Tensor(Array(data[0..<1000]))
    for r in library_nan_rows { for j in 0..<3 { x.scalars[r * 3 + j] = .nan } }
    x.scalars[library_nan_entry[0] * 3 + library_nan_entry[1]] = .nan
    return x
  }
  var context: Tensor<Double> { Tensor(Array(data[1000..<1200])) }
}

@Suite("Forecast yardsticks and baselines against numpy")
struct ForecastTests {
  let f = ForecastFixtures.shared

  @Test("per-step NRMSE and sMAPE, the valid prediction time and quartiles equal numpy")
  func curves() {
    let truth = Tensor(f.truth), drift = Tensor(f.drift.map { $0.map(\.value) })
    let nrmse = ForecastHorizon.nrmse(truth: truth, forecast: drift, scale: f.scale)
    let smape = ForecastHorizon.smape(truth: truth, forecast: drift)
    for (a, b) in zip(nrmse, f.nrmse.map(\.value)) { #expect(a == b || Swift.abs(a - b) <= 1e-12 * Swift.abs(b)) }
    for (a, b) in zip(smape, f.smape.map(\.value)) { #expect(a == b || Swift.abs(a - b) <= 1e-12 * Swift.abs(b)) }
    #expect(nrmse.last == .infinity && smape.last == .infinity, "a non-finite forecast step is an exceedance")
    #expect(ForecastHorizon.validSteps(nrmse, threshold: 0.3) == f.vpt_nrmse)
    #expect(ForecastHorizon.validSteps(smape, threshold: 30) == f.vpt_smape_30)
    #expect(ForecastHorizon.validSteps(smape, threshold: 5) == f.vpt_smape_5)
    // Closed forms: never exceeded → the horizon; first step off → 0.
    #expect(ForecastHorizon.validSteps([0.1, 0.2, 0.3], threshold: 0.3) == 3)
    #expect(ForecastHorizon.validSteps([0.5, 0.1], threshold: 0.3) == 0)
    #expect(ForecastHorizon.validSteps([0.1, .nan, 0.1], threshold: 0.3) == 1)
    let q = ForecastHorizon.quartiles(f.quartile_values)
    #expect([q.q1, q.median, q.q3] == f.quartiles)
    // sMAPE by hand: truth 1, forecast 3 → 2·2/4 = 100 %; 0 against 0 counts 0.
    let s = ForecastHorizon.smape(truth: Tensor(shape: [1, 2], scalars: [1, 0]), forecast: Tensor(shape: [1, 2], scalars: [3, 0]))
    #expect(s == [50])
  }

  @Test("start points: evenly spread over rows with complete context and horizon, as numpy picks them")
  func starts() {
    var x = Tensor(Array(f.data[0..<300]))
    for r in f.gappy_nan { x.scalars[r * 3] = .nan }
    #expect(ForecastHorizon.starts(x, before: 5, after: 20, count: 7) == f.starts)
    let all = ForecastHorizon.starts(x, before: 5, after: 20, count: 1000)
    #expect(all == f.starts_all)
    #expect(all.allSatisfy { t in !f.gappy_nan.contains { (t - 5)...(t + 20) ~= $0 } })
  }

  @Test("context parroting copies what numpy copies (library with gaps, context excluded near the motif)")
  func parroting() {
    let parrot = ContextParroting(library: [f.library], motifLength: f.parrot_motif)
    let forecast = parrot.forecast(context: f.context, horizon: f.parrot.count)
    #expect(forecast.scalars == Tensor(f.parrot).scalars)
    // A periodic signal is continued exactly from its context alone (no library match is better).
    let period = 25
    let wave = Tensor(shape: [200, 1], scalars: (0..<200).map { Foundation.sin(2 * Double.pi * Double($0 % period) / Double(period)) })
    let onlyContext = ContextParroting(library: [Tensor(shape: [3, 1], scalars: [0, 0, 0])], motifLength: 5)
    let continued = onlyContext.forecast(context: wave.rows(0..<150), horizon: 50)
    #expect(continued.scalars == Array(wave.rows(150..<200).scalars))
  }

  @Test("the linear AR(p) baseline: coefficients and forecast equal numpy; exact on a linear recurrence")
  func autoregression() throws {
    let ar = try LinearAutoregression(fitting: [f.library], order: f.ar_order)
    // AR(3) on a flow sampled at dt = 0.01 is ill-conditioned (consecutive rows nearly collinear):
    // the coefficients agree with numpy's only to ~1e-3, their forecasts to ~1e-6.
    expectClose(ar.coefficients, Tensor(f.ar_theta), atol: 1e-6, rtol: 1e-2)
    expectClose(ar.forecast(context: f.context, horizon: f.ar.count), Tensor(f.ar), atol: 1e-7, rtol: 2e-5)
    // x_{t+1} = 1.8 x_t − 0.9 x_{t−1} + 0.1 is recovered and continued.
    var v: [Double] = [0.3, 0.5]
    for _ in 0..<200 { v.append(1.8 * v[v.count - 1] - 0.9 * v[v.count - 2] + 0.1) }
    let series = Tensor(shape: [v.count, 1], scalars: v)
    let exact = try LinearAutoregression(fitting: [series.rows(0..<150)], order: 2)
    expectClose(exact.coefficients, Tensor(shape: [3, 1], scalars: [1.8, -0.9, 0.1]), atol: 1e-6)
    expectClose(exact.forecast(context: series.rows(0..<150), horizon: 20), series.rows(150..<170), atol: 1e-6)
    #expect(throws: ForecastBaselineError.self) { try LinearAutoregression(fitting: [series.rows(0..<4)], order: 2) }
  }
}
