import ArgumentParser
import DSRExperiment

/// `dsr import`: a model trained elsewhere → model.json.
struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Convert a model trained elsewhere (.npz or JSON arrays named as in the reference code) into a model.json.",
    discussion: """
      Arrays: A (the diagonal, as a vector), W (or W1, W2), h (or h1, h2), alpha and H \
      (dendritic models), and for the Identity observation model either L ((M−N) × N, Julia \
      layout) or B (N × M, PyTorch layout; its last M−N columns transposed give L). .npz may be \
      stored or deflated (numpy.savez / savez_compressed). Shapes are checked and errors name the \
      array. The result can be analysed, exported, evaluated and run like a trained model. A file \
      written by `dsr export --format npz|safetensors` carries its model record (model name, \
      sizes, observation model, standardisation, preprocessing, embedding), and importing it \
      gives back the exported model.json exactly; --model is then not needed.
      """)

  @Argument(help: "The source: a .npz archive, a .safetensors file or a JSON object of arrays.", completion: .file(extensions: ["npz", "safetensors", "json"]))
  var file: String

  @Option(help: ArgumentHelp("The model: \(ModelKind.namesInWords) (not needed for a file dsr export wrote)."))
  var model: String?

  @Option(help: "P, the piecewise-linear units of an AL-RNN (the last P of M).")
  var pwlUnits: Int?

  @Option(help: "N, the observed dimension (default: from L or B, else M).")
  var observationDim: Int?

  @Option(help: "L, the hidden width of a shallow model (default: from W1).")
  var hiddenDim: Int?

  @Option(help: "Arithmetic of the imported model: float32 (default) or float64.")
  var precision: String?

  @Option(help: "The model.json to write; never an input, a run's own file or a read-only file.")
  var out: String

  @Flag(help: "Replace --out if it exists.")
  var force = false

  func validate() throws {
    if let precision, precision != "float32" && precision != "float64" { throw ValidationError("--precision must be float32 or float64, got '\(precision)'") }
  }

  func run() throws {
    print(try usage { try ModelImport.importModel(file, model: model, pwlUnits: pwlUnits, observationDim: observationDim, hiddenDim: hiddenDim,
                                      precision: precision, out: out, force: force) })
  }
}
