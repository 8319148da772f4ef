import ArgumentParser
import DSRExperiment

/// `dsr generate`: a free run of a model in the data's units, as a `.npy` file.
struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a free run of a model, in the data's units, as a .npy file (T × N, float64).",
    discussion: """
      The run starts from the model's initial state of one observation: with --data, the row \
      --start of the raw recording (default: the first row the model can start from), mapped as \
      every command maps data (the preprocessing, delay embedding and standardisation stored \
      in model.json); without --data, the observation 0 in model units (the training data's \
      mean). Row 0 of the output is the start (the observation itself for the Identity \
      observation model), row t the observation after t steps, mapped back by the inverse \
      standardisation. Delay-embedded models write their embedded coordinates; preprocessing \
      is not undone. Arithmetic is float64. --out never overwrites an input or a file of a run \
      directory.
      """)

  @Argument(help: "A run directory or a model.json.", completion: .file())
  var model: String

  @Option(help: "Rows of the free run, the start included.")
  var steps: Int

  @Option(help: "The raw recording to start from (.npy, .csv).", completion: .file())
  var data: String?

  @Option(help: "The external inputs belonging to --data (models with inputs).", completion: .file())
  var inputs: String?

  @Option(help: "The recording's row to start from, 0-based (default: the first usable row).")
  var start: Int?

  @Option(help: "The .npy file to write; never an input, a run's own file or a read-only file.", completion: .file(extensions: ["npy"]))
  var out: String

  @Flag(help: "Replace --out if it exists.")
  var force = false

  func run() throws {
    var request = Generation.Request(model: model, steps: steps, out: out, data: data, inputs: inputs, start: start)
    request.force = force
    print(try usage { try Generation.run(request) })
  }
}
