import ArgumentParser
import DSRData
import DSRMeasures
import DSRTensor
import Foundation

/// The D_stsp / D_H options shared by `dsr measure` and `dsr data floor`, and the comparison itself.
struct MeasureOptions: ParsableArguments {
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

  /// D_stsp and D_H of one pair, with how they were computed.
  struct Comparison {
    var dstsp: Double
    var method: StateSpaceDivergence.Method
    var setting: String
    var dh: Double
    var length: Int
  }

  func check() throws {
    if bins != nil && gmmScaling != nil { throw ValidationError("give --bins or --gmm-scaling, not both") }
    if let bins, bins < 1 { throw ValidationError("--bins must be at least 1, got \(bins)") }
    if let gmmScaling, !(gmmScaling > 0) { throw ValidationError("--gmm-scaling must be positive, got \(gmmScaling)") }
    if !(smoothing >= 0) { throw ValidationError("--smoothing must be ≥ 0, got \(smoothing)") }
  }

  /// D_stsp(x ‖ y) with the reference's estimator for N (or the forced one) and D_H over the first
  /// min(T, T') rows of both.
  func compare(_ x: Tensor<Double>, _ y: Tensor<Double>, truePath: String, generatedPath: String) throws -> Comparison {
    guard x.shape[1] == y.shape[1] else {
      throw DataFileError(path: generatedPath, problem: "has \(y.shape[1]) columns but \(truePath) has \(x.shape[1])",
                          remedy: "both trajectories must observe the same N variables")
    }
    let method: StateSpaceDivergence.Method =
      bins.map { .binned(bins: $0) } ?? gmmScaling.map { .gaussianMixture(scaling: $0) }
      ?? .reference(dimension: x.shape[1], bins: 30, scaling: 1.0)
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
    return Comparison(dstsp: dstsp, method: method, setting: setting, dh: dh, length: length)
  }

  func print(_ r: Comparison, label: String? = nil) {
    if json {
      func num(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }
      Swift.print(#"{"dh":\#(num(r.dh)),"dh_length":\#(r.length),"dh_smoothing":\#(smoothing),"dstsp":\#(num(r.dstsp)),"dstsp_method":"\#(r.method.name)","dstsp_setting":"\#(r.setting)"}"#)
    } else {
      if let label { Swift.print(label) }
      Swift.print("D_stsp (\(r.method.name), \(r.setting)): \(String(format: "%.4f", r.dstsp))")
      Swift.print("D_H (σ = \(smoothing), first \(r.length) rows): \(String(format: "%.4f", r.dh))")
    }
  }
}
