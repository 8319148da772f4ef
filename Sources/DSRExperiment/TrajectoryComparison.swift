import DSRData
import DSRMeasures
import DSRTensor

/// `dsr measure` and `dsr data floor`: D_stsp and D_H between two trajectories (or two stretches
/// of one), as the text or JSON object the commands print. A generated trajectory is first checked
/// for a fixed point or divergence (``FreeRunHealth``) against the true data's scale.
public enum TrajectoryComparison {
  /// How to compare.
  public struct Settings: Sendable {
    /// Force the binned D_stsp with this many bins per dimension.
    public var bins: Int?
    /// Force the Gaussian-mixture D_stsp with this σ².
    public var gmmScaling: Double?
    /// σ of the spectrum smoothing for D_H, in frequency bins (0 = none); by default the
    /// configuration's `PSE_smoothing`.
    public var smoothing: Double = RunConfiguration.defaults.monitoring.smoothing
    /// Seed of the Gaussian-mixture Monte-Carlo samples.
    public var seed: UInt64 = 0
    /// One JSON object instead of text.
    public var json = false

    /// The defaults: the reference's estimator for N, σ = `PSE_smoothing`'s default, seed 0, text.
    public init() {}
  }

  /// D_stsp and D_H of one pair, with how they were computed.
  struct Comparison {
    var dstsp: Double
    var method: StateSpaceDivergence.Method
    var setting: String
    var dh: Double
    var length: Int
    /// Why D_stsp is NaN (nil when it is a number).
    var dstspNote: String? = nil
    /// Why D_H is NaN (nil when it is a number).
    var dhNote: String? = nil
  }

  /// `dsr measure --true A --generated B`.
  public static func measure(truePath: String, generatedPath: String, settings: Settings) throws -> String {
    let x: Tensor<Double> = try MatrixFile.read(truePath)
    let y: Tensor<Double> = try MatrixFile.read(generatedPath)
    return render(try compare(x, y, truePath: truePath, generatedPath: generatedPath, settings: settings), settings: settings, label: nil)
  }

