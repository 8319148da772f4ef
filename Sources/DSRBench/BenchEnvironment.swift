import DSRTensor
import Foundation

/// What the benchmarks ran on, for the first line of `dsr bench`.
public enum BenchEnvironment {
  /// `OpenBLAS: <configuration>, core <name>, <n> thread(s)`.
  public static var openBLAS: String {
    "OpenBLAS: \(BLASThreads.configuration.trimmingCharacters(in: .whitespaces)), core \(BLASThreads.coreName), \(BLASThreads.count) thread(s)"
  }
}
