import DSRData
import DSRDynamics
import DSRMeasures
import DSRModels
import DSRSymbolic
import DSRTensor
import Foundation

/// What `dsr report` computes for one model before drawing: the model's free run against data,
/// the measures, the noise floor of test data, and, for models with switches, the linear
/// subregions the generated trajectory visits with their fixed points.
struct ReportAnalysis {
  /// How the data was compared.
  enum Comparison {
    /// Test data (`--data`): ⌊1.25 T⌋ steps from the first test point, the first ⌊0.25 T⌋
    /// dropped, as `dsr evaluate`.
    case test
    /// The run's training data: T steps from its first point, as training-time monitoring.
    case training
    /// No data: a free run from x = 0, drawn alone.
    case none
  }

  /// One visited region (frequency order) with its fixed point.
  struct RegionInfo {
    var region: Region
    var share: Double
    var fixedPoint: Cycle?
  }

  var file: ModelFile
  var modelPath: String
  var dataProtocol: Comparison
  var dataSource: String
  /// True data (T × N) and the compared generated trajectory (T × N), model units.
  var truth: Tensor<Double>?
  var generated: Tensor<Double>
  /// The first steps of the free run from the first data point, for the time series.
  var shortRun: Tensor<Double>
  var values: ReconstructionMeasures.Values?
  var dstspSetting = ""
  var smoothing: Double
  /// n of PE(n).
  var predictionSteps = 20
  /// D_stsp and D_H between two stretches of the test data of the comparison's length.
  var floor: NoiseFloor? = nil
  /// How long forecasts stay valid on the test data (``ForecastEvaluation``, its defaults), beside
  /// the parroting and AR baselines; nil without test data or for input-driven models.
  var forecast: ForecastEvaluation.Result? = nil
  /// The symbol of each generated step's region (index into `regions`; `regions.count` = other).
  var symbols: [Int]? = nil
  var regions: [RegionInfo] = []
  var regionCount = 0
  var switchCount = 0
  /// Transition probabilities between the shown regions (row = from).
  var transitions: [[Double]] = []
  var notes: [String] = []

  /// Regions drawn in their own colour; the rest are "other".
  static let shownRegions = 8
  /// Steps whose regions are counted.
  static let regionSteps = 20_000

  /// Loads the model and data and computes everything.
  static func analyse(modelPath: String, file: ModelFile, config: Configuration?, dataPaths: [String], inputPaths: [String],
                      maxLength: Int) throws -> ReportAnalysis {
    var dataProtocol = Comparison.none
    var source = "none"
    var data: Dataset<Double>? = nil
    if !dataPaths.isEmpty {
      data = try file.loadData(paths: dataPaths, inputPaths: inputPaths, as: Double.self)
      dataProtocol = .test
      source = dataPaths.joined(separator: ", ")
    } else if let config, let training = try file.trainingData(config.decoded.data) {
      data = training
      dataProtocol = .training
      source = config.decoded.data.paths.joined(separator: ", ") + " (training data)"
    }
    if file.precision == "float64" {
      return try analyse(Double.self, modelPath: modelPath, file: file, config: config, data: data, dataProtocol: dataProtocol, source: source, maxLength: maxLength)
    }
    return try analyse(Float.self, modelPath: modelPath, file: file, config: config, data: data, dataProtocol: dataProtocol, source: source, maxLength: maxLength)
  }

