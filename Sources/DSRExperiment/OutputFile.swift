import DSRData
import Foundation

/// The rule for the files a command writes on request (`--out`): never over one of its own
/// inputs, never over a file a run directory holds (dsr writes those itself), never over a
/// directory. A new file, or another existing file, is written atomically.
public enum OutputFile {
  /// Throws unless `out` may be written by a command reading `inputs`.
  ///
  /// - Throws: ``DataFileError`` naming `out`: it is one of `inputs`, a directory, or a file inside
  ///   a run directory (a directory with a `config.json`, at any depth above it).
  public static func refuseOverwriting(_ out: String, inputs: [String]) throws {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: out, isDirectory: &isDirectory) else { return }
    guard !isDirectory.boolValue else {
      throw DataFileError(path: out, problem: "is a directory", remedy: "give a file name for --out, e.g. \((out as NSString).appendingPathComponent("out"))")
    }
    let target = canonical(out)
    if let input = inputs.first(where: { canonical($0) == target }) {
      throw DataFileError(path: out, problem: "is an input of this command (\(input)); writing there would destroy it", remedy: "give another --out")
    }
    var directory = (target as NSString).deletingLastPathComponent
    while !directory.isEmpty {
      if fm.fileExists(atPath: (directory as NSString).appendingPathComponent("config.json")) {
        throw DataFileError(path: out, problem: "already exists inside the run directory \(directory), whose files dsr writes itself",
                            remedy: "give an --out that does not exist yet, or one outside the run directory")
      }
      let parent = (directory as NSString).deletingLastPathComponent
      if parent == directory { break }
      directory = parent
    }
  }

  /// The absolute path with symbolic links resolved.
  static func canonical(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
