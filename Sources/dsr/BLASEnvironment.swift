import Foundation

/// Makes OpenBLAS start with the settings that suit dsr's small matrices.
///
/// OpenBLAS reads `OPENBLAS_NUM_THREADS` and `OPENBLAS_CORETYPE` only when the library loads, so
/// setting them from inside a running process has no effect. `dsr` therefore decides what it
/// wants and, if the inherited environment differs, sets the variables and re-executes itself
/// once (Linux, `/proc/self/exe`):
/// - one BLAS thread (`DSR_BLAS_THREADS` to change): dsr's matrices are small, threads only add
///   overhead, and one thread makes results bit-reproducible;
/// - on CPUs with AVX-512, the SkylakeX kernels (`DSR_OPENBLAS_CORETYPE` to choose another):
///   `dsr bench --core` measures a 16×20·20×20 product at about 0.2 µs with them against 0.5 µs
///   with the Haswell kernels, which OpenBLAS picks on AMD Zen or an inherited
///   `OPENBLAS_CORETYPE=Haswell` forces.
///
/// `DSR_NO_REEXEC=1` disables the mechanism and keeps the inherited environment.
enum BLASEnvironment {
  static func ensureTuned() {
    #if os(Linux)
      let env = ProcessInfo.processInfo.environment
      if env["DSR_NO_REEXEC"] != nil { return }
      let threads = env["DSR_BLAS_THREADS"] ?? "1"
      let core = env["DSR_OPENBLAS_CORETYPE"] ?? (cpuHasAVX512() ? "SkylakeX" : nil)
      var changed = false
      if env["OPENBLAS_NUM_THREADS"] != threads {
        setenv("OPENBLAS_NUM_THREADS", threads, 1)
        changed = true
      }
      if let core, env["OPENBLAS_CORETYPE"] != core {
        setenv("OPENBLAS_CORETYPE", core, 1)
        changed = true
      }
      guard changed else { return }
      setenv("DSR_NO_REEXEC", "1", 1)
      var argv: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) }
      argv.append(nil)
      execv("/proc/self/exe", &argv)
      // execv returns only on failure: carry on with OpenBLAS's own choices.
    #endif
  }

  /// Whether the CPU has the AVX-512 subsets OpenBLAS's SkylakeX kernels use.
  static func cpuHasAVX512() -> Bool {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return false }
    let flags = Set(flagsLine.split(separator: " ").map(String.init))
    return ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains)
  }
}
