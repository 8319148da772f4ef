import DSRAutodiff
import DSRTensor
import Foundation

/// One timed micro-benchmark: what was measured and its median cost.
public struct BenchmarkResult: Codable, Sendable {
  /// A stable name, e.g. `matmul_16x20_20x20_f32`.
  public var benchmark: String
  /// Median nanoseconds per operation over the repetitions.
  public var nsPerOp: Double
  /// Achieved GFLOP/s, where the operation has a FLOP count.
  public var gflops: Double?
  /// What one operation is.
  public var note: String

  enum CodingKeys: String, CodingKey {
    case benchmark
    case nsPerOp = "ns_per_op"
    case gflops
    case note
  }
}

/// Keeps a benchmarked result alive so the optimiser cannot remove the work that produced it.
@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

/// The overheads everything else stands on: one small GEMM, one op recorded on the tape, and the
/// reverse sweep per recorded op (`dsr bench --core`).
public enum CoreBenchmarks {
  /// Runs `body` (which performs `opsPerCall` operations) in batches until `minimumTime` has
  /// passed, and returns the median nanoseconds per operation over the batches.
  static func time(opsPerCall: Int, minimumTime: Double = 0.25, _ body: () -> Void) -> Double {
    for _ in 0..<3 { body() }  // warm-up
    var calls = 1
    // Grow the batch until it takes ≥ 5 ms, so the clock resolution does not matter.
    while true {
      let t0 = DispatchTime.now().uptimeNanoseconds
      for _ in 0..<calls { body() }
      let dt = DispatchTime.now().uptimeNanoseconds - t0
      if dt > 5_000_000 || calls > 1 << 24 { break }
      calls *= 2
    }
    var samples: [Double] = []
    let start = DispatchTime.now().uptimeNanoseconds
    repeat {
      let t0 = DispatchTime.now().uptimeNanoseconds
      for _ in 0..<calls { body() }
      let dt = DispatchTime.now().uptimeNanoseconds - t0
      samples.append(Double(dt) / Double(calls * opsPerCall))
    } while Double(DispatchTime.now().uptimeNanoseconds - start) < minimumTime * 1e9 || samples.count < 5
    samples.sort()
    return samples[samples.count / 2]
  }

  /// One 16×20 · 20×20 GEMM of the given precision into a preallocated buffer.
  static func gemmBenchmark<S: BLASScalar>(
    _: S.Type, name: String, minimumTime: Double, using rng: inout RandomGenerator
  ) -> BenchmarkResult {
    let (m, k, n) = (16, 20, 20)
    let a = Tensor<S>.normal(shape: [m, k], using: &rng)
    let b = Tensor<S>.normal(shape: [k, n], using: &rng)
    var c = [S](repeating: 0, count: m * n)
    let ns = c.withUnsafeMutableBufferPointer { cp in
      time(opsPerCall: 1, minimumTime: minimumTime) {
        Tensor.gemm(a, false, b, false, m: m, n: n, k: k, alpha: 1, beta: 0, into: cp.baseAddress!)
      }
    }
    return BenchmarkResult(
      benchmark: "matmul_16x20_20x20_\(name)", nsPerOp: ns, gflops: Double(2 * m * n * k) / ns,
      note: "one cblas_?gemm call into a preallocated buffer")
  }

  /// All core benchmarks.
  public static func run(minimumTime: Double = 0.25) -> [BenchmarkResult] {
    var results: [BenchmarkResult] = []
    var rng = RandomGenerator(seed: 1)

    // One 16×20 · 20×20 product into a preallocated buffer (the fused kernels' entry point).
    results.append(gemmBenchmark(Float.self, name: "f32", minimumTime: minimumTime, using: &rng))
    results.append(gemmBenchmark(Double.self, name: "f64", minimumTime: minimumTime, using: &rng))

    // The same product through Tensor.matmul (allocates the result).
    do {
      let a = Tensor<Float>.normal(shape: [16, 20], using: &rng)
      let b = Tensor<Float>.normal(shape: [20, 20], using: &rng)
      let ns = time(opsPerCall: 1, minimumTime: minimumTime) { blackHole(a.matmul(b)) }
      results.append(
        BenchmarkResult(
          benchmark: "tensor_matmul_16x20_20x20_f32", nsPerOp: ns, gflops: Double(2 * 16 * 20 * 20) / ns,
          note: "Tensor.matmul, including the result allocation"))
    }

    // Tiny products: the plain loop against BLAS, which justifies `smallMatmulThreshold`.
    do {
      let a = Tensor<Float>.normal(shape: [4, 4], using: &rng)
      var c = [Float](repeating: 0, count: 16)
      let loop = c.withUnsafeMutableBufferPointer { cp in
        a.scalars.withUnsafeBufferPointer { ap in
          time(opsPerCall: 1, minimumTime: minimumTime) {
            Tensor<Float>.gemm(
              transA: false, transB: false, m: 4, n: 4, k: 4, alpha: 1, a: ap.baseAddress!, lda: 4,
              b: ap.baseAddress!, ldb: 4, beta: 0, c: cp.baseAddress!, ldc: 4)
          }
        }
      }
      let blas = c.withUnsafeMutableBufferPointer { cp in
        a.scalars.withUnsafeBufferPointer { ap in
          time(opsPerCall: 1, minimumTime: minimumTime) {
            Float.gemm(
              transA: false, transB: false, m: 4, n: 4, k: 4, alpha: 1, a: ap.baseAddress!, lda: 4,
              b: ap.baseAddress!, ldb: 4, beta: 0, c: cp.baseAddress!, ldc: 4)
          }
        }
      }
      results.append(BenchmarkResult(benchmark: "matmul_4x4x4_f32_loop", nsPerOp: loop, gflops: 128 / loop, note: "plain Swift loop"))
      results.append(BenchmarkResult(benchmark: "matmul_4x4x4_f32_blas", nsPerOp: blas, gflops: 128 / blas, note: "cblas_sgemm"))
    }

    // The tape: record 1000 element-wise adds of 16×20 Float tensors, then sweep back.
    do {
      let opsPerTape = 1000
      let tape = Tape<Float>()
      let x = Tensor<Float>.normal(shape: [20, 16], using: &rng)
      func build() -> (Variable<Float>, Variable<Float>) {
        tape.reset()
        let leaf = tape.variable(x)
        var v = leaf
        for _ in 0..<opsPerTape { v = v + leaf }
        return (v, leaf)
      }
      // Recording cost minus the cost of the same tensor arithmetic without a tape.
      let recorded = time(opsPerCall: opsPerTape, minimumTime: minimumTime) { _ = build() }
      let plain = time(opsPerCall: opsPerTape, minimumTime: minimumTime) {
        var v = x
        for _ in 0..<opsPerTape { v = v + x }
        blackHole(v)
      }
      let (out, leaf) = build()
      let sweep = time(opsPerCall: opsPerTape, minimumTime: minimumTime) {
        _ = tape.gradients(of: out, withRespectTo: [leaf])
      }
      results.append(
        BenchmarkResult(
          benchmark: "tape_record_add_20x16_f32", nsPerOp: recorded, gflops: nil,
          note: "forward add + recording one node (plain add without tape: \(String(format: "%.0f", plain)) ns)"))
      results.append(
        BenchmarkResult(
          benchmark: "tape_reverse_per_op_20x16_f32", nsPerOp: sweep, gflops: nil,
          note: "reverse sweep of one add node (pullback + accumulation)"))
    }
    return results
  }
}
