import Foundation

/// A fresh directory under the temporary directory for one test (`dsr-<name>-<pid>-<random>`).
func scratchDirectory(_ name: String) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}
