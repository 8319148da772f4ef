import ArgumentParser
import DSRBench
import Foundation

/// `dsr bench`: speed figures of the numerical core.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure training speed (ms per batch) and the cost of the numerical core.",
    discussion: """
      Without flags, times full training batches (sampling, forcing, model step, loss, \
      backward pass, RAdam update; Float32; batch 16) for the configurations of the speed \
      table: lorenz63-clippedshplrnn-gtf, ecg-clippedshplrnn-gtf, eeg-clippedshplrnn-gtf and \
      lorenz63-alrnn-stf, plus the adaptive-GTF variants lorenz63-clippedshplrnn-agtf and \
      ecg-clippedshplrnn-agtf (α by product_upper_bound every k = 5 batches; the time per batch \
      is averaged over batches 1…5, so it includes one fifth of an α estimate; target 1.3× the \
      constant-α configuration), with GFLOP/s (matrix products only) and peak memory. \
      --alpha-cost times each adaptive configuration against its constant-α twin in \
      interleaved rounds (ABBA) and prints the median ratio. --core times one \
      16×20·20×20 matrix product, one operation recorded on the autodiff tape and the reverse \
      sweep per recorded operation. --measures times D_stsp, D_H, the Lyapunov spectrum, \
      free-running generation and PE (seconds, against the targets). Figures are medians.
      """)

  @Flag(help: "Run the core micro-benchmarks instead of the training batches.")
  var core = false

  @Flag(help: "Time the measures and the evaluation protocol instead of the training batches.")
  var measures = false

  @Flag(help: "Time each adaptive-α configuration against its constant-α twin in interleaved rounds and print the ratio (robust on a busy machine).")
  var alphaCost = false

  @Option(help: "Only these training configurations (comma-separated names).")
  var only: String = ""

  @Flag(help: "Print one JSON object per line instead of a table.")
  var json = false

  @Option(help: "Threads per training batch (the configuration key threads; default: the configuration's, 1).")
  var threads: Int?

  @Option(help: "Minimum seconds spent per benchmark.")
  var seconds: Double = 0.25

  @Option(help: ArgumentHelp(
    "Run exactly this many batches per training configuration (indexInEpoch cycling 1…5, after 5 warm-up batches) instead of timing for --seconds; for instruction counts under valgrind.",
    visibility: .hidden))
  var batches: Int = 0

  func validate() throws {
    guard batches >= 0 else { throw ValidationError("--batches must be ≥ 0, got \(batches)") }
    if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be in 1…256, got \(threads)") }
    guard seconds > 0 && seconds <= 60 else {
      throw ValidationError("--seconds must be in (0, 60], got \(seconds)")
    }
  }

  func run() throws {
    if measures { return try runMeasures() }
    if alphaCost { return try runAlphaCost() }
    if !core { return try runTraining() }
    let results = CoreBenchmarks.run(minimumTime: seconds)
    if json {
      for r in results { try printJSON(r) }
      return
    }
    print(BenchEnvironment.openBLAS)
    let width = results.map(\.benchmark.count).max() ?? 10
    for r in results {
      let name = r.benchmark.padding(toLength: width, withPad: " ", startingAt: 0)
      let flops = r.gflops.map { String(format: "%7.2f GFLOP/s", $0) } ?? String(repeating: " ", count: 15)
      print("\(name)  \(String(format: "%9.1f", r.nsPerOp)) ns  \(flops)  \(r.note)")
    }
  }

  /// `value` as one line of JSON with sorted keys.
  func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
  }

  /// The names given to --only, checked against the training configurations.
  func onlyNames() throws -> [String] {
    let names = only.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
    for name in names where !TrainingBenchmarks.names.contains(name) {
      throw ValidationError("--only: unknown configuration '\(name)'; the configurations are \(TrainingBenchmarks.names.joined(separator: ", "))")
    }
    return names
  }

  func runMeasures() throws {
    let results = try MeasureBenchmarks.run(repeats: max(1, Int(seconds / 0.25) * 3))
    if !json { print("benchmark                                              seconds  target  note") }
    for r in results {
      if json {
        try printJSON(r)
      } else {
        let target = r.targetSeconds.map { String(format: "%6.2f", $0) } ?? "     —"
        let ok = r.targetSeconds.map { r.seconds <= $0 ? " ✔" : " ✘" } ?? "  "
        print(String(format: "%@  %7.3f  %@%@  %@", r.benchmark.padding(toLength: 52, withPad: " ", startingAt: 0), r.seconds, target, ok, r.note))
      }
    }
  }

  func runAlphaCost() throws {
    let results = try AdaptiveAlphaCost.run(minimumTime: seconds, only: try onlyNames())
    if !json { print("config                        constant ms  adaptive ms  ratio  rounds") }
    for r in results {
      if json {
        try printJSON(r)
      } else {
        print(String(format: "%@  %11.3f  %11.3f  %4.2f×  %6d", r.config.padding(toLength: 28, withPad: " ", startingAt: 0),
                     r.constantMs, r.adaptiveMs, r.ratio, r.rounds))
      }
    }
  }

  func runTraining() throws {
    let names = try onlyNames()
    if !json {
      print(BenchEnvironment.openBLAS + "; Float32, batch 16")
      print("config                        ms/batch   GFLOP/s  peak MB  PyTorch ms  target ms  speed-up")
    }
    for name in names.isEmpty ? TrainingBenchmarks.names : names {
      for r in try TrainingBenchmarks.run(minimumTime: seconds, only: [name], fixedBatches: batches, threads: threads) {
        if json {
          try printJSON(r)
        } else {
          print(String(format: "%@  %8.3f  %8.2f  %7.1f  %10.1f  %9.2f  %7.0f×",
                       r.config.padding(toLength: 28, withPad: " ", startingAt: 0), r.msPerBatch, r.gflops,
                       r.peakMemoryMB, r.pytorchMs, r.targetMs, r.pytorchMs / r.msPerBatch))
        }
      }
    }
  }
}
