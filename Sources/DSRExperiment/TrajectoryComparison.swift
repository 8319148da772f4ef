import DSRData
import DSRMeasures
import DSRTensor

/// `dsr measure` and `dsr data floor`: D_stsp and D_H between two trajectories (or the two
/// halves of one), as the text or JSON object the commands print.
public enum TrajectoryComparison {
  /// How to compare.
  public struct Settings: Sendable {
    /// Force the binned D_stsp with this many bins per dimension.
    public var bins: Int?
    /// Force the Gaussian-mixture D_stsp with this σ².
    public var gmmScaling: Double?
    /// σ of the spectrum smoothing for D_H, in frequency bins (0 = none).
    public var smoothing: Double = 20
    /// Seed of the Gaussian-mixture Monte-Carlo samples.
    public var seed: UInt64 = 0
    /// One JSON object instead of text.
    public var json = false

    /// The defaults: the reference's estimator for N, σ = 20, seed 0, text.
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

  /// `dsr data floor FILE [OTHER]`: the first ⌊T/2⌋ rows of `file` against the next ⌊T/2⌋, or
  /// `file` against `other`.
  public static func floor(_ file: String, other: String?, settings: Settings) throws -> String {
    let x: Tensor<Double> = try MatrixFile.read(file)
    let a: Tensor<Double>, b: Tensor<Double>
    let label: String
    if let other {
      a = x
      b = try MatrixFile.read(other)
      label = "\(file) vs \(other)"
    } else {
      let half = x.shape[0] / 2
      guard half >= 2 else { throw DataFileError(path: file, problem: "has \(x.shape[0]) rows", remedy: "halves need at least 4 rows") }
      a = x.rows(0..<half)
      b = x.rows(half..<(2 * half))
      label = "\(file): rows 0..<\(half) vs \(half)..<\(2 * half)"
    }
    return render(try compare(a, b, truePath: file, generatedPath: other ?? file, settings: settings), settings: settings, label: label)
  }

  /// D_stsp(x ‖ y) with the reference's estimator for N (or the forced one) and D_H over the first
  /// min(T, T') rows of both.
  static func compare(_ x: Tensor<Double>, _ y: Tensor<Double>, truePath: String, generatedPath: String, settings: Settings) throws -> Comparison {
    guard x.shape[1] == y.shape[1] else {
      throw DataFileError(path: generatedPath, problem: "has \(y.shape[1]) columns but \(truePath) has \(x.shape[1])",
                          remedy: "both trajectories must observe the same N variables")
    }
    let method: StateSpaceDivergence.Method =
      settings.bins.map { .binned(bins: $0) } ?? settings.gmmScaling.map { .gaussianMixture(scaling: $0) }
      ?? .reference(dimension: x.shape[1], bins: 30, scaling: 1.0)
    let dstsp: Double
    let setting: String
    switch method {
    case .binned(let b):
      dstsp = StateSpaceDivergence.binned(true: x, generated: y, bins: b)
      setting = "\(b) bins"
    case .gaussianMixture(let s):
      dstsp = StateSpaceDivergence.gaussianMixture(true: x, generated: y, scaling: s, seed: settings.seed)
      setting = "σ² = \(s)"
    }
    let length = min(x.shape[0], y.shape[0])
    let (head, tail) = (x.rows(0..<length), y.rows(0..<length))
    let dh = PowerSpectrumDistance.hellinger(true: head, generated: tail, smoothing: settings.smoothing)
    return Comparison(dstsp: dstsp, method: method, setting: setting, dh: dh, length: length,
                      dstspNote: dstsp.isNaN ? UndefinedMeasure.stateSpace(true: x, generated: y) : nil,
                      dhNote: dh.isNaN ? UndefinedMeasure.powerSpectrum(true: head, generated: tail) : nil)
  }

  /// The comparison as one JSON object, or as text under an optional label line.
  static func render(_ r: Comparison, settings: Settings, label: String?) -> String {
    if settings.json {
      var fields: [(String, String)] = [
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
