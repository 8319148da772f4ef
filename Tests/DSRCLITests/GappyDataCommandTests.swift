import DSRTestSupport
import Foundation
import Testing

/// Recordings with missing values end to end (fixtures from Tests/generate_gap_fixtures.py):
/// `lorenz63_gappy_small.npy` (2000 × 3, its first two rows, dropped samples, a lost stretch of
/// 40 rows and single channels missing) and `lorenz63_gappy_two.npz` (two gappy recordings of
/// 1200 and 900 rows).
@Suite("dsr on data with gaps", .serialized)
struct GappyDataCommandTests {
  let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-gappy-tests-\(getpid())")

  func fixture(_ name: String) -> String { fixturesDirectory().appendingPathComponent(name).path }

  func train(_ data: String, results: String, _ extra: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
    let settings = ["results_directory=\(scratch.appendingPathComponent(results).path)", "hidden_dim=8", "sequence_length=20",
                    "batches_per_epoch=5", "epochs=12", "scalar_saving_interval=4", "gtf_alpha=0.2"] + extra
    return try DSRProcess.run(["train", "--data", fixture(data)] + settings.flatMap { ["--set", $0] })
  }

  /// The monitoring records of metrics.jsonl.
  func records(_ run: URL) throws -> [[String: Any]] {
    try String(contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
      .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
      .filter { $0["event"] == nil }
  }

  @Test("dsr train --data gappy.npy trains: finite losses that fall, a model, the monitor running from the first complete row")
  func trainsOnGappyFile() throws {
    let r = try train("lorenz63_gappy_small.npy", results: "npy")
    #expect(r.status == 0, "\(r.stderr)")
    let run = scratch.appendingPathComponent("npy/data/lorenz63_gappy_small/001")
    let monitored = try records(run)
    #expect(monitored.map { $0["epoch"] as? Int } == [4, 8, 12])
    let losses = monitored.compactMap { $0["epoch_mean_loss"] as? Double }
    try #require(losses.count == 3 && losses.allSatisfy(\.isFinite), "\(monitored)")
    #expect(losses[2] < losses[0], "the epoch loss falls: \(losses)")
    #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("model.json").path))
    // The free runs of the monitor, the figure and the verdict start from the first complete row
    // (row 2): the clipped shallow PLRNN then stays finite (from row 0, NaN, it would not). The
    // measures against the gappy truth are the measures module's business.
    #expect(r.stdout.contains("Verdict: free runs from 5 points spread over the training data"), "\(r.stdout)")
    let verdict = try String(contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
      .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }.first { $0["event"] as? String == "verdict" }
    #expect(verdict?["orbit"] as? String != nil && verdict?["orbit"] as? String != "divergent", "\(String(describing: verdict))")
    let figure = try String(contentsOf: run.appendingPathComponent("plots/generated_12.svg"), encoding: .utf8)
    #expect(figure.contains("free run from the first complete training point") && !figure.contains("became non-finite"))
  }

  @Test("an .npz of two recordings of different lengths trains as two trajectories")
  func trainsOnArchive() throws {
    let r = try train("lorenz63_gappy_two.npz", results: "npz")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("2 trajectories, N = 3"), "\(r.stdout)")
    let run = scratch.appendingPathComponent("npz/data/lorenz63_gappy_two/001")
    #expect(try records(run).compactMap { $0["epoch_mean_loss"] as? Double }.allSatisfy(\.isFinite))
  }

  @Test("windows bridge short gaps (sequence_length 800 over gaps of 1, 2 and 20 rows trains); long gaps in every window are refused naming the file, the rule and the fix")
  func windowsAcrossGaps() throws {
    // lorenz63_gappy_two.npz: gaps of 2 and 1 rows (arr_0) and of 1 and 20 rows (arr_1), all ≤ ⌊800/10⌋.
    let bridged = try train("lorenz63_gappy_two.npz", results: "long", ["sequence_length=800", "epochs=4"])
    #expect(bridged.status == 0, "\(bridged.stderr)")
    // 300 rows with gaps of 30 rows after every 60: every window of 101 rows holds a whole gap (> 10 rows).
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let csv = scratch.appendingPathComponent("gaps30.csv")
    let rows = (0..<300).map { r in r % 90 >= 60 ? "nan,nan" : "\(sin(0.3 * Double(r))),\(cos(0.3 * Double(r)))" }
    try rows.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
    let r = try DSRProcess.run(["train", "--data", csv.path, "--set", "results_directory=\(scratch.appendingPathComponent("refused").path)",
                                "--set", "sequence_length=100", "--set", "epochs=2"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("sequence_length") && r.stderr.contains("gaps30.csv"), "\(r.stderr)")
    #expect(r.stderr.contains("no gap (missing values, NaN) longer than 10 rows"), "\(r.stderr)")
    #expect(r.stderr.contains("longest complete stretch is 60 rows (rows 0–59 of"), "\(r.stderr)")
    #expect(r.stderr.contains("choose sequence_length ≤ 59"), "\(r.stderr)")
  }

  @Test("dsr inspect reports the gaps; ±∞ is still refused with its position")
  func inspect() throws {
    let r = try DSRProcess.run(["inspect", fixture("lorenz63_gappy_small.npy")])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("gaps: 6 gaps of missing values (NaN), 49 of 2000 rows missing"), "\(r.stdout)")
    #expect(r.stdout.contains("longest gap 40 rows (rows 500–539)"), "\(r.stdout)")
    #expect(r.stdout.contains("longest complete stretch 497 rows (rows 1503–1999)"), "\(r.stdout)")
    #expect(!r.stdout.contains(" nan"), "the statistics leave the missing values out: \(r.stdout)")
    let inf = scratch.appendingPathComponent("inf.csv")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    try "1,2\n3,inf\n4,5\n".write(to: inf, atomically: true, encoding: .utf8)
    let refused = try DSRProcess.run(["inspect", inf.path])
    #expect(refused.status != 0 && refused.stderr.contains("line 2, column 2 holds an infinite value (inf)"), "\(refused.stderr)")
  }
}
