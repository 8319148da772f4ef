import Foundation
import DSRData
import DSRTensor

/// Running a stored model against data: the data goes into the model's units first.
extension ModelFile {
  /// The map from data units to the model's units: the stored ``standardization``, or the
  /// identity for a model trained on unscaled data (and for model files written before dsr
  /// stored one).
  public var dataTransform: Standardization { standardization ?? .identity(dimension: observedDim) }

  /// The columns of the recording the model reads: the embedding's channels, or N.
  public var recordingColumns: Int { embedding?.channels ?? observedDim }

  /// The model's time step in the recording's time units (``Preprocessing/modelDt``; nil: unknown).
  public var dt: Double? { preprocessing?.modelDt }

  /// `data` (a raw recording) in the model's units: preprocessed (``preprocessing``), delay-embedded
  /// (``embedding``, external inputs trimmed to stay aligned) and standardised
  /// (``dataTransform``), after checking that it has the recording's columns and K input columns.
  ///
  /// - Throws: ``DataFileError`` naming the file whose shape does not fit the model.
  public func modelUnits<S: BLASScalar>(_ data: Dataset<S>) throws -> Dataset<S> {
    for (x, source) in zip(data.trajectories, data.sources) where x.shape[1] != recordingColumns {
      let embedded = embedding.map { " (the model delay-embeds a recording of \($0.channels) column\($0.channels == 1 ? "" : "s") into N = \(observedDim))" } ?? ""
      let problem = embedding == nil
        ? "has N = \(x.shape[1]) columns but the model observes N = \(observedDim)"
        : "has \(x.shape[1]) columns but the model reads \(recordingColumns)\(embedded)"
      throw DataFileError(path: source, problem: problem,
                          remedy: embedding == nil ? "give data of the data set this model was trained on" : "give the raw recording, not an embedded one: dsr embeds it")
    }
    if data.inputDimension != inputDim {
      throw DataFileError(path: data.sources[0], problem: "comes with \(data.inputDimension) input columns but the model takes \(inputDim)",
                          remedy: inputDim > 0 ? "give the test inputs with --inputs" : "drop --inputs")
    }
    var mapped = try preprocessing?.apply(to: data) ?? data
    mapped = try embedding?.apply(to: mapped) ?? mapped
    return try dataTransform.apply(to: mapped)
  }

  /// Loads data (a file, a directory of `.npy` files, or a list; with their external inputs) and
  /// returns it in the model's units (``modelUnits(_:)``): what every command comparing a model
  /// with data, and `dsr report`, starts from.
  ///
  /// - Throws: ``DataFileError`` for unreadable data or data that does not fit the model.
  public func loadData<S: BLASScalar>(paths: [String], inputPaths: [String] = [], as _: S.Type = S.self) throws -> Dataset<S> {
    try modelUnits(try Dataset<S>.load(paths: paths, inputPaths: inputPaths, allowingMissing: true))
  }

  /// The run's training data (`path_to_data`, `path_to_inputs` of `data`) in the model's units,
  /// when every one of its files is still where the run found it; nil when one is gone.
  public func trainingData(_ data: RunConfiguration.DataSpecification) throws -> Dataset<Double>? {
    guard !data.paths.isEmpty, data.paths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else { return nil }
    return try loadData(paths: data.paths, inputPaths: data.inputPaths, as: Double.self)
  }

  /// Reads the model of a run directory (its ``Evaluation/modelFile(of:)``) or a model.json.
  ///
  /// - Returns: the file and the path it was read from.
  public static func load(runOrFile path: String) throws -> (file: ModelFile, path: String) {
    let resolved = try Evaluation.resolveModel(path)
    return (try read(resolved), resolved)
  }
}
