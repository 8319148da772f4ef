import Foundation
import DSRTensor

BLASEnvironment.ensureTuned()
BLASThreads.set(Int(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "1") ?? 1)
DSR.main()
