import CLinearAlgebra

/// Control of OpenBLAS's thread pool.
public enum BLASThreads {
  /// Sets the number of threads OpenBLAS uses for subsequent calls.
  ///
  /// dsr's matrices are small (M ≤ a few hundred), where threading only adds overhead, and a
  /// single thread makes results bit-reproducible. The `dsr` executable sets 1 at start.
  public static func set(_ count: Int) { openblas_set_num_threads(Int32(count)) }

  /// The number of threads OpenBLAS currently uses.
  public static var count: Int { Int(openblas_get_num_threads()) }

  /// OpenBLAS's description of itself (version, kernel family, e.g. `"OpenBLAS 0.3.21 … Haswell"`).
  public static var configuration: String { String(cString: openblas_get_config()) }

  /// The CPU kernel family OpenBLAS selected (e.g. `"SkylakeX"`, `"Haswell"`).
  public static var coreName: String { String(cString: openblas_get_corename()) }
}
