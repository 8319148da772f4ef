import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive advisory lock on a run directory (`flock` on `<run>/lock`), held by the process
/// that trains the run, released by the kernel when that process ends, however it ends.
///
/// `dsr train`, `dsr train --resume` and every grid worker take it before they write anything, so
/// two processes can never train into one run directory, and a grid re-run next to a still-running
/// (or orphaned) worker refuses that task instead of training it twice. The lock file holds the
/// holder's process ID for the message.
public final class RunLock: @unchecked Sendable {
  /// The run directory.
  public let directory: String
  private var descriptor: Int32

  /// The lock file's path in `directory`.
  public static func file(in directory: String) -> String { (directory as NSString).appendingPathComponent("lock") }

  /// Takes the lock of `directory` (creating the directory if needed) without waiting.
  /// - Throws: ``RunLockError`` naming the process that holds it, or the system error.
  public init(directory: String) throws {
    self.directory = directory
    do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
      // Name the culprit: the nearest existing ancestor that is a file, not a directory.
      var ancestor = directory
      var isDirectory: ObjCBool = false
      while !FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory) && ancestor != "/" && !ancestor.isEmpty {
        ancestor = (ancestor as NSString).deletingLastPathComponent
      }
      let reason = FileManager.default.fileExists(atPath: ancestor) && !isDirectory.boolValue
        ? "\(ancestor) is a file, not a directory; choose another results_directory (or experiment / name)"
        : "the directory cannot be created: \((error as NSError).localizedDescription)"
      throw RunLockError(directory: directory, holder: nil, reason: reason)
    }
    let path = Self.file(in: directory)
    descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw RunLockError(directory: directory, holder: nil, reason: String(cString: strerror(errno)))
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      throw RunLockError(directory: directory, holder: Self.holder(of: directory), reason: reason)
    }
    // The holder's PID, for the message another process prints.
    let pid = Array("\(getpid())\n".utf8)
    _ = ftruncate(descriptor, 0)
    _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
  }

  deinit { release() }

  /// Releases the lock (also done when the object goes away or the process ends).
  public func release() {
    guard descriptor >= 0 else { return }
    flock(descriptor, LOCK_UN)
    close(descriptor)
    descriptor = -1
  }

  /// The process ID recorded by the lock's holder, if the lock is held now; nil when it is free.
  public static func holder(of directory: String) -> Int32? {
    let path = file(in: directory)
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    // A shared lock succeeds only when nobody holds the exclusive one.
    if flock(fd, LOCK_SH | LOCK_NB) == 0 {
      flock(fd, LOCK_UN)
      return nil
    }
    var buffer = [UInt8](repeating: 0, count: 32)
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 31) }
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
      return "\(directory): another process is training this run (it holds \(RunLock.file(in: directory))); wait for it or stop it"
    case nil:
      return "\(directory): cannot lock the run directory (\(reason)); check that it is writable"
    }
  }
}