  static func analyse<S: BLASScalar>(
    _: S.Type, modelPath: String, file: ModelFile, config: Configuration?, data: Dataset<Double>?, dataProtocol: Comparison, source: String, maxLength: Int
  ) throws -> ReportAnalysis {
    let (model, observation, c) = try file.instantiate(S.self, path: modelPath)
    let system = ReconstructedSystem(model: model, observation: observation, inputWeights: c)
    let smoothing = (config?.decoded ?? .defaults).monitoring.smoothing
    var notes: [String] = []
    guard system.parametersAreFinite else {
      throw DataFileError(path: modelPath, problem: "has non-finite parameters", remedy: "report an earlier checkpoint, or retrain")
    }
    let n = file.observedDim
    var truth: Tensor<Double>? = nil, generated: Tensor<Double>, shortRun: Tensor<Double>
    var values: ReconstructionMeasures.Values? = nil
    var dstspSetting = ""
    var latent: Tensor<Double>
    var floor: NoiseFloor? = nil
    var forecastResult: ForecastEvaluation.Result? = nil
    if let data {
      var x = data.trajectories[0]
      if x.shape[0] > maxLength {
        x = x.rows(0..<maxLength)
        notes.append("The first \(maxLength) of \(data.trajectories[0].shape[0]) rows of the first trajectory are compared.")
      }
      let inputs = data.inputs?[0].rows(0..<x.shape[0])
      if data.trajectories.count > 1 { notes.append("Only the first of \(data.trajectories.count) trajectories is shown.") }
      let method = StateSpaceDivergence.Method.reference(dimension: n, bins: (config?.decoded ?? .defaults).monitoring.bins, scaling: (config?.decoded ?? .defaults).monitoring.gmmScaling)
      switch method {
      case .binned(let b): dstspSetting = "binned, \(b) bins"
      case .gaussianMixture(let s): dstspSetting = "Gaussian mixture, σ² = \(s)"
      }
      let settings = ReconstructionMeasures.Settings(
        dstsp: method, smoothing: smoothing, predictionSteps: dataProtocol == .test ? (config?.decoded ?? .defaults).monitoring.predictionSteps : 0,
        seed: 0, transientFraction: dataProtocol == .test ? 0.25 : 0)
      let (v, kept) = try ReconstructionMeasures.measure(system, on: x.converted(to: S.self), inputs: inputs?.converted(to: S.self), settings: settings)
      values = v
      latent = kept.converted(to: Double.self)
      generated = observation.observe(kept).converted(to: Double.self)
      // A free run starts at the first complete row: the truth drawn beside it starts there too.
      truth = kept.shape[0] < x.shape[0] ? x.rows((x.shape[0] - kept.shape[0])..<x.shape[0]) : x
      // From the same (first complete) row as the measured free run.
      let start = Swift.max(0, x.shape[0] - kept.shape[0])
      let steps = min(1000, x.shape[0] - start)
      shortRun = try system.generate(from: x.converted(to: S.self).row(start), steps: steps,
                                     inputs: inputs?.rows(start..<(start + steps)).converted(to: S.self)).observed.converted(to: Double.self)
      if dataProtocol == .test && file.inputDim == 0 {
        // The training data is the parroting library and the AR fit when it is still there.
        let training = config.flatMap { try? file.trainingData($0.decoded.data) }
        do {
          forecastResult = try ForecastEvaluation.evaluate(
            system, test: data, training: training, transform: file.dataTransform, dt: file.dt, settings: ForecastEvaluation.Settings())
        } catch {
          notes.append("No forecast evaluation: \(error)")
        }
      }
      if dataProtocol == .test && x.shape[0] >= 8 {
        // At the comparison's length: the compared T rows against the next T (or another test
        // trajectory), never half-length pieces beside a full-length score.
        floor = NoiseFloor.compute(trajectories: data.trajectories, names: data.sources, length: x.shape[0], method: method, smoothing: smoothing)
      }
    } else {
      guard file.inputDim == 0 else {
        throw DataFileError(path: modelPath, problem: "is driven by \(file.inputDim) external inputs", remedy: "give the data and its inputs (--data, --inputs)")
      }
      let steps = 20_000
      let (z, y) = try system.generate(from: Tensor(shape: [n], scalars: [S](repeating: 0, count: n)), steps: steps + 1000)
      latent = z.rows(1000..<(steps + 1000)).converted(to: Double.self)
      generated = y.rows(1000..<(steps + 1000)).converted(to: Double.self)
      shortRun = generated.rows(0..<1000)
      notes.append("No data: the model runs freely from x = 0 (first 1000 steps dropped); give --data to compare it with a time series.")
    }
    var analysis = ReportAnalysis(file: file, modelPath: modelPath, dataProtocol: dataProtocol, dataSource: source, truth: truth,
                                  generated: generated, shortRun: shortRun, values: values, dstspSetting: dstspSetting, smoothing: smoothing,
                                  floor: floor, notes: notes)
    analysis.predictionSteps = (config?.decoded ?? .defaults).monitoring.predictionSteps
    analysis.forecast = forecastResult
    if generated.scalars.allSatisfy(\.isFinite) {
      analysis.findRegions(model: model, latent: latent)
    }
    return analysis
  }

  /// The regions of the first ``regionSteps`` generated latent states, their frequencies, the
  /// transitions among the most frequent ones and each one's fixed point.
  mutating func findRegions<S: BLASScalar>(model: any LatentModel<S>, latent: Tensor<Double>) {
    switch model {
    case is ALRNN<S>, is PLRNN<S>, is ShallowPLRNN<S>, is DendriticPLRNN<S>: break
    default: return
    }
    let map = SwitchedAffineMap(model)
    guard map.switchCount > 0 else { return }
    let m = latent.shape[1], steps = min(latent.shape[0], Self.regionSteps)
    var index: [Region: Int] = [:], counts: [Int] = [], regions: [Region] = [], raw: [Int] = []
    raw.reserveCapacity(steps)
    for t in 0..<steps {
      let r = map.pattern(Array(latent.scalars[(t * m)..<((t + 1) * m)]))
      if let i = index[r] {
        counts[i] += 1
        raw.append(i)
      } else {
        index[r] = regions.count
        regions.append(r)
        counts.append(1)
        raw.append(regions.count - 1)
      }
    }
    let order = regions.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : regions[$0] < regions[$1] }
    let shown = Array(order.prefix(Self.shownRegions))
    var rank = [Int](repeating: shown.count, count: regions.count)
    for (k, i) in shown.enumerated() { rank[i] = k }
    let finder = CycleFinder(map: map, verify: { model.step(Tensor($0.map { S($0) })).scalars.map { Double($0) } })
    self.regions = shown.map { RegionInfo(region: regions[$0], share: Double(counts[$0]) / Double(steps), fixedPoint: finder.fixedPoint(of: regions[$0])) }
    symbols = raw.map { rank[$0] }
    regionCount = regions.count
    switchCount = map.switchCount
    // Transitions among the shown regions and "other" (the last row and column).
    let k = shown.count + 1
    var t = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for (a, b) in zip(symbols!, symbols!.dropFirst()) { t[a][b] += 1 }
    transitions = t.map { row in
      let s = row.reduce(0, +)
      return s > 0 ? row.map { $0 / s } : row
    }
  }
}