  /// `dsr measure` on two trajectories held in memory as rows (`truePath` and `generatedPath`
  /// name them in messages): the same checks and numbers as ``measure(truePath:generatedPath:settings:)``
  /// (the fuzzer of the binned measure's parameters calls it).
  ///
  /// - Throws: ``DSRData/DataFileError`` for an empty or ragged trajectory or different widths.
  public static func measure(trueRows: [[Double]], generatedRows: [[Double]], truePath: String, generatedPath: String, settings: Settings) throws -> String {
    func matrix(_ rows: [[Double]], _ path: String) throws -> Tensor<Double> {
      guard let width = rows.first?.count, width > 0, rows.allSatisfy({ $0.count == width }) else {
        throw DataFileError(path: path, problem: "is empty or ragged", remedy: "give a T × N matrix")
      }
      return Tensor(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }
    let (x, y) = (try matrix(trueRows, truePath), try matrix(generatedRows, generatedPath))
    return render(try compare(x, y, truePath: truePath, generatedPath: generatedPath, settings: settings), settings: settings, label: nil)
  }

  /// `dsr data floor FILE [OTHER] [--length L]`: two non-overlapping stretches of L rows of
  /// `file` (``NoiseFloor``: rows 0..<L against L..<2L; by default L = ⌊T/2⌋, the halves; when
  /// the file is shorter than 2L, the halves and a line saying so), or `file` against `other`
  /// over their first min(T, T', L) rows. The length is printed beside the values.
  public static func floor(_ file: String, other: String?, length: Int? = nil, settings: Settings) throws -> String {
    let x: Tensor<Double> = try MatrixFile.read(file)
    if let other {
      let y: Tensor<Double> = try MatrixFile.read(other)
      // Without --length exactly `dsr measure`'s numbers (D_stsp over all rows of both).
      let (a, b) = length.map { l in (x.rows(0..<Swift.min(l, x.shape[0])), y.rows(0..<Swift.min(l, y.shape[0]))) } ?? (x, y)
      let r = try compare(a, b, truePath: file, generatedPath: other, settings: settings, checkHealth: false)
      let rows = length == nil ? "D_stsp on all \(x.shape[0]) and \(y.shape[0]) rows, D_H on the first \(r.length)" : "the first \(r.length) rows of each"
      return render(r, settings: settings, label: "\(file) vs \(other): \(rows)")
    }
    let wanted = length ?? x.shape[0] / 2
    guard wanted >= 2, x.shape[0] >= 4 else {
      throw DataFileError(path: file, problem: "has \(x.shape[0]) rows", remedy: "two stretches need at least 2 rows each (give --length ≥ 2 and a file of at least 4 rows)")
    }
    let method = method(settings, dimension: x.shape[1])
    guard let (a, b, l, text) = NoiseFloor.stretches([x], names: [file], length: wanted) else {
      throw DataFileError(path: file, problem: "has \(x.shape[0]) rows", remedy: "two stretches need at least 2 rows each")
    }
    try checkBins(settings, dimension: x.shape[1], points: l, file: file)
    guard let floor = NoiseFloor.measure(a, b, length: l, comparisonLength: wanted, stretches: text, method: method.0, smoothing: settings.smoothing, seed: settings.seed) else {
      throw DataFileError(path: file, problem: "has fewer than 2 rows complete in both stretches (\(text))", remedy: "give data with fewer gaps")
    }
    let truth = a.rows(0..<l)
    var r = Comparison(dstsp: floor.dstsp, method: method.0, setting: method.1, dh: floor.dh, length: l)
    r.dstspNote = r.dstsp.isNaN ? UndefinedMeasure.stateSpace(true: truth, generated: b.rows(0..<l), method: method.0) : nil
    r.dhNote = r.dh.isNaN ? UndefinedMeasure.powerSpectrum(true: truth, generated: b.rows(0..<l)) : nil
    if settings.json {
      return render(r, settings: settings, label: nil, extra: [
        ("floor_length", "\(l)"), ("comparison_length", "\(wanted)"), ("stretches", json(text)), ("full_length", "\(floor.isFullLength)"),
      ])
    }
    return render(r, settings: settings, label: "\(file): noise floor " + floor.lengthText)
  }

  /// The D_stsp estimator (forced, or the reference's for N) and how to print its setting.
  static func method(_ settings: Settings, dimension n: Int) -> (StateSpaceDivergence.Method, String) {
    let method: StateSpaceDivergence.Method =
      settings.bins.map { .binned(bins: $0) } ?? settings.gmmScaling.map { .gaussianMixture(scaling: $0) }
      ?? .reference(dimension: n, bins: RunConfiguration.defaults.monitoring.bins, scaling: RunConfiguration.defaults.monitoring.gmmScaling)
    switch method {
    case .binned(let b): return (method, "\(b) bins")
    case .gaussianMixture(let s): return (method, "σ² = \(s)")
    }
  }

  /// Refuses `--bins` that cannot measure `points` points in `n` dimensions
  /// (``StateSpaceDivergence/binCountProblem(_:dimension:points:)``).
  static func checkBins(_ settings: Settings, dimension n: Int, points: Int, file: String) throws {
    guard let bins = settings.bins, let problem = StateSpaceDivergence.binCountProblem(bins, dimension: n, points: points) else { return }
    throw UsageError("--bins \(bins) for \(file): \(problem); give --bins \(StateSpaceDivergence.largestBinCount(dimension: n, points: points)) or fewer (or --gmm-scaling for the Gaussian-mixture estimator)")
  }

  /// D_stsp(x ‖ y) with the reference's estimator for N (or the forced one) and D_H over the first
  /// min(T, T') rows of both. With `checkHealth`, `y` is a generated trajectory: a fixed point or a
  /// divergent run against x's scale (``FreeRunHealth``) gets neither measure, only the reason.
  static func compare(
    _ x: Tensor<Double>, _ y: Tensor<Double>, truePath: String, generatedPath: String, settings: Settings, checkHealth: Bool = true
  ) throws -> Comparison {
    guard x.shape[1] == y.shape[1] else {
      throw DataFileError(path: generatedPath, problem: "has \(y.shape[1]) columns but \(truePath) has \(x.shape[1])",
                          remedy: "both trajectories must observe the same N variables")
    }
    let (method, setting) = method(settings, dimension: x.shape[1])
    try checkBins(settings, dimension: x.shape[1], points: min(CompleteRows.completeRows(x).shape[0], y.shape[0]), file: truePath)
    let length = min(x.shape[0], y.shape[0])
    let (head, tail) = (x.rows(0..<length), y.rows(0..<length))
    if checkHealth, let reason = FreeRunHealth.assess(y, scale: FreeRunHealth.DataScale(data: x)).reason {
      return Comparison(dstsp: .nan, method: method, setting: setting, dh: .nan, length: length, dstspNote: reason, dhNote: reason)
    }
    let dstsp = StateSpaceDivergence.divergence(true: x, generated: y, method: method, seed: settings.seed)
    let dh = PowerSpectrumDistance.hellinger(true: head, generated: tail, smoothing: settings.smoothing)
    return Comparison(dstsp: dstsp, method: method, setting: setting, dh: dh, length: length,
                      dstspNote: dstsp.isNaN ? UndefinedMeasure.stateSpace(true: x, generated: y, method: method) : nil,
                      dhNote: dh.isNaN ? UndefinedMeasure.powerSpectrum(true: head, generated: tail) : nil)
  }

  /// The comparison as one JSON object, or as text under an optional label line.
  static func render(_ r: Comparison, settings: Settings, label: String?, extra: [(String, String)] = []) -> String {
    if settings.json {
      var fields: [(String, String)] = extra + [
        ("dh", json(r.dh)), ("dh_length", "\(r.length)"), ("dh_smoothing", "\(settings.smoothing)"), ("dstsp", json(r.dstsp)),
        ("dstsp_method", json(r.method.name)), ("dstsp_setting", json(r.setting)),
      ]
      if let note = r.dhNote { fields.append(("dh_note", json(note))) }
      if let note = r.dstspNote { fields.append(("dstsp_note", json(note))) }
      return jsonObject(fields)
    }
    let lines = [
      "D_stsp (\(r.method.name), \(r.setting)): \(UndefinedMeasure.text(r.dstsp, format: "%.4f", reason: r.dstspNote))",
      "D_H (σ = \(settings.smoothing), first \(r.length) rows): \(UndefinedMeasure.text(r.dh, format: "%.4f", reason: r.dhNote))",
    ]
    return ((label.map { [$0] } ?? []) + lines).joined(separator: "\n")
  }
}
