import DSRTensor
import Foundation

/// What is done to a recording before it is embedded and standardised: its sampling interval
/// (so that times, spectra and Lyapunov exponents come out in real units), optional removal of a
/// linear trend and of slow baseline wander (a high-pass filter), and optional downsampling.
///
/// `dsr train` records it in model.json (`"preprocessing": {"dt": 0.002778, "detrend": false,
/// "highpass": 0.5, "downsample": 1}`), and every command that reads data applies it before the
/// stored embedding and standardisation, so users pass the raw recording. The steps run in this
/// order, on each trajectory and each observed column (external inputs are only downsampled):
///
/// 1. **detrend**: the least-squares line through the valid (non-NaN) samples is subtracted;
/// 2. **high-pass** at `highpass` (cycles per time unit of `dt`: Hz for `dt` in seconds): the
///    frequency response `G(f) = 1 / (1 + (f_c / f)⁴)` — the magnitude of a second-order
///    Butterworth high-pass run forwards and backwards, so without phase shift — applied in the
///    frequency domain to the symmetric extension of each gap-free stretch (no jump at the ends);
/// 3. **downsample** by k: the low-pass `G(f) = 1 / (1 + (f / f_N)¹⁶)` at the new Nyquist frequency
///    `f_N = 1 / (2·k·dt)` (eighth-order Butterworth forwards and backwards) removes what would alias,
///    then every k-th row is kept (rows 0, k, 2k, …); the model's time step becomes `k·dt`.
///
/// None of these is reversed on output: the trend and the baseline are not part of the dynamics
/// the model learns, and outputs are in the (detrended, filtered, downsampled) recording's units.
/// Stretches between gaps shorter than ``minimalStretch`` samples cannot be filtered and become
/// missing (NaN).
public struct Preprocessing: Codable, Equatable, Sendable {
  /// The sampling interval of the recording (time units per sample; nil: unknown, times are in samples).
  public var dt: Double?
  /// Subtract each column's least-squares line.
  public var detrend: Bool
  /// The high-pass cutoff in cycles per time unit (nil: none); needs `dt`.
  public var highpass: Double?
  /// Keep every k-th sample after an anti-aliasing low-pass (1: all).
  public var downsample: Int

  /// The shortest gap-free stretch that is filtered.
  public static let minimalStretch = 16

  /// The steps, checked.
  ///
  /// - Throws: ``DataFileError`` for a non-positive `dt`, a cutoff without `dt`, at or beyond the
  ///   Nyquist frequency, or a downsampling factor below 1.
  public init(dt: Double? = nil, detrend: Bool = false, highpass: Double? = nil, downsample: Int = 1) throws {
    if let dt, !(dt > 0 && dt.isFinite) {
      throw DataFileError(path: "(preprocessing)", problem: "has a sampling interval dt = \(dt)", remedy: "give dt > 0 (or sampling_rate in Hz)")
    }
    if let highpass {
      guard let dt else {
        throw DataFileError(path: "(preprocessing)", problem: "has a high-pass cutoff but no sampling interval",
                            remedy: "give dt (or sampling_rate) so that the cutoff has units")
      }
      guard highpass > 0, highpass < 0.5 / dt else {
        throw DataFileError(path: "(preprocessing)", problem: "has a high-pass cutoff of \(highpass) outside (0, \(0.5 / dt)) (the Nyquist frequency of dt = \(dt))",
                            remedy: "give a cutoff below the Nyquist frequency, e.g. 0.5 (Hz) for an ECG's baseline wander")
      }
    }
    guard downsample >= 1 else {
      throw DataFileError(path: "(preprocessing)", problem: "has downsample = \(downsample)", remedy: "give an integer ≥ 1 (1 keeps every sample)")
    }
    (self.dt, self.detrend, self.highpass, self.downsample) = (dt, detrend, highpass, downsample)
  }

  enum CodingKeys: String, CodingKey { case dt, detrend, highpass, downsample }

