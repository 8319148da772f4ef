import DSRData
import DSRTensor
import Foundation
import Testing

@Suite("Dataset: one or many trajectories")
struct DatasetTests {
  func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-dataset-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test("a directory of .npy files is one trajectory per file, in name order; lists mix files and directories")
  func directory() throws {
    let dir = try scratch()
    try NPY.write(Tensor<Double>(shape: [4, 2], scalars: Array(repeating: 2, count: 8)), to: dir.appendingPathComponent("b.npy").path)
    try NPY.write(Tensor<Double>(shape: [3, 2], scalars: Array(repeating: 1, count: 6)), to: dir.appendingPathComponent("a.npy").path)
    try "not data".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let data = try Dataset<Float>.load(paths: [dir.path])
    #expect(data.trajectories.map(\.shape) == [[3, 2], [4, 2]])
    #expect(data.totalLength == 7 && data.observedDimension == 2)
    let mixed = try Dataset<Float>.load(paths: [dir.appendingPathComponent("b.npy").path, dir.path])
    #expect(mixed.trajectories.count == 3)
  }

  @Test("trajectories with different N, inputs of the wrong length, empty directories are refused")
  func errors() throws {
    let dir = try scratch()
    let a = dir.appendingPathComponent("a.npy").path, b = dir.appendingPathComponent("b.npy").path
    try NPY.write(Tensor<Double>(zeros: [5, 2]), to: a)
    try NPY.write(Tensor<Double>(zeros: [5, 3]), to: b)
    #expect(throws: DataFileError.self) { try Dataset<Double>.load(paths: [a, b]) }
    let u = dir.appendingPathComponent("u.npy").path
    try NPY.write(Tensor<Double>(zeros: [4, 1]), to: u)
    #expect(throws: DataFileError.self) { try Dataset<Double>.load(paths: [a], inputPaths: [u]) }
    let empty = dir.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    #expect(throws: DataFileError.self) { try Dataset<Double>.load(paths: [empty.path]) }
  }
}
