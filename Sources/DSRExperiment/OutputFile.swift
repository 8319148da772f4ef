import DSRData
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one rule for a file a command writes where the user said (`--out`): it never replaces
/// one of the command's inputs, a file dsr keeps in a run directory, a grid's bookkeeping, or a
/// read-only file; an ordinary existing file only with `--force`.
///
/// Every command with `--out` (`export`, `import`, `report`, `data generate`, `data subsample`,
/// `data embed`, …) calls ``check(_:reading:force:)`` before it does any work, so a refusal
/// leaves every byte where it was:
///
/// ```swift
/// try OutputFile.check(out, reading: [modelPath], force: force)
/// // … compute …
/// try AtomicFile.write(data, to: out)
/// ```
///
/// | `--out` is | without `--force` | with `--force` |
/// |---|---|---|
/// | absent | written | written |
/// | an input of the command (the same file, also through a link or another path) | refused | refused |
/// | a file dsr keeps in a run directory (``RunDirectory/ownedFiles``, `checkpoints/…`, `trace/…`) or in a grid's `.grid/` | refused | refused |
/// | read-only (no write permission bit, or not writable by this user) | refused | refused |
/// | a directory, a block device or a socket | refused | refused |
/// | a character device or a pipe (`/dev/null`, `/dev/stdout`) | written to | written to |
/// | another existing file | refused | replaced |
public enum OutputFile {
  /// Checks that `out` may be written by a command that reads `inputs` (files or directories).
  ///
  /// - Parameters:
  ///   - out: the output path as the user gave it.
  ///   - inputs: the paths the command reads; an output that is one of them (compared by
  ///     device and inode, so links and other spellings count) is refused.
  ///   - force: the user asked to replace an existing ordinary file.
  ///   - option: the option's name for the message (default `--out`).
  /// - Throws: `DataFileError` naming `out`, why it cannot be written, and what to do instead.
  public static func check(_ out: String, reading inputs: [String], force: Bool, option: String = "--out") throws {
    if let input = inputs.first(where: { sameFile(out, $0) }) {
      throw DataFileError(path: out, problem: "is an input of this command (\(input)); writing it would destroy what is read",
                          remedy: "choose another \(option)")
    }
    if let owner = owningRun(of: out) {
      throw DataFileError(path: out, problem: "is a file dsr keeps in \(owner); replacing it would damage the run",
                          remedy: "choose another \(option); a run's config.json, model.json, metrics.jsonl, checkpoints/ and lock are never replaced")
    }
    var link = stat()
    guard lstat(out, &link) == 0 else { return }  // nothing there yet (a dangling link is replaced, not followed)
    var info = stat()
    let exists = stat(out, &info) == 0
    let kind = exists ? info.st_mode & S_IFMT : link.st_mode & S_IFMT
    switch kind {
    case S_IFCHR, S_IFIFO: return  // a stream: written in place
    case S_IFDIR:
      throw DataFileError(path: out, problem: "is a directory", remedy: "give a file name for \(option)")
    case S_IFLNK: return  // a dangling link: replaced by the written file, its target not created
    case S_IFREG: break
    default:
      throw DataFileError(path: out, problem: "is not a regular file (a block device or a socket)", remedy: "choose another \(option)")
    }
    if exists, info.st_mode & 0o222 == 0 || access(out, W_OK) != 0 {
      throw DataFileError(path: out, problem: String(format: "is read-only (mode %03o); dsr does not replace read-only files", info.st_mode & 0o777),
                          remedy: "choose another \(option), or make it writable with chmod u+w if it may be replaced")
    }
    guard force else {
      throw DataFileError(path: out, problem: "already exists", remedy: "add --force to replace it, or choose another \(option)")
    }
  }

  /// Whether `a` and `b` name the same existing file (device and inode, links followed).
  static func sameFile(_ a: String, _ b: String) -> Bool {
    var x = stat(), y = stat()
    guard stat(a, &x) == 0, stat(b, &y) == 0 else { return false }
    return x.st_dev == y.st_dev && x.st_ino == y.st_ino
  }

  /// The run directory (or grid folder) whose own file `path` is, if any: `path` itself or the
  /// file a link at `path` points to. A run directory holds `config.json` and one of
  /// `metrics.jsonl`, `checkpoints/`, `lock` or `model.json`.
  static func owningRun(of path: String) -> String? {
    var candidates = [absolute(path)]
    if let resolved = realpath(path, nil) {
      candidates.append(String(cString: resolved))
      free(resolved)
    } else if let parent = realpath((absolute(path) as NSString).deletingLastPathComponent, nil) {
      candidates.append((String(cString: parent) as NSString).appendingPathComponent((path as NSString).lastPathComponent))
      free(parent)
    }
    for candidate in candidates {
      let components = (candidate as NSString).pathComponents
      if components.contains(".grid") { return (candidate as NSString).deletingLastPathComponent }
      let name = components.last ?? ""
      let parent = (candidate as NSString).deletingLastPathComponent
      if RunDirectory.ownedFiles.contains(name), isRunDirectory(parent) { return parent }
      // Everything under checkpoints/ and trace/ of a run.
      for depth in 1..<max(components.count - 1, 1) {
        let folder = NSString.path(withComponents: Array(components.prefix(components.count - depth)))
        let above = (folder as NSString).deletingLastPathComponent
        if RunDirectory.ownedFolders.contains((folder as NSString).lastPathComponent), isRunDirectory(above) { return above }
      }
    }
    return nil
  }

  /// Whether `directory` looks like a run directory.
  static func isRunDirectory(_ directory: String) -> Bool {
    let fm = FileManager.default
    let run = RunDirectory(path: directory)
    guard fm.fileExists(atPath: run.config) else { return false }
    return [run.metrics, run.checkpoints, RunLock.file(in: directory), run.model].contains { fm.fileExists(atPath: $0) }
  }

  static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
  }
}
