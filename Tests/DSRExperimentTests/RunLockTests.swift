@testable import DSRExperiment
import Foundation
import Testing

@Suite("RunLock: one process per run directory")
struct RunLockTests {
  @Test("a held lock refuses a second holder, naming the process; released, it can be taken again")
  func exclusive() throws {
    let dir = try scratchDirectory("runlock").appendingPathComponent("exp/name/001").path
    #expect(RunLock.holder(of: dir) == nil)
    let first = try RunLock(directory: dir)  // creates the directory
    #expect(RunLock.holder(of: dir) == getpid())
    do {
      _ = try RunLock(directory: dir)
      Issue.record("a second lock was granted")
    } catch let error as RunLockError {
      #expect(error.holder == getpid())
      #expect(error.description.contains("the run is being trained by process \(getpid())"))
      #expect(error.description.contains("dsr train --resume \(dir)"))
    }
    first.release()
    #expect(RunLock.holder(of: dir) == nil)
    let second = try RunLock(directory: dir)
    #expect(RunLock.holder(of: dir) == getpid())
    second.release()
  }

  @Test("a directory that cannot be created is an error naming it")
  func unwritable() throws {
    let file = try scratchDirectory("runlock-file").appendingPathComponent("plain").path
    FileManager.default.createFile(atPath: file, contents: Data())
    #expect(throws: RunLockError.self) { try RunLock(directory: file + "/001") }
  }
}