  /// Decodes and checks the steps (a damaged model.json must not reach ``apply(_:)``).
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    do {
      try self.init(dt: try c.decodeIfPresent(Double.self, forKey: .dt), detrend: try c.decode(Bool.self, forKey: .detrend),
                    highpass: try c.decodeIfPresent(Double.self, forKey: .highpass), downsample: try c.decode(Int.self, forKey: .downsample))
    } catch let error as DataFileError {
      throw DecodingError.dataCorruptedError(forKey: .downsample, in: c, debugDescription: error.problem)
    }
  }

  /// No step at all (a sampling interval alone changes no value).
  public var changesValues: Bool { detrend || highpass != nil || downsample > 1 }

  /// The model's time step: `downsample · dt` (nil when `dt` is unknown).
  public var modelDt: Double? { dt.map { $0 * Double(downsample) } }

  /// `data` preprocessed (a copy; the data unchanged when no step changes values).
  public func apply<S: BLASScalar>(to data: Dataset<S>) throws -> Dataset<S> {
    guard changesValues else { return data }
    var trajectories: [Tensor<S>] = []
    for (x, source) in zip(data.trajectories, data.sources) {
      guard downsample == 1 || x.shape[0] >= 2 * downsample else {
        throw DataFileError(path: source, problem: "has \(x.shape[0]) rows, too few to downsample by \(downsample)",
                            remedy: "give a longer recording or a smaller downsample")
      }
      let y = apply(x)
      if highpass != nil || downsample > 1, !y.scalars.contains(where: { !$0.isNaN }) {
        throw DataFileError(path: source, problem: "has no gap-free stretch of at least \(Self.minimalStretch) samples, which filtering needs",
                            remedy: "give a longer recording, or drop highpass and downsample")
      }
      trajectories.append(y)
    }
    let inputs = data.inputs.map { $0.map { keepEvery($0) } }
    return try Dataset(trajectories: trajectories, inputs: inputs, sources: data.sources)
  }

  /// One `T × N` trajectory preprocessed.
  public func apply<S: BLASScalar>(_ x: Tensor<S>) -> Tensor<S> {
    let (t, n) = (x.shape[0], x.shape[1])
    var out = x.scalars.map { Double($0) }
    for c in 0..<n {
      var column = (0..<t).map { out[$0 * n + c] }
      if detrend { Self.removeLine(&column) }
      if let highpass, let dt {
        let fc = highpass * dt  // cycles per sample
        Self.filter(&column) { f in f == 0 ? 0 : 1 / (1 + pow(fc / f, 4)) }
      }
      if downsample > 1 {
        let nyquist = 0.5 / Double(downsample)
        Self.filter(&column) { f in 1 / (1 + pow(f / nyquist, 16)) }
      }
      for i in 0..<t { out[i * n + c] = column[i] }
    }
    return keepEvery(Tensor(shape: [t, n], scalars: out.map { S($0) }))
  }

  /// Rows 0, k, 2k, … of `x`.
  func keepEvery<S: BLASScalar>(_ x: Tensor<S>) -> Tensor<S> {
    guard downsample > 1 else { return x }
    let (t, n) = (x.shape[0], x.shape[1])
    let kept = stride(from: 0, to: t, by: downsample).flatMap { r in x.scalars[(r * n)..<(r * n + n)] }
    return Tensor(shape: [kept.count / n, n], scalars: kept)
  }

  /// Subtracts the least-squares line `a + b·t` through the finite values.
  static func removeLine(_ y: inout [Double]) {
    let valid = y.indices.filter { y[$0].isFinite }
    guard valid.count >= 2 else { return }
    let m = Double(valid.count)
    let tMean = valid.reduce(0.0) { $0 + Double($1) } / m
    let yMean = valid.reduce(0.0) { $0 + y[$1] } / m
    var (sty, stt) = (0.0, 0.0)
    for i in valid { (sty, stt) = (sty + (Double(i) - tMean) * (y[i] - yMean), stt + (Double(i) - tMean) * (Double(i) - tMean)) }
    let slope = sty / stt
    for i in valid { y[i] -= yMean + slope * (Double(i) - tMean) }
  }

  /// Multiplies the spectrum of each gap-free stretch of `y` (symmetrically extended to twice its
  /// length) by `gain(f)`, f in cycles per sample; stretches shorter than ``minimalStretch`` become NaN.
  static func filter(_ y: inout [Double], gain: (Double) -> Double) {
    var start = 0
    while start < y.count {
      guard y[start].isFinite else { start += 1; continue }
      var end = start
      while end < y.count && y[end].isFinite { end += 1 }
      if end - start < minimalStretch {
        for i in start..<end { y[i] = .nan }
      } else {
        let piece = Array(y[start..<end])
        let extended = piece + piece.reversed()
        let n = extended.count
        var spectrum = FFT.real(extended)
        for k in spectrum.indices {
          let g = gain(Double(k) / Double(n))
          spectrum[k] = Complex(spectrum[k].real * g, spectrum[k].imaginary * g)
        }
        let filtered = FFT.inverseReal(spectrum, count: n)
        for i in 0..<(end - start) { y[start + i] = filtered[i] }
      }
      start = end
    }
  }

  /// In words, e.g. `dt = 0.00278 (360 Hz); detrended; high-pass at 0.5 per time unit; every 2nd sample kept (dt 0.00556)`.
  public var summary: String {
    var parts: [String] = []
    if let dt { parts.append("dt = \(String(format: "%.4g", dt)) (\(String(format: "%.4g", 1 / dt)) samples per time unit)") }
    if detrend { parts.append("linear trend removed") }
    if let highpass { parts.append("high-pass at \(String(format: "%.4g", highpass)) per time unit") }
    if downsample > 1, let m = modelDt { parts.append("every \(downsample)th sample kept after an anti-alias low-pass (model dt = \(String(format: "%.4g", m)))") }
    else if downsample > 1 { parts.append("every \(downsample)th sample kept after an anti-alias low-pass") }
    return parts.isEmpty ? "none" : parts.joined(separator: "; ")
  }
}
