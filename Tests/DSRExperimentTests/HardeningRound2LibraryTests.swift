import DSRData
@testable import DSRExperiment
import DSRMeasures
import DSRTensor
import Foundation
import Testing

/// Issue 26 items 2–6 and 12 at the library level: the `--out` guard, the allocation estimate,
/// the run lock that cannot be swapped, the data fingerprint, the ETA.
@Suite("hardening round 2: library guards")
struct HardeningRound2LibraryTests {
  let root: URL

  init() throws {
    root = try scratchDirectory("hardening2-library")
  }

  func path(_ name: String) -> String { root.appendingPathComponent(name).path }

  func write(_ name: String, _ text: String = "x", mode: Int = 0o644) throws {
    try? FileManager.default.removeItem(atPath: path(name))
    try text.write(toFile: path(name), atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path(name))
  }

  /// The problem of the refusal of `out`, or nil when it may be written.
  func refusal(_ out: String, reading inputs: [String] = [], force: Bool = false) -> String? {
    do {
      try OutputFile.check(out, reading: inputs, force: force)
      return nil
    } catch let error as DataFileError {
      return error.problem
    } catch {
      return "\(error)"
    }
  }

  @Test("OutputFile: inputs (by inode), a run's own files, .grid, read-only, directories and existing files without --force are refused")
  func outputGuard() throws {
    try write("input.npy")
    try FileManager.default.createSymbolicLink(atPath: path("alias.npy"), withDestinationPath: path("input.npy"))
    #expect(refusal(path("input.npy"), reading: [path("input.npy")], force: true)?.contains("is an input") == true)
    #expect(refusal(root.path + "/./input.npy", reading: [path("input.npy")], force: true)?.contains("is an input") == true)
    #expect(refusal(path("alias.npy"), reading: [path("input.npy")], force: true)?.contains("is an input") == true)
    // A run directory's own files, existing or not, also through a link to them.
    let run = root.appendingPathComponent("run")
    try FileManager.default.createDirectory(at: run.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
    try "{}".write(to: run.appendingPathComponent("config.json"), atomically: false, encoding: .utf8)
    for name in ["config.json", "model.json", "metrics.jsonl", "lock", "embedding.json", "data_fingerprint.json", "checkpoints/latest.json", "checkpoints/new.json"] {
      #expect(refusal(run.appendingPathComponent(name).path, force: true)?.contains("is a file dsr keeps in") == true, "\(name)")
    }
    try FileManager.default.createSymbolicLink(atPath: path("config-alias.json"), withDestinationPath: run.appendingPathComponent("config.json").path)
    #expect(refusal(path("config-alias.json"), force: true)?.contains("is a file dsr keeps in") == true)
    #expect(refusal(run.appendingPathComponent("export.tex").path) == nil, "a new file beside the run's own may be written")
    #expect(refusal(root.appendingPathComponent("exp/.grid/tasks/1.json").path, force: true)?.contains("is a file dsr keeps in") == true)
    // A folder with config.json alone (e.g. Configs/) is not a run directory.
    let configs = root.appendingPathComponent("configs")
    try FileManager.default.createDirectory(at: configs, withIntermediateDirectories: true)
    try "{}".write(to: configs.appendingPathComponent("config.json"), atomically: false, encoding: .utf8)
    #expect(refusal(configs.appendingPathComponent("config.json").path, force: true) == nil)
    // Read-only, directories, existing files.
    try write("ro.txt", mode: 0o444)
    #expect(refusal(path("ro.txt"), force: true)?.contains("is read-only (mode 444)") == true)
    #expect(refusal(root.path, force: true) == "is a directory")
    try write("mine.txt")
    #expect(refusal(path("mine.txt")) == "already exists")
    #expect(refusal(path("mine.txt"), force: true) == nil)
    #expect(refusal(path("new.txt")) == nil)
    #expect(refusal("/dev/null") == nil, "a stream is written in place")
    try FileManager.default.createSymbolicLink(atPath: path("dangling.txt"), withDestinationPath: path("nowhere/x"))
    #expect(refusal(path("dangling.txt")) == nil, "a dangling link is replaced, not followed")
  }

  @Test("AllocationEstimate: refuses above 80 % of memory naming the option, the figures and the largest count that fits")
  func allocation() throws {
    let physical = 1e9
    let largest = AllocationEstimate.largestCount(bytesEach: 100, physical: physical)
    #expect(largest == 7_500_000)
    try AllocationEstimate.check(largest, bytesEach: 100, option: "--steps", purpose: "p", physical: physical)
    #expect(throws: UsageError("--steps 7500001: p would need about 0.8 GB and this machine has 1.0 GB; give --steps 7500000 or less")) {
      try AllocationEstimate.check(largest + 1, bytesEach: 100, option: "--steps", purpose: "p", physical: physical)
    }
    #expect(throws: UsageError.self) { try AllocationEstimate.check(Int.max, bytesEach: 1e6, option: "--steps", purpose: "p") }
  }

