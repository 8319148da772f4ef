import ArgumentParser
import DSRData
import DSRDynamics
import DSRExperiment
import DSRMeasures
import DSRTensor
import Foundation

/// `dsr data`: benchmark data, file summaries and noise floors.
struct DataCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "data",
    abstract: "Generate benchmark data, list the systems, summarise files, compute noise floors, subsample.",
    subcommands: [Generate.self, List.self, Info.self, Floor.self, Subsample.self])

  /// `dsr data generate`.
  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Integrate a benchmark flow (Dormand–Prince 5(4)) or iterate a map and save it as .npy.",
      discussion: """
        Flows are integrated with step-size control between sampling times --dt apart after a \
        transient of --transient time units (maps: iterations); rows are the samples (T × N). \
        --noise σ adds σ times each column's standard deviation of Gaussian observation noise \
        (seeded), then --standardize z-scores every column (mean 0, sample std 1). See \
        `dsr data list` for the systems, their parameters and λ₁.
        """)

    @Argument(help: "The system (see `dsr data list`).")
    var system: String

    @Option(help: "Number of samples (rows).")
    var steps: Int

    @Option(help: "Sampling interval (flows; default: the system's).")
    var dt: Double?

    @Option(help: "Discarded before the first sample: time units (flows) or iterations (maps).")
    var transient: Double = 100

    @Option(help: "Observation noise as a fraction of each column's standard deviation.")
    var noise: Double = 0

    @Option(help: "Seed of the noise.")
    var seed: UInt64 = 1

    @Flag(help: "z-score every column.")
    var standardize = false

    @Option(name: .customLong("param"), help: "Override a parameter, e.g. --param rho=35 (repeatable).")
    var parameters: [String] = []

    @Option(help: "Initial state, comma-separated (default: the system's).")
    var initial: String?

    @Option(help: "Relative tolerance of the integrator.")
    var rtol: Double = 1e-10

    @Option(help: "Absolute tolerance of the integrator.")
    var atol: Double = 1e-12

    @Option(help: "Element type of the file: f4 (float32, like the shipped data) or f8.")
    var dtype: String = "f4"

    @Option(help: "The output file (.npy).")
    var out: String

    func validate() throws {
      if steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
      if let dt, !(dt > 0) { throw ValidationError("--dt must be positive, got \(dt)") }
      if !(transient >= 0) { throw ValidationError("--transient must be ≥ 0, got \(transient)") }
      if !(noise >= 0) { throw ValidationError("--noise must be ≥ 0, got \(noise)") }
      if !(rtol > 0 && atol > 0) { throw ValidationError("--rtol and --atol must be positive") }
      if dtype != "f4" && dtype != "f8" { throw ValidationError("--dtype must be f4 or f8, got '\(dtype)'") }
      if !out.lowercased().hasSuffix(".npy") { throw ValidationError("--out must name a .npy file, got '\(out)'") }
    }

    func run() throws {
      let s = try configuredSystem(system, parameters)
      var start: [Double]? = nil
      if let initial {
        let values = initial.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.allSatisfy({ $0 != nil }), values.count == s.dimension else {
          throw ValidationError("--initial needs \(s.dimension) comma-separated numbers for \(s.name), got '\(initial)'")
        }
        start = values.map { $0! }
      }
      let step = dt ?? s.suggestedDt
      let t0 = Date()
      var recipe = BenchmarkData.Recipe(steps: steps, dt: step, transient: transient)
      (recipe.noise, recipe.seed, recipe.standardize, recipe.initial) = (noise, seed, standardize, start)
      (recipe.relativeTolerance, recipe.absoluteTolerance) = (rtol, atol)
      let x = try BenchmarkData.generate(s, recipe)
      try NPY.write(x, to: out, dtype: dtype == "f4" ? .float32LittleEndian : .float64LittleEndian)
      let what = s.kind == .flow ? "dt = \(step), transient \(transient) time units" : "transient \(Int(transient)) iterations"
      print(String(format: "%@: %d × %d written to %@ (%@%@%@; %.2f s)", s.title, steps, s.dimension, out, what,
                   noise > 0 ? ", noise \(noise)" : "", standardize ? ", standardized" : "", Date().timeIntervalSince(t0)))
    }
  }

  /// `dsr data list`.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the benchmark systems with their parameters and Lyapunov exponents.")

    func run() {
      print("system                 kind  dim  dt     parameters                                  λ (reference)")
      for s in BenchmarkSystem.all {
        let params = zip(s.parameterNames, s.parameters).map { "\($0)=\(format($1))" }.joined(separator: " ")
        let lambda = "(" + s.referenceExponents.map { format($0) }.joined(separator: ", ") + ")" + (s.kind == .flow ? " per time unit" : " per iteration")
        let dt = s.kind == .flow ? format(s.suggestedDt) : "—"
        print("\(pad(s.name, 22)) \(pad(s.kind.rawValue, 5)) \(pad("\(s.dimension)", 4)) \(pad(dt, 6)) \(pad(params, 43)) \(lambda)")
      }
    }
  }

  /// `dsr data info`.
  struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Shape, dtype, memory order and per-column statistics of .npy or .csv files, with non-finite counts.")

    @Argument(help: "Data files.")
    var files: [String]

    @Flag(help: "Print one JSON object per file.")
    var json = false

    func run() throws {
      for file in files {
        var dtype = "text", order = "—"
        var values: [Double]
        var shape: [Int]
        if file.lowercased().hasSuffix(".npy") {
          let a = try NPY.read(file)
          dtype = a.dtype.rawValue
          order = try npyOrder(file)
          values = a.values
          shape = a.shape.count == 1 ? [a.shape[0], 1] : a.shape
        } else {
          let t: Tensor<Double> = try MatrixFile.read(file)
          values = t.scalars
          shape = t.shape
        }
        guard shape.count == 2 else { throw DataFileError(path: file, problem: "has rank \(shape.count)", remedy: "dsr reads T × N matrices") }
        let (t, n) = (shape[0], shape[1])
        var columns: [[String: Double]] = []
        var nonFinite = 0
        for d in 0..<n {
          let column = (0..<t).map { values[$0 * n + d] }
          let finite = column.filter(\.isFinite)
          nonFinite += t - finite.count
          let mean = finite.reduce(0, +) / Double(Swift.max(finite.count, 1))
          let variance = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(Swift.max(finite.count - 1, 1))
          columns.append(["mean": mean, "std": variance.squareRoot(), "min": finite.min() ?? .nan, "max": finite.max() ?? .nan,
                          "nonfinite": Double(t - finite.count)])
        }
        if json {
          let object: [String: Any] = ["file": file, "rows": t, "columns": n, "dtype": dtype, "order": order, "nonfinite": nonFinite,
                                       "per_column": columns.map { $0.mapValues { $0.isFinite ? $0 as Any : NSNull() } }]
          print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
          continue
        }
        print("\(file): \(t) × \(n) (time × dimension), dtype \(dtype), \(order) order, \(nonFinite) non-finite value\(nonFinite == 1 ? "" : "s")")
        print("  column        mean         std         min         max  non-finite")
        for (d, c) in columns.enumerated().prefix(16) {
          print(String(format: "  %6d  %10.4f  %10.4f  %10.4f  %10.4f  %10d", d, c["mean"]!, c["std"]!, c["min"]!, c["max"]!, Int(c["nonfinite"]!)))
        }
        if n > 16 { print("  … \(n - 16) more columns") }
        if nonFinite == 0 { reportUnitsAndSampling(Tensor(shape: shape, scalars: values), file: file) }
      }
    }

    /// "C" or "Fortran", from the header's `fortran_order`.
    func npyOrder(_ file: String) throws -> String {
      guard let handle = FileHandle(forReadingAtPath: file) else { return "—" }
      defer { try? handle.close() }
      let header = String(decoding: handle.readData(ofLength: 256), as: UTF8.self)
      return header.contains("'fortran_order': True") ? "Fortran" : "C"
    }
  }

  /// `dsr data floor`.
  struct Floor: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The noise floor: D_stsp and D_H between the two halves of a file, or between two files.",
      discussion: """
        With one file, its first ⌊T/2⌋ rows are compared with the next ⌊T/2⌋ (two independent \
        stretches of the same system); with two, the first is the reference. No model can be \
        expected to score below this. Binned D_stsp for N < 6, Gaussian mixture otherwise, as in \
        `dsr measure`.
        """)

    @Argument(help: "The (test) data file.")
    var file: String

    @Argument(help: "A second file to compare with instead of the halves.")
    var other: String?

    @OptionGroup var measure: MeasureOptions

    func validate() throws { try measure.check() }

    func run() throws {
      let x: Tensor<Double> = try MatrixFile.read(file)
      let a: Tensor<Double>, b: Tensor<Double>
      let label: String
      if let other {
        a = x
        b = try MatrixFile.read(other)
        label = "\(file) vs \(other)"
      } else {
        let half = x.shape[0] / 2
        guard half >= 2 else { throw DataFileError(path: file, problem: "has \(x.shape[0]) rows", remedy: "halves need at least 4 rows") }
        a = x.rows(0..<half)
        b = x.rows(half..<(2 * half))
        label = "\(file): rows 0..<\(half) vs \(half)..<\(2 * half)"
      }
      let r = try measure.compare(a, b, truePath: file, generatedPath: other ?? file)
      measure.print(r, label: label)
    }
  }
}

