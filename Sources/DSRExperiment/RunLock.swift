import DSRData
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive advisory lock on a run directory, held by the process that trains the run,
/// released by the kernel when that process ends, however it ends.
///
/// `dsr train`, `dsr train --resume` and every grid worker take it before they write anything, so
/// two processes can never train into one run directory, and a grid re-run next to a still-running
/// (or orphaned) worker refuses that task instead of training it twice.
///
/// What is locked is the run directory itself (`flock` on a descriptor of the directory, kept
/// open), not a file in it: a file can be deleted or replaced under its holder (`rm RUN/lock`),
/// after which a second process would create and lock a new file and train the same run twice.
/// The directory cannot be swapped under the holder: its descriptor keeps naming the same inode,
/// and after locking the path is checked to still name that inode (a directory renamed or
/// replaced between opening and locking is refused). Removing or renaming the whole run directory
/// moves the run away with it: a directory made anew at that path is another run. On a file
/// system whose `flock` refuses directories (some network file systems) the lock falls back to
/// the lock file alone.
///
/// `<run>/lock` holds the holder's process ID, for the message another process prints; it is
/// opened without following links (`O_NOFOLLOW`) and only as a regular file, so a planted link
/// cannot make dsr write the PID elsewhere.
public final class RunLock: @unchecked Sendable {
  /// The run directory.
  public let directory: String
  private var directoryDescriptor: Int32 = -1
  private var descriptor: Int32 = -1

  /// The lock file's path in `directory`.
  public static func file(in directory: String) -> String { (directory as NSString).appendingPathComponent("lock") }

  /// Takes the lock of `directory` (creating the directory if needed) without waiting.
  /// - Throws: ``RunLockError`` naming the process that holds it, or the system error.
  public init(directory: String) throws {
    self.directory = directory
    do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
      throw RunLockError(directory: directory, holder: nil, reason: Self.uncreatable(directory, error: error))
    }
    directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard directoryDescriptor >= 0 else {
      throw RunLockError(directory: directory, holder: nil, reason: String(cString: strerror(errno)) + "; check that it is a readable directory")
    }
    if flock(directoryDescriptor, LOCK_EX | LOCK_NB) != 0 {
      let code = errno
      if code == EWOULDBLOCK {
        release()
        throw RunLockError(directory: directory, holder: Self.holder(of: directory) ?? 0, reason: String(cString: strerror(code)))
      }
      // flock on directories unsupported here: the lock file alone.
      close(directoryDescriptor)
      directoryDescriptor = -1
    }
    // The path must still name the directory locked (not one swapped in meanwhile).
    var locked = stat(), now = stat()
    if directoryDescriptor >= 0, fstat(directoryDescriptor, &locked) != 0 || stat(directory, &now) != 0
      || locked.st_dev != now.st_dev || locked.st_ino != now.st_ino {
      release()
      throw RunLockError(directory: directory, holder: nil, reason: "the directory was replaced while it was being locked; try again")
    }
    // The lock file: written with the PID where it can be; read-only (a finished run in a
    // read-only folder, which `--resume` only reports) it is locked without the PID; absent
    // there, the directory's lock alone holds.
    let path = Self.file(in: directory)
    var writable = true
    do { descriptor = try AtomicFile.openRegular(path, flags: O_RDWR | O_CREAT) } catch let error as DataFileError {
      writable = false
      var info = stat()
      let planted = lstat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG  // a link, a pipe, …: refused, never followed
      descriptor = planted ? -1 : (try? AtomicFile.openRegular(path, flags: O_RDONLY)) ?? -1
      if planted || (descriptor < 0 && directoryDescriptor < 0) {
        release()
        throw RunLockError(directory: directory, holder: nil, reason: "\(path) \(error.problem); \(error.remedy ?? "check that the directory is writable")")
      }
    }
    guard descriptor < 0 || flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let reason = String(cString: strerror(errno))
      release()
      throw RunLockError(directory: directory, holder: Self.holder(of: directory) ?? 0, reason: reason)
    }
    // The holder's PID, for the message another process prints.
    guard writable else { return }
    let pid = Array("\(getpid())\n".utf8)
    _ = ftruncate(descriptor, 0)
    _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
  }

  deinit { release() }

  /// Releases the lock (also done when the object goes away or the process ends).
  public func release() {
    for fd in [descriptor, directoryDescriptor] where fd >= 0 {
      flock(fd, LOCK_UN)
      close(fd)
    }
    (descriptor, directoryDescriptor) = (-1, -1)
  }

  /// Why `directory` cannot be created, naming the culprit: the nearest ancestor that is a file,
  /// or a link to nowhere.
  static func uncreatable(_ directory: String, error: Error) -> String {
    var ancestor = directory
    var info = stat()
    while lstat(ancestor, &info) != 0 && ancestor != "/" && !ancestor.isEmpty {
      ancestor = (ancestor as NSString).deletingLastPathComponent
    }
    var target = stat()
    if info.st_mode & S_IFMT == S_IFLNK, stat(ancestor, &target) != 0 {
      let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: ancestor)) ?? "?"
      return "\(ancestor) is a symbolic link to \(destination), which does not exist; create that directory or remove the link, "
        + "or choose another results_directory"
    }
    if lstat(ancestor, &info) == 0, stat(ancestor, &target) == 0, target.st_mode & S_IFMT != S_IFDIR {
      return "\(ancestor) is a file, not a directory; choose another results_directory (or experiment / name)"
    }
    return "the directory cannot be created: \((error as NSError).localizedDescription)"
  }

  /// The process ID recorded by the lock's holder, if the lock is held now; nil when it is free
  /// (0 when it is held but the ID cannot be read, e.g. `lock` was deleted).
  public static func holder(of directory: String) -> Int32? {
    let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    var held = false
    if fd >= 0 {
      // A shared lock succeeds only when nobody holds the exclusive one.
      if flock(fd, LOCK_SH | LOCK_NB) == 0 {
        flock(fd, LOCK_UN)
      } else {
        held = errno == EWOULDBLOCK
      }
      close(fd)
    }
    let file = open(Self.file(in: directory), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
    defer { if file >= 0 { close(file) } }
    if !held {
      // Also the lock file (the only lock where directories cannot be locked).
      guard file >= 0, flock(file, LOCK_SH | LOCK_NB) != 0 else {
        if file >= 0 { flock(file, LOCK_UN) }
        return nil
      }
    }
    var info = stat()
    guard file >= 0, fstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return 0 }
    var buffer = [UInt8](repeating: 0, count: 32)
    let n = buffer.withUnsafeMutableBytes { read(file, $0.baseAddress, 31) }
    let text = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
  }
}

/// A run directory that another process is training (or that cannot be locked).
public struct RunLockError: Error, CustomStringConvertible {
  /// The run directory.
  public let directory: String
  /// The process holding the lock (0 when its ID could not be read), nil when the lock file
  /// itself could not be opened.
  public let holder: Int32?
  /// The system's reason.
  public let reason: String

  /// Which process holds the lock (or why the lock file could not be opened), for the message.
  public var description: String {
    switch holder {
    case let pid? where pid > 0:
      return "\(directory): the run is being trained by process \(pid) (it holds \(RunLock.file(in: directory))); "
        + "wait for it to finish, or stop it (kill \(pid)) and resume with `dsr train --resume \(directory)`"
    case .some:
      return "\(directory): another process is training this run (it holds the run directory's lock; its process ID could not be read "
        + "from \(RunLock.file(in: directory))); wait for it or stop it (`fuser \(directory)` names it)"
    case nil:
      return "\(directory): cannot lock the run directory (\(reason))"
    }
  }
}
