import DSRData
import DSRMeasures
import DSRModels
import DSRTensor

/// `dsr evaluate --forecast`: how long a trained model's forecasts stay valid on test data, next
/// to the baselines every forecasting table needs (the protocol of Gilpin 2023 and Zhang &
/// Gilpin 2025, with dsr's defaults where they are silent).
///
/// From `starts` start rows spread evenly over the test data (``ForecastHorizon/starts(_:before:after:count:)``:
/// rows whose context and horizon are complete) the model forecasts `horizon` steps
/// (``ReconstructedSystem/forecasts(on:starts:horizon:warmup:inputs:)``, optionally after a
/// synchronising warm-up on the preceding rows), and so do three baselines on the same starts:
/// context parroting with the run's training data plus the test context before the start as its
/// library (``ContextParroting``), the protocol's zero-shot parroting from the last
/// `protocolContext` rows alone, and a linear AR(p) fitted on the training data
/// (``LinearAutoregression``). Each forecast's valid prediction time (VPT) is the number of steps
/// before its NRMSE (error over each column's standard deviation of the test data, in the model's
/// units) first exceeds `threshold`; the protocol's sMAPE VPT is computed in the data's own units
/// (the model's standardisation undone; preprocessing such as a high-pass is not undone). VPTs
/// are reported as median and quartiles over the starts, in steps, in time units (× dt) and, given
/// λ_max, in Lyapunov times (× dt·λ_max). A forecast valid over the whole horizon counts as the
/// horizon (censored).
public enum ForecastEvaluation {
  /// The protocol's parameters.
  public struct Settings: Sendable, Equatable {
    /// H, the forecast length in steps (shortened to half the shortest test trajectory).
    public var horizon = 1000
    /// The number of start points (fewer when the data has fewer valid rows).
    public var starts = 100
    /// W, the warm-up steps before each start (0: start from the start row's own state).
    public var warmup = 0
    /// The NRMSE threshold of the VPT.
    public var threshold = 0.3
    /// The sMAPE threshold (percent) of the protocol's VPT.
    public var smapeThreshold = 30.0
    /// D, the parroting motif's rows.
    public var motifLength = 10
    /// The context length of the zero-shot parroting baseline.
    public var protocolContext = 512
    /// p of the AR baseline.
    public var arOrder = 10
    /// λ_max of the system, per time unit (per step when the data has no time step), for VPTs in
    /// Lyapunov times.
    public var lambdaMax: Double? = nil

    /// The defaults above.
    public init() {}
  }

  /// Quartiles of the VPT over the starts, in steps.
  public struct Horizon: Sendable, Equatable {
    /// First quartile, median, third quartile.
    public var q1: Double, median: Double, q3: Double

    init(_ steps: [Int]) {
      let q = ForecastHorizon.quartiles(steps.map(Double.init))
      (q1, median, q3) = (q.q1, q.median, q.q3)
    }

    /// No value (a baseline that could not be fitted).
    static let none = Horizon(q1: .nan, median: .nan, q3: .nan)
    init(q1: Double, median: Double, q3: Double) { (self.q1, self.median, self.q3) = (q1, median, q3) }
  }

  /// Per forecast step, the median over starts of the NRMSE of each forecaster (empty when it
  /// did not run).
  public struct Curves: Sendable, Equatable {
    /// The model's, context parroting's and the AR baseline's.
    public var model: [Double], parroting: [Double], autoregression: [Double]
  }

  /// One run's forecast evaluation.
  public struct Result: Sendable, Equatable {
    /// The number of start points and the horizon used.
    public var starts: Int, horizon: Int
    /// The model's VPT (NRMSE) and its protocol VPT (sMAPE in data units).
    public var model: Horizon, modelSmape: Horizon
    /// Parroting with the training data + context, zero-shot parroting from the protocol's
    /// context, and the AR(p) baseline (NaN when there is no training data to fit it on).
    public var parroting: Horizon, parrotingProtocol: Horizon, autoregression: Horizon
    /// Per forecast step, the median over starts of the NRMSE: model, parroting, AR.
    public var curves: Curves
    /// The time step (nil: per step) and λ_max used for the conversions.
    public var dt: Double?, lambdaMax: Double?
    /// Why a baseline is missing or the horizon was shortened.
    public var notes: [String] = []

    /// `steps` in time units (× dt; steps without dt).
    public func time(_ steps: Double) -> Double { steps * (dt ?? 1) }
    /// `steps` in Lyapunov times (NaN without λ_max).
    public func lyapunovTimes(_ steps: Double) -> Double { lambdaMax.map { steps * (dt ?? 1) * $0 } ?? .nan }
  }

