import Foundation
import DSRTensor

/// Training data: one or several trajectories of the same system, each `T_i × N`, with optional
/// external inputs `T_i × K` aligned row by row.
///
/// Windows for training are drawn inside one trajectory and never cross a boundary between two.
/// Trajectories may hold NaN as missing values (loaded with `allowingMissing`); windows are then
/// drawn only where every row is complete (``MissingRows``).
public struct Dataset<Scalar: BLASScalar>: Sendable {
  /// The trajectories, each `T_i × N`.
  public var trajectories: [Tensor<Scalar>]
  /// The external inputs of each trajectory (`T_i × K`), or `nil` without inputs.
  public var inputs: [Tensor<Scalar>]?
  /// Where each trajectory came from (file paths), for messages.
  public var sources: [String]

  /// N, the observation dimension.
  public var observedDimension: Int { trajectories[0].shape[1] }
  /// K, the input dimension (0 without inputs).
  public var inputDimension: Int { inputs?[0].shape[1] ?? 0 }
  /// The total number of time points.
  public var totalLength: Int { trajectories.reduce(0) { $0 + $1.shape[0] } }
  /// The sources for a message: one file, or the first two and how many more.
  public var sourceList: String {
    sources.count <= 3 ? sources.joined(separator: ", ") : sources.prefix(2).joined(separator: ", ") + " and \(sources.count - 2) more files"
  }

  /// A dataset from matrices; all must have the same number of columns.
  public init(trajectories: [Tensor<Scalar>], inputs: [Tensor<Scalar>]? = nil, sources: [String]? = nil) throws {
    let names = sources ?? trajectories.indices.map { "trajectory \($0)" }
    guard let first = trajectories.first else {
      throw DataFileError(path: "(dataset)", problem: "has no trajectories", remedy: "give at least one .npy file")
    }
    for (t, name) in zip(trajectories, names) where t.rank != 2 || t.shape[1] != first.shape[1] {
      throw DataFileError(
        path: name, problem: "has shape \(t.shape) but \(names[0]) has \(first.shape[1]) columns",
        remedy: "all trajectories of one data set must observe the same N variables")
    }
    if let inputs {
      guard inputs.count == trajectories.count else {
        throw DataFileError(
          path: "(inputs)", problem: "gives \(inputs.count) input series for \(trajectories.count) trajectories",
          remedy: "give one input file per trajectory")
      }
      for (i, (u, x)) in zip(inputs, trajectories).enumerated() where u.rank != 2 || u.shape[0] != x.shape[0] || u.shape[1] != inputs[0].shape[1] {
        throw DataFileError(
          path: names[i], problem: "has \(x.shape[0]) rows but its inputs have shape \(u.shape)",
          remedy: "inputs must have one row per time point and the same K columns everywhere")
      }
    }
    (self.trajectories, self.inputs, self.sources) = (trajectories, inputs, names)
  }

  /// Loads data from paths: each path is a `.npy`/`.csv` file, an `.npz` archive whose arrays
  /// (in archive order: `arr_0`, `arr_1`, … for `np.savez(f, a, b, …)`) are the trajectories, or a
  /// directory whose `.npy` files (sorted by name) are the trajectories. `inputPaths`, if
  /// non-empty, is resolved the same way and must yield one input series per trajectory.
  ///
  /// - Parameter allowingMissing: keep NaN in the trajectories as missing values (see
  ///   ``MissingRows``); ±∞ is refused either way, and inputs must always be complete.
  /// - Throws: ``DataFileError`` naming the file (and the archive member) of the first problem.
  public static func load(paths: [String], inputPaths: [String] = [], allowingMissing: Bool = false) throws -> Dataset {
    let (trajectories, sources) = try read(try expand(paths), allowingMissing: allowingMissing)
    var inputs: [Tensor<Scalar>]? = nil
    if !inputPaths.isEmpty {
      inputs = try read(try expand(inputPaths), allowingMissing: false).matrices
    }
    return try Dataset(trajectories: trajectories, inputs: inputs, sources: sources)
  }

  /// The matrices in `files`, an `.npz` archive giving one per member array (its source named
  /// `archive.npz:member`).
  static func read(_ files: [String], allowingMissing: Bool) throws -> (matrices: [Tensor<Scalar>], sources: [String]) {
    var matrices: [Tensor<Scalar>] = [], sources: [String] = []
    for file in files {
      guard file.lowercased().hasSuffix(".npz") else {
        matrices.append(try MatrixFile.read(file, as: Scalar.self, allowingMissing: allowingMissing))
        sources.append(file)
        continue
      }
      let members = try NPZ.orderedArrays(file, requireFinite: true, allowingMissing: allowingMissing)
      guard !members.isEmpty else {
        throw DataFileError(path: file, problem: "holds no arrays", remedy: "save one T × N array per trajectory with numpy.savez(file, x1, x2, …)")
      }
      for (name, array) in members {
        let source = "\(file):\(name)"
        let matrix = try MatrixFile.matrix(array, path: source, as: Scalar.self)
        guard matrix.shape[0] > 0 && matrix.shape[1] > 0 else {
          throw DataFileError(path: source, problem: "is empty (shape \(matrix.shape))")
        }
        matrices.append(matrix)
        sources.append(source)
      }
    }
    return (matrices, sources)
  }

  /// The missing rows of each trajectory (``MissingRows``), in trajectory order.
  public var missingRows: [MissingRows] { trajectories.map { MissingRows($0) } }

  /// The first complete row of the data set: the trajectory index and the row of the first
  /// trajectory that has one; nil when every row of every trajectory is missing.
  public var firstCompleteRow: (trajectory: Int, row: Int)? {
    for (i, x) in trajectories.enumerated() {
      if let row = MissingRows(x).firstCompleteRow { return (i, row) }
    }
    return nil
  }

  /// Files named by `paths`, directories replaced by their `.npy` files in name order.
  static func expand(_ paths: [String]) throws -> [String] {
    var files: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw DataFileError(path: path, problem: "does not exist", remedy: "check the path; relative paths start at the working directory")
      }
      if isDirectory.boolValue {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let npy = entries.filter { $0.lowercased().hasSuffix(".npy") }.sorted()
        guard !npy.isEmpty else {
          throw DataFileError(path: path, problem: "is a directory without .npy files", remedy: "put one T × N .npy file per trajectory in it")
        }
        files += npy.map { (path as NSString).appendingPathComponent($0) }
      } else {
        files.append(path)
      }
    }
    return files
  }
}
