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
  /// If anything fails, the previous content of `path` is left untouched. A link at `path` is
  /// replaced, never followed, and the temporary file is created new (`O_EXCL | O_NOFOLLOW`), so
  /// a link planted in a run directory cannot redirect a write. With `streams` (a user's
  /// `--out`), a `path` that is or links to a character device or a pipe (`/dev/stdout`) is
  /// written in place: there is no file to replace. Without it such a path is refused.
  /// - Throws: ``DataFileError`` naming the path and the system's reason.
  public static func write(_ data: Data, to path: String, streams: Bool = false) throws {
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFDIR {
      guard streams, info.st_mode & S_IFMT == S_IFCHR || info.st_mode & S_IFMT == S_IFIFO else {
        throw DataFileError(path: path, problem: "is not a regular file (\(kind(info.st_mode)))",
                            remedy: "dsr writes only regular files here; move it away")
      }
      return try writeAll(data, to: path, flags: O_WRONLY | O_TRUNC, reportedAs: path)
    }
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
    unlink(temporary)  // a stale one (or a planted link) is removed, not followed
    do {
      try writeAll(data, to: temporary, flags: O_WRONLY | O_CREAT | O_EXCL, reportedAs: path)
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
  /// the file is cut back to its previous length, so no fragment of a line is left behind. A
  /// link at `path` is not followed and anything but a regular file is refused.
  /// - Throws: ``DataFileError`` naming the path and the system's reason.
  public static func append(_ data: Data, to path: String) throws {
    try writeAll(data, to: path, flags: O_WRONLY | O_CREAT | O_APPEND, reportedAs: path)
  }

  /// Opens `path` for appending (created if missing, mode 0644) without following a link at
  /// `path`, and only if it is a regular file: for logs and traces kept open while a run goes on.
  /// - Throws: ``DataFileError`` naming the path: a link, a pipe or a device is refused.
  public static func openForAppending(_ path: String) throws -> FileHandle {
    FileHandle(fileDescriptor: try openRegular(path, flags: O_WRONLY | O_CREAT | O_APPEND), closeOnDealloc: true)
  }

  /// Opens `path` with `flags | O_NOFOLLOW | O_CLOEXEC` (mode 0644 when created) and checks that
  /// it is a regular file; the descriptor is the caller's to close.
  /// - Throws: ``DataFileError`` naming the path: a link (ELOOP), a pipe or a device is refused.
  public static func openRegular(_ path: String, flags: Int32) throws -> Int32 {
    // O_NONBLOCK: a planted pipe must not block the open; regular files ignore it.
    let fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o644)
    guard fd >= 0 else {
      let code = errno
      if code == ELOOP || code == EMLINK {
        throw DataFileError(path: path, problem: "is a symbolic link; dsr does not write through links in its own files",
                            remedy: "remove the link; dsr creates the file itself")
      }
      throw DataFileError.unwritable(path, code: code)
    }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
      close(fd)
      throw DataFileError(path: path, problem: "is not a regular file (\(kind(info.st_mode)))", remedy: "dsr writes only regular files here; move it away")
    }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    return fd
  }

  /// "a directory", "a pipe", … for a message.
  static func kind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFDIR: return "a directory"
    case S_IFIFO: return "a pipe"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    case S_IFLNK: return "a symbolic link"
    default: return "not a regular file"
    }
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
    let fd: Int32
    if flags & O_CREAT != 0 {
      // A file dsr creates or appends to: never through a link, only a regular file.
      do { fd = try openRegular(file, flags: flags) } catch let error as DataFileError { throw DataFileError(path: path, problem: error.problem, remedy: error.remedy) }
    } else {
      fd = open(file, flags | O_CLOEXEC, 0o644)
      guard fd >= 0 else { throw DataFileError.unwritable(path, code: errno) }
    }
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
