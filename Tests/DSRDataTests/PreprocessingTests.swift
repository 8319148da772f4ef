import DSRData
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

@Suite("Preprocessing: detrending, high-pass and downsampling of a recording")
struct PreprocessingTests {
  /// The fixture written by Tests/generate_preprocessing_fixtures.py (an independent numpy
  /// implementation): two channels at 250 Hz with trends, baseline wander, a 10-row gap and a
  /// dropped sample, detrended, high-passed at 0.5 Hz and downsampled by 3.
  @Test("detrend + high-pass 0.5 Hz + downsample 3 match numpy, gaps included")
  func matchesNumpy() throws {
    let x: Tensor<Double> = try NPY.read(fixture("preprocessing_input.npy")).tensor()
    let expected: Tensor<Double> = try NPY.read(fixture("preprocessing_expected.npy")).tensor()
    let p = try Preprocessing(dt: 1.0 / 250, detrend: true, highpass: 0.5, downsample: 3)
    let y = p.apply(x)
    #expect(y.shape == expected.shape)
    for (a, b) in zip(y.scalars, expected.scalars) {
      #expect(a.isNaN == b.isNaN)
      if !a.isNaN { #expect(Swift.abs(a - b) < 1e-9) }
    }
    #expect(p.modelDt == 3.0 / 250)
  }

  @Test("closed forms: a line detrends to zero; a slow sine is removed and a fast one kept by the high-pass")
  func closedForms() throws {
    let line = Tensor<Double>(shape: [100, 1], scalars: (0..<100).map { 3 - 0.25 * Double($0) })
    #expect(try Preprocessing(detrend: true).apply(line).scalars.allSatisfy { Swift.abs($0) < 1e-12 })
    let dt = 0.01, n = 4000
    func sine(_ f: Double) -> [Double] { (0..<n).map { sin(2 * Double.pi * f * Double($0) * dt) } }
    let p = try Preprocessing(dt: dt, highpass: 1)
    let slow = p.apply(Tensor(shape: [n, 1], scalars: sine(0.05))).scalars
    let fast = p.apply(Tensor(shape: [n, 1], scalars: sine(10))).scalars
    // Gain 1/(1 + (fc/f)^4): 6e-6 at f = fc/20, 0.9999 at f = 10 fc (away from the ends).
    #expect(slow[500..<3500].allSatisfy { Swift.abs($0) < 1e-3 })
    let kept = sine(10)
    #expect(zip(fast[500..<3500], kept[500..<3500]).allSatisfy { Swift.abs($0 - $1) < 2e-3 })
  }

  @Test("downsampling keeps rows 0, k, 2k, … and trims inputs alike")
  func downsampleRows() throws {
    let x = Tensor<Double>(shape: [40, 1], scalars: (0..<40).map { _ in 1 })
    let u = Tensor<Double>(shape: [40, 1], scalars: (0..<40).map(Double.init))
    let data = try Preprocessing(downsample: 4).apply(to: try Dataset(trajectories: [x], inputs: [u]))
    #expect(data.trajectories[0].shape == [10, 1])
    #expect(data.trajectories[0].scalars.allSatisfy { Swift.abs($0 - 1) < 1e-12 }, "a constant passes the low-pass unchanged")
    #expect(data.inputs?[0].scalars == stride(from: 0.0, to: 40, by: 4).map { $0 })
  }

  @Test("a recording with no stretch long enough to filter is refused by name, not as an empty column")
  func tooShortToFilter() throws {
    let x = Tensor<Double>(shape: [12, 1], scalars: (0..<12).map(Double.init))
    let p = try Preprocessing(dt: 0.01, highpass: 1)
    #expect { try p.apply(to: try Dataset(trajectories: [x], sources: ["short.npy"])) } throws: { error in
      "\(error)".contains("short.npy") && "\(error)".contains("gap-free stretch of at least 16")
    }
    // One row, nothing to filter or downsample: unchanged.
    let one = Tensor<Double>(shape: [1, 1], scalars: [3])
    #expect(try Preprocessing(dt: 0.01).apply(to: try Dataset(trajectories: [one])).trajectories[0] == one)
  }

