import ArgumentParser
import DSRData
import DSRMeasures
import DSRTensor
import Foundation

/// `dsr measure`: D_stsp and D_H between any two trajectories.
struct Measure: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compare two trajectories: state-space divergence D_stsp and power-spectrum distance D_H.",
    discussion: """
      D_stsp is binned (--bins, default 30) for N < 6 observed dimensions and a Gaussian mixture \
      (--gmm-scaling σ², default 1.0, 1000 seeded Monte-Carlo samples) otherwise, as in the GTF \
      reference; giving one of the two options forces that estimator. D_H compares the Gaussian- \
      smoothed power spectra (--smoothing σ in frequency bins, default 20) over the first \
      min(T, T') rows of both series.
      """)

  @Option(name: .customLong("true"), help: "The reference trajectory (T × N, .npy or .csv).")
  var truePath: String

  @Option(name: .customLong("generated"), help: "The trajectory to judge (T' × N).")
  var generatedPath: String

  @Option(help: "Force the binned D_stsp with this many bins per dimension.")
  var bins: Int?

  @Option(help: "Force the Gaussian-mixture D_stsp with this σ².")
  var gmmScaling: Double?

  @Option(help: "σ of the spectrum smoothing for D_H, in frequency bins (0 = none).")
  var smoothing: Double = 20

  @Option(help: "Seed of the Gaussian-mixture Monte-Carlo samples.")
  var seed: UInt64 = 0

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  func validate() throws {
    if bins != nil && gmmScaling != nil { throw ValidationError("give --bins or --gmm-scaling, not both") }
    if let bins, bins < 1 { throw ValidationError("--bins must be at least 1, got \(bins)") }
    if let gmmScaling, !(gmmScaling > 0) { throw ValidationError("--gmm-scaling must be positive, got \(gmmScaling)") }
    if !(smoothing >= 0) { throw ValidationError("--smoothing must be ≥ 0, got \(smoothing)") }
  }

  func run() throws {
    let x: Tensor<Double> = try MatrixFile.read(truePath)
    let y: Tensor<Double> = try MatrixFile.read(generatedPath)
    guard x.shape[1] == y.shape[1] else {
      throw DataFileError(path: generatedPath, problem: "has \(y.shape[1]) columns but \(truePath) has \(x.shape[1])",
                          remedy: "both trajectories must observe the same N variables")
    }
    let n = x.shape[1]
    let method: StateSpaceDivergence.Method =
      bins.map { .binned(bins: $0) } ?? gmmScaling.map { .gaussianMixture(scaling: $0) }
      ?? .reference(dimension: n, bins: 30, scaling: 1.0)
    let dstsp: Double
    let setting: String
    switch method {
    case .binned(let b):
      dstsp = StateSpaceDivergence.binned(true: x, generated: y, bins: b)
      setting = "\(b) bins"
    case .gaussianMixture(let s):
      dstsp = StateSpaceDivergence.gaussianMixture(true: x, generated: y, scaling: s, seed: seed)
      setting = "σ² = \(s)"
    }
    let length = min(x.shape[0], y.shape[0])
    let dh = PowerSpectrumDistance.hellinger(true: x.rows(0..<length), generated: y.rows(0..<length), smoothing: smoothing)
    if json {
      func num(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }
      print(#"{"dh":\#(num(dh)),"dh_length":\#(length),"dh_smoothing":\#(smoothing),"dstsp":\#(num(dstsp)),"dstsp_method":"\#(method.name)","dstsp_setting":"\#(setting)"}"#)
    } else {
      print("D_stsp (\(method.name), \(setting)): \(String(format: "%.4f", dstsp))")
      print("D_H (σ = \(smoothing), first \(length) rows): \(String(format: "%.4f", dh))")
    }
  }
}