  /// Evaluates `system` on `test` (model units), with `training` (model units) as the baselines'
  /// library and fit; `transform` maps model units back to data units for the sMAPE.
  public static func evaluate<S: BLASScalar>(
    _ system: ReconstructedSystem<S>, test: Dataset<Double>, training: Dataset<Double>?, transform: Standardization, dt: Double?,
    settings: Settings
  ) throws -> Result {
    var notes: [String] = []
    let shortest = test.trajectories.map { $0.shape[0] }.min() ?? 0
    let horizon = Swift.min(settings.horizon, shortest / 2)
    guard horizon >= 1 else {
      throw DataFileError(path: test.sources.first ?? "the test data", problem: "has \(shortest) rows, too few for a forecast",
                          remedy: "give a test stretch of at least a few hundred rows")
    }
    if horizon < settings.horizon { notes.append("horizon shortened to \(horizon) steps (half the shortest test trajectory)") }
    let before = Swift.max(settings.warmup, settings.motifLength - 1, settings.arOrder - 1)
    // Start points over all test trajectories, spread evenly over the pooled valid rows.
    var pooled: [(trajectory: Int, row: Int)] = []
    for (i, x) in test.trajectories.enumerated() {
      pooled += ForecastHorizon.starts(x, before: before, after: horizon, count: Int.max / 2).map { (i, $0) }
    }
    guard !pooled.isEmpty else {
      throw DataFileError(path: test.sourceList, problem: "has no row with \(before) complete rows before it and \(horizon) after it",
                          remedy: "give a longer test stretch, or fewer gaps")
    }
    let chosen = pooled.count <= settings.starts ? pooled : (0..<settings.starts).map { pooled[$0 * pooled.count / settings.starts] }
    if chosen.count < settings.starts { notes.append("\(chosen.count) start points (the data has no more valid rows)") }

    let scale = CompleteRows.columnStandardDeviations(Tensor.concatenated(test.trajectories, alongAxis: 0))
    let library = training?.trajectories ?? []
    let parrot = library.isEmpty ? nil : ContextParroting(library: library, motifLength: settings.motifLength)
    let zeroShot = ContextParroting(library: [], motifLength: settings.motifLength)
    var ar: LinearAutoregression? = nil
    if library.isEmpty {
      notes.append("no training data found (the run's path_to_data): parroting uses the test context only, no AR baseline")
    } else {
      do { ar = try LinearAutoregression(fitting: library, order: settings.arOrder) } catch { notes.append("AR baseline: \(error)") }
    }

    // sMAPE depends on where zero is: on z-scored data it ends every forecast at a zero crossing.
    // It is computed in data units: the model's standardisation undone (Standardization.invert).
    let pooledRows = Tensor.concatenated(test.trajectories.map { transform.invert($0) }, alongAxis: 0)
    let (means, stds) = (CompleteRows.columnMoments(pooledRows).map(\.mean), CompleteRows.columnStandardDeviations(pooledRows))
    if zip(means, stds).allSatisfy({ Swift.abs($0) < 0.05 && Swift.abs($1 - 1) < 0.05 }) {
      notes.append("the test data looks z-scored (every column's mean ≈ 0, std ≈ 1): the sMAPE VPT then ends at zero crossings; give the recording in its own units for a meaningful sMAPE")
    }
    var vpt: [Int] = [], vptSmape: [Int] = [], vptParrot: [Int] = [], vptZero: [Int] = [], vptAR: [Int] = []
    var curves: [[Double]] = [], parrotCurves: [[Double]] = [], arCurves: [[Double]] = []
    for (i, x) in test.trajectories.enumerated() {
      let rows = chosen.filter { $0.trajectory == i }.map(\.row)
      guard !rows.isEmpty else { continue }
      let forecasts = try system.forecasts(
        on: x.converted(to: S.self), starts: rows, horizon: horizon, warmup: settings.warmup, inputs: test.inputs?[i].converted(to: S.self))
      for (t, forecast) in zip(rows, forecasts) {
        let truth = x.rows((t + 1)..<(t + 1 + horizon))
        let curve = ForecastHorizon.nrmse(truth: truth, forecast: forecast, scale: scale)
        curves.append(curve)
        vpt.append(ForecastHorizon.validSteps(curve, threshold: settings.threshold))
        vptSmape.append(ForecastHorizon.validSteps(ForecastHorizon.smape(truth: transform.invert(truth), forecast: transform.invert(forecast)), threshold: settings.smapeThreshold))
        let context = x.rows(0..<(t + 1))
        let parroted = (parrot ?? zeroShot).forecast(context: context, horizon: horizon)
        let parrotCurve = ForecastHorizon.nrmse(truth: truth, forecast: parroted, scale: scale)
        parrotCurves.append(parrotCurve)
        vptParrot.append(ForecastHorizon.validSteps(parrotCurve, threshold: settings.threshold))
        let recent = x.rows(Swift.max(0, t + 1 - settings.protocolContext)..<(t + 1))
        if recent.shape[0] >= settings.motifLength {
          let zero = zeroShot.forecast(context: recent, horizon: horizon)
          vptZero.append(ForecastHorizon.validSteps(ForecastHorizon.nrmse(truth: truth, forecast: zero, scale: scale), threshold: settings.threshold))
        }
        if let ar {
          let arCurve = ForecastHorizon.nrmse(truth: truth, forecast: ar.forecast(context: context, horizon: horizon), scale: scale)
          arCurves.append(arCurve)
          vptAR.append(ForecastHorizon.validSteps(arCurve, threshold: settings.threshold))
        }
      }
    }
    func medianCurve(_ c: [[Double]]) -> [Double] {
      c.isEmpty ? [] : (0..<horizon).map { h in ForecastHorizon.quartiles(c.map { $0[h] }).median }
    }
    return Result(
      starts: chosen.count, horizon: horizon, model: Horizon(vpt), modelSmape: Horizon(vptSmape), parroting: Horizon(vptParrot),
      parrotingProtocol: vptZero.isEmpty ? .none : Horizon(vptZero), autoregression: vptAR.isEmpty ? .none : Horizon(vptAR),
      curves: Curves(model: medianCurve(curves), parroting: medianCurve(parrotCurves), autoregression: medianCurve(arCurves)), dt: dt, lambdaMax: settings.lambdaMax, notes: notes)
  }
}