  @Test("RunLock: deleting the lock file while it is held does not let a second holder in; a planted link is refused, never written")
  func lockCannotBeSwapped() throws {
    let dir = path("locked/001")
    let first = try RunLock(directory: dir)
    try FileManager.default.removeItem(atPath: RunLock.file(in: dir))
    #expect(RunLock.holder(of: dir) == 0, "held, its PID unknown")
    #expect(throws: RunLockError.self) { _ = try RunLock(directory: dir) }
    do { _ = try RunLock(directory: dir) } catch let error as RunLockError {
      #expect(error.description.contains("another process is training this run"))
    }
    first.release()
    #expect(RunLock.holder(of: dir) == nil)
    // A link planted as the lock file.
    let other = path("planted/001")
    try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
    try write("victim.txt", "victim\n")
    try FileManager.default.createSymbolicLink(atPath: RunLock.file(in: other), withDestinationPath: path("victim.txt"))
    #expect(throws: RunLockError.self) { _ = try RunLock(directory: other) }
    #expect(try String(contentsOfFile: path("victim.txt"), encoding: .utf8) == "victim\n")
  }

  @Test("the ETA: hh:mm:ss below 100 h, then days, then years; never negative")
  func eta() {
    #expect(Progress.duration(0) == "00:00:00")
    #expect(Progress.duration(3723) == "01:02:03")
    #expect(Progress.duration(359_999) == "99:59:59")
    #expect(Progress.duration(10_000_000) == "116 days")
    #expect(Progress.duration(1e18) == "3.2e+10 years")
    #expect(Progress.duration(.infinity) == "unknown")
    #expect(Progress.duration(-1) == "unknown")
  }

  @Test("a D_stsp that is NaN because of too many bins (the run's D_stsp_bins on short test data) says so, not 'no generated point lies in the range'")
  func binNote() {
    var rng = RandomGenerator(seed: 3)
    let x = Tensor<Double>.normal(shape: [300, 5], using: &rng)
    #expect(StateSpaceDivergence.binned(true: x, generated: x, bins: 40).isNaN)
    #expect(UndefinedMeasure.stateSpace(true: x, generated: x, method: .binned(bins: 40))?.contains("40^5") == true)
    #expect(UndefinedMeasure.stateSpace(true: x, generated: x + 100, method: .binned(bins: 10))?.contains("no generated point") == true)
  }

  @Test("DataFingerprint: the values count, not the path; a changed value, shape or trajectory count is named")
  func fingerprint() throws {
    let x = Tensor<Double>(shape: [3, 2], scalars: [1, 2, 3, .nan, 5, 6])
    let a = DataFingerprint(try Dataset(trajectories: [x], sources: ["a.npy"]), inputSources: [])
    let b = DataFingerprint(try Dataset(trajectories: [x], sources: ["elsewhere/b.csv"]), inputSources: [])
    #expect(a.difference(from: b) == nil)
    var y = x
    y.scalars[0] = 1.0000001
    let c = DataFingerprint(try Dataset(trajectories: [y], sources: ["a.npy"]), inputSources: [])
    #expect(a.difference(from: c)?.contains("its training data changed: it was trained on a.npy (3 × 2") == true)
    let d = DataFingerprint(try Dataset(trajectories: [x, x], sources: ["a.npy", "a2.npy"]), inputSources: [])
    #expect(a.difference(from: d) == "the run was trained on 1 trajectory of training data, now 2 are given")
  }
}
