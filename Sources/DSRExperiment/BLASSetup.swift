import DSRTensor
import Foundation

/// The process-wide BLAS setting a dsr command starts with.
public enum BLASSetup {
  /// Tells the BLAS library to use `OPENBLAS_NUM_THREADS` threads (1 when unset or unreadable).
  public static func applyThreadCount(from environment: [String: String] = ProcessInfo.processInfo.environment) {
    BLASThreads.set(Int(environment["OPENBLAS_NUM_THREADS"] ?? "1") ?? 1)
  }
}
