import Foundation

/// Writing files so that a reader never sees a half-written one.
public enum AtomicFile {
  /// Writes `data` to a temporary file beside `path`, then renames it over `path`.
  ///
  /// If anything fails, the previous content of `path` is left untouched.
  /// - Throws: ``DataFileError`` naming the path.
  public static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    do {
      try data.write(to: temporary)
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw DataFileError(path: path, problem: "cannot be written (\(reason))")
      }
    } catch let error as DataFileError {
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw DataFileError(
        path: path, problem: "cannot be written (\(error.localizedDescription))",
        remedy: "check that the directory exists and is writable")
    }
  }
}
