import DSRData
import Foundation
import Testing

/// Failed writes are errors naming the file and the system's reason, and leave what was there.
@Suite struct AtomicFileTests {
  let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-atomicfile-tests-\(getpid())")

  @Test("a full disk (/dev/full behind a symlink, a user's --out) names the file and 'No space left on device'; a device is written in place, never replaced; dsr's own files never go through the link")
  func fullDisk() throws {
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let link = scratch.appendingPathComponent("metrics.jsonl").path
    try? FileManager.default.removeItem(atPath: link)
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/full")
    #expect(throws: DataFileError.unwritable(link, code: ENOSPC)) { try AtomicFile.write(Data("{}".utf8), to: link, streams: true) }
    // Issue 26 item 4: appends and run files never write through a link or into a device.
    #expect(throws: DataFileError(path: link, problem: "is a symbolic link; dsr does not write through links in its own files",
                                  remedy: "remove the link; dsr creates the file itself")) { try AtomicFile.append(Data("{}\n".utf8), to: link) }
    #expect(throws: DataFileError(path: link, problem: "is not a regular file (a character device)", remedy: "dsr writes only regular files here; move it away")) {
      try AtomicFile.write(Data("{}".utf8), to: link)
    }
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/dev/full", "the device is not replaced by a file")
    #expect(DataFileError.unwritable(link, code: ENOSPC).description.contains("cannot be written (No space left on device)"))
  }

  @Test("a file where a folder should be: the error says so, and the file is unchanged")
  func fileForFolder() throws {
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let file = scratch.appendingPathComponent("plain").path
    try Data("keep".utf8).write(to: URL(fileURLWithPath: file))
    #expect(throws: DataFileError.unwritable(file + "/x.json", code: ENOTDIR)) { try AtomicFile.write(Data("{}".utf8), to: file + "/x.json") }
    #expect(throws: DataFileError.self) { try AtomicFile.createDirectory(file + "/sub") }
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep")
    // Appending works and adds whole lines.
    try AtomicFile.append(Data("\nmore".utf8), to: file)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep\nmore")
  }
}