  @Test("damaged stored transforms do not decode")
  func damagedJSON() {
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(DelayEmbedding.self, from: Data(#"{"channels": 1, "coordinates": [{"channel": 0, "lag": -3}]}"#.utf8))
    }
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(DelayEmbedding.self, from: Data(#"{"channels": 1, "coordinates": [{"channel": 2, "lag": 0}]}"#.utf8))
    }
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(Preprocessing.self, from: Data(#"{"detrend": false, "downsample": 0}"#.utf8))
    }
    #expect((try? JSONDecoder().decode(Preprocessing.self, from: Data(#"{"dt": 0.01, "detrend": true, "downsample": 2}"#.utf8)))?.modelDt == 0.02)
  }

  @Test("bad settings are refused with the fix")
  func refused() {
    #expect(throws: DataFileError.self) { try Preprocessing(highpass: 1) }
    #expect(throws: DataFileError.self) { try Preprocessing(dt: 0.01, highpass: 50) }
    #expect(throws: DataFileError.self) { try Preprocessing(dt: -1) }
    #expect(throws: DataFileError.self) { try Preprocessing(downsample: 0) }
  }
}

@Suite("DelayEmbedding: channels at causal lags")
struct DelayEmbeddingTests {
  @Test("row t holds x(t + max lag − lag) per coordinate; inputs are trimmed to stay aligned")
  func apply() throws {
    let x = Tensor<Double>(shape: [8, 2], scalars: (0..<16).map(Double.init))  // x[t, c] = 2t + c
    let e = try DelayEmbedding(channels: 2, coordinates: [.init(channel: 0, lag: 0), .init(channel: 0, lag: 3), .init(channel: 1, lag: 1)])
    let y = e.apply(x)
    #expect(y.shape == [5, 3])
    for t in 0..<5 {
      #expect(y.scalars[t * 3 + 0] == Double(2 * (t + 3)))
      #expect(y.scalars[t * 3 + 1] == Double(2 * t))
      #expect(y.scalars[t * 3 + 2] == Double(2 * (t + 2) + 1))
    }
    let u = Tensor<Double>(shape: [8, 1], scalars: (0..<8).map(Double.init))
    let data = try e.apply(to: try Dataset(trajectories: [x], inputs: [u]))
    #expect(data.inputs?[0].scalars == [3, 4, 5, 6, 7])
    #expect(e.column(showing: 0) == 0 && e.column(showing: 1) == 2)
  }

  @Test("uniform and identity embeddings; invalid coordinates and short series refused")
  func construction() throws {
    let u = try DelayEmbedding.uniform(channels: 1, dimension: 3, delay: 7)
    #expect(u.coordinates.map(\.lag) == [0, 7, 14] && u.maximalLag == 14 && !u.isIdentity)
    #expect(DelayEmbedding.identity(channels: 3).isIdentity)
    #expect(throws: DataFileError.self) { try DelayEmbedding(channels: 1, coordinates: [.init(channel: 1, lag: 0)]) }
    #expect(throws: DataFileError.self) { try DelayEmbedding(channels: 1, coordinates: [.init(channel: 0, lag: -2)]) }
    #expect(throws: DataFileError.self) { try DelayEmbedding.lags([0, 5, 5], channels: 1) }
    let short = Tensor<Double>(shape: [10, 1], scalars: Array(repeating: 1, count: 10))
    #expect(throws: DataFileError.self) { try u.apply(to: try Dataset(trajectories: [short])) }
  }

  @Test("a NaN in the recording makes every embedded row that uses it NaN")
  func gaps() throws {
    var values = (0..<12).map(Double.init)
    values[5] = .nan
    let y = try DelayEmbedding.lags([0, 2], channels: 1).apply(Tensor(shape: [12, 1], scalars: values))
    let missing = (0..<y.shape[0]).filter { !y.row($0).scalars.allSatisfy(\.isFinite) }
    #expect(missing == [3, 5])  // rows for times 5 (lag 0) and 7 (lag 2)
  }
}