extension DataCommand {
  /// `dsr data subsample`.
  struct Subsample: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Keep every k-th row of a time series (e.g. when it is sampled far too finely for training).",
      discussion: """
        Writes rows o, o + k, o + 2k, … of FILE (k = --every, o = --offset) to --out, as .npy \
        (the input's dtype; float64 for text input) or as comma-separated text (.csv, .tsv, .txt; \
        the input's header line is kept). The output is written atomically; an existing file is \
        replaced only with --force. `dsr inspect` and `dsr train` suggest k when the data is \
        sampled very finely (about 75 samples per dominant period is a good target).
        """)

    @Argument(help: "The data file (.npy, .csv, .tsv or .txt).", completion: .file(extensions: ["npy", "csv", "tsv", "txt"]))
    var file: String

    @Option(help: "Keep every k-th row.")
    var every: Int

    @Option(help: "The first row kept (0-based).")
    var offset = 0

    @Option(help: "The output file: .npy, or .csv/.tsv/.txt for text.")
    var out: String

    @Flag(help: "Replace --out if it exists.")
    var force = false

    func validate() throws {
      if every < 1 { throw ValidationError("--every must be at least 1, got \(every)") }
      if offset < 0 { throw ValidationError("--offset must be ≥ 0, got \(offset)") }
      let lower = out.lowercased()
      if ![".npy", ".csv", ".tsv", ".txt"].contains(where: { lower.hasSuffix($0) }) {
        throw ValidationError("--out must end in .npy, .csv, .tsv or .txt, got '\(out)'")
      }
    }

    func run() throws {
      let r = try Subsampling.subsample(file, every: every, offset: offset, to: out, replace: force)
      print("\(file): \(r.rows) × \(r.columns) → \(r.kept) × \(r.columns) (rows \(offset), \(offset + every), …: every \(every) from row \(offset)) written to \(out)")
    }
  }
}

/// A benchmark system with `name=value` parameter overrides applied.
func configuredSystem(_ name: String, _ assignments: [String]) throws -> BenchmarkSystem {
  var s = try BenchmarkSystem.named(name)
  for assignment in assignments {
    let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, let value = Double(parts[1]) else {
      throw ValidationError("--param \(assignment): expected name=value, e.g. rho=35")
    }
    try s.set(parts[0], to: value)
  }
  return s
}

func format(_ x: Double) -> String { x == x.rounded() && Swift.abs(x) < 1e6 ? String(Int(x)) : String(format: "%.4g", x) }
func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
