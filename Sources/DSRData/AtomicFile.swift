import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing files so that a reader never sees a half-written one, and a failed write (a full
/// disk, a read-only directory, a file where a folder should be) is an error naming the file and
/// the cause, never a damaged file.
public enum AtomicFile {
  /// Writes `data` to a temporary file beside `path`, then renames it over `path`.
  ///
  /// If anything fails, the previous content of `path` is left untouched. A `path` that is a
  /// device or a pipe (`/dev/stdout`) is written in place: there is no file to replace.
  /// - Throws: ``DataFileError`` naming the path and the system's reason.
  public static func write(_ data: Data, to path: String) throws {
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFDIR {
      return try writeAll(data, to: path, flags: O_WRONLY | O_TRUNC, reportedAs: path)
    }
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
    do {
      try writeAll(data, to: temporary, flags: O_WRONLY | O_CREAT | O_TRUNC, reportedAs: path)
    } catch {
      unlink(temporary)
      throw error
    }
    if rename(temporary, path) != 0 {
      let code = errno
      unlink(temporary)
      throw DataFileError.unwritable(path, code: code)
    }
  }

  /// Appends `data` to `path` (created if missing). If the write fails part-way (a full disk),
  /// the file is cut back to its previous length, so no fragment of a line is left behind.
  /// - Throws: ``DataFileError`` naming the path and the system's reason.
  public static func append(_ data: Data, to path: String) throws {
    try writeAll(data, to: path, flags: O_WRONLY | O_CREAT | O_APPEND, reportedAs: path)
  }

  /// Creates `path` and its missing parents.
  /// - Throws: ``DataFileError`` naming the path and the system's reason (e.g. a file where a
  ///   folder should be).
  public static func createDirectory(_ path: String) throws {
    do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
      var ancestor = path
      while !FileManager.default.fileExists(atPath: ancestor) && ancestor != "/" && !ancestor.isEmpty {
        ancestor = (ancestor as NSString).deletingLastPathComponent
      }
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory), !isDirectory.boolValue {
        throw DataFileError(path: path, problem: "cannot be created: \(ancestor) is a file, not a directory", remedy: "move the file away or choose another location")
      }
      throw DataFileError.unwritable(path, error: error)
    }
  }

  /// Writes every byte of `data` to the file opened with `flags`; on failure truncates an
  /// appended file back to its length before.
  private static func writeAll(_ data: Data, to file: String, flags: Int32, reportedAs path: String) throws {
    let fd = open(file, flags | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw DataFileError.unwritable(path, code: errno) }
    let before = flags & O_APPEND != 0 ? lseek(fd, 0, SEEK_END) : -1
    var failure: Int32? = nil
    data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < buffer.count {
        let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        offset += n
      }
    }
    if failure != nil, before >= 0 { _ = ftruncate(fd, before) }
    if close(fd) != 0, failure == nil { failure = errno }
    if let failure { throw DataFileError.unwritable(path, code: failure) }
  }
}

#if canImport(Glibc)
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  private let systemWrite = Darwin.write
#endif
