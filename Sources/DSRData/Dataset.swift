import Foundation
import DSRTensor

/// Training data: one or several trajectories of the same system, each `T_i × N`, with optional
/// external inputs `T_i × K` aligned row by row.
///
/// Windows for training are drawn inside one trajectory and never cross a boundary between two.
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

  /// Loads data from paths: each path is a `.npy`/`.csv` file or a directory whose `.npy` files
  /// (sorted by name) are the trajectories. `inputPaths`, if non-empty, is resolved the same way
  /// and must yield one input file per trajectory.
  public static func load(paths: [String], inputPaths: [String] = []) throws -> Dataset {
    let files = try expand(paths)
    let trajectories = try files.map { try MatrixFile.read($0, as: Scalar.self) }
    var inputs: [Tensor<Scalar>]? = nil
    if !inputPaths.isEmpty {
      inputs = try expand(inputPaths).map { try MatrixFile.read($0, as: Scalar.self) }
    }
    return try Dataset(trajectories: trajectories, inputs: inputs, sources: files)
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
