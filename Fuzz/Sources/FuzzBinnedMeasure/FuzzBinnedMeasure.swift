import DSRExperiment
import Foundation

/// libFuzzer entry: the binned D_stsp's parameters as `dsr measure --bins` takes them. The
/// bytes give N (1…6), the bins per dimension (any 64-bit value ≥ 1), how the rows split
/// between the true and the generated trajectory, and the values (float32 bit patterns, so NaN,
/// ±inf, subnormals and huge values occur). Every input must be refused with an error or give a
/// result whose D_stsp is NaN or a non-negative number, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBinnedMeasure(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  guard size >= 10 else { return 0 }
  let n = 1 + Int(bytes[0] % 6)
  let raw = (1...8).reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[$1]) }
  let bins = Int(truncatingIfNeeded: raw & 0x7FFF_FFFF_FFFF_FFFF) | 1
  let values = stride(from: 10, to: size - 3, by: 4).map { i -> Double in
    Double(Float(bitPattern: UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])))
  }
  let rows = values.count / n
  guard rows >= 2 else { return 0 }
  let split = max(1, min(rows - 1, Int(bytes[9]) * rows / 256))
  let all = (0..<rows).map { Array(values[($0 * n)..<(($0 + 1) * n)]) }
  var settings = TrajectoryComparison.Settings()
  (settings.bins, settings.json) = (bins, true)
  guard let text = try? TrajectoryComparison.measure(trueRows: Array(all[..<split]), generatedRows: Array(all[split...]),
                                                      truePath: "true.npy", generatedPath: "generated.npy", settings: settings)
  else { return 0 }
  // D_stsp is a KL divergence of two smoothed histograms: never negative beyond rounding.
  if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], let d = object["dstsp"] as? Double {
    precondition(d.isNaN || d > -1e-9, "D_stsp \(d) < 0 for N = \(n), \(bins) bins")
  }
  return 0
}
