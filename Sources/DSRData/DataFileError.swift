import Foundation

/// A data file that cannot be used, with the file, the problem and what to do about it.
///
/// Every reader in `DSRData` throws this instead of crashing or returning a partial result.
public struct DataFileError: Error, Equatable, CustomStringConvertible {
  /// The file's path as given.
  public var path: String
  /// What is wrong, in one sentence.
  public var problem: String
  /// How to fix it, if there is something to say.
  public var remedy: String?

  /// An error about the file at `path`.
  public init(path: String, problem: String, remedy: String? = nil) {
    self.path = path
    self.problem = problem
    self.remedy = remedy
  }

  /// `<path>: <problem> (<remedy>)`, without the parentheses when there is no remedy.
  public var description: String {
    "\(path): \(problem)" + (remedy.map { " (\($0))" } ?? "")
  }
}

extension DataFileError {
  /// A file or directory that cannot be written, with the system's reason (`No space left on
  /// device`, `Read-only file system`, …) and what to do about it.
  public static func unwritable(_ path: String, code: Int32) -> DataFileError {
    let remedy: String
    switch code {
    case ENOSPC, EDQUOT, EFBIG: remedy = "free space on that disk or write somewhere else; what was written before is unchanged"
    case EACCES, EPERM, EROFS: remedy = "make the directory writable or write somewhere else"
    case ENOENT, ENOTDIR: remedy = "check that every folder on the path exists and is a directory, not a file"
    case EISDIR: remedy = "a directory has this name; move it away or write somewhere else"
    default: remedy = "check the disk and the path; what was written before is unchanged"
    }
    return DataFileError(path: path, problem: "cannot be written (\(String(cString: strerror(code))))", remedy: remedy)
  }

  /// ``unwritable(_:code:)`` for a Foundation error: its POSIX cause when it carries one.
  public static func unwritable(_ path: String, error: Error) -> DataFileError {
    if let error = error as? DataFileError { return error }
    let ns = error as NSError
    if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
      return unwritable(path, code: Int32(posix.code))
    }
    if ns.domain == NSPOSIXErrorDomain { return unwritable(path, code: Int32(ns.code)) }
    return DataFileError(path: path, problem: "cannot be written (\(ns.localizedDescription))", remedy: "check that the directory exists and is writable")
  }
}

extension DataFileError {
  /// Refuses an input that exists but is not a regular file or a directory: a pipe (FIFO), a
  /// device (`/dev/zero`, also through a link) or a socket would block or never end, and
  /// reading one used to report a misleading "You don't have permission". A path that does not
  /// exist passes (the reader names it).
  /// - Throws: ``DataFileError`` saying what the path is.
  public static func requireRegularFile(_ path: String) throws {
    var info = stat(), link = stat()
    guard stat(path, &info) == 0 else { return }
    let kind = info.st_mode & S_IFMT
    guard kind != S_IFREG, kind != S_IFDIR else { return }
    let name: String
    switch kind {
    case S_IFIFO: name = "a pipe (FIFO)"
    case S_IFCHR: name = "a character device"
    case S_IFBLK: name = "a block device"
    case S_IFSOCK: name = "a socket"
    default: name = "not a regular file"
    }
    var what = "is \(name), not a file"
    if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
      let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
      what = "is a link to \(target), \(name), not a file"
    }
    throw DataFileError(path: path, problem: what, remedy: "save the content to a regular file and give that; a pipe or a device may block or never end")
  }
}
