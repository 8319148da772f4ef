import DSRTestSupport
import Foundation
import Testing

@Suite("dsr measure")
struct MeasureCommandTests {
  @Test("reproduces the benchmarks.md floor: noisy Lorenz-63 training set vs test set, D_stsp 0.69, D_H 0.070")
  func floor() throws {
    let r = try DSRProcess.run([
      "measure", "--true", "Datasets/lorenz63_noise0.05_train.npy", "--generated", "Datasets/lorenz63_test.npy", "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    #expect(object["dstsp_method"] as? String == "binned")
    expectClose(object["dstsp"] as! Double, 0.69, atol: 0.005)
    expectClose(object["dh"] as! Double, 0.070, atol: 0.001)
  }

  @Test("identical trajectories give 0; conflicting options and bad files are refused")
  func identicalAndErrors() throws {
    let small = "Tests/DSRDataTests/Fixtures/table_plain.csv"
    let same = try DSRProcess.run(["measure", "--true", small, "--generated", small, "--bins", "10", "--smoothing", "0"])
    #expect(same.status == 0 && same.stdout.contains("D_stsp (binned, 10 bins): 0.0000") && same.stdout.contains("): 0.0000"))
    let both = try DSRProcess.run(["measure", "--true", "a.npy", "--generated", "b.npy", "--bins", "3", "--gmm-scaling", "1"])
    #expect(both.status != 0 && both.stderr.contains("not both"))
    let missing = try DSRProcess.run(["measure", "--true", "nope.npy", "--generated", "Datasets/lorenz63_test.npy"])
    #expect(missing.status == 1 && missing.stderr.contains("nope.npy: no such file"))
  }

  @Test("a NaN is printed with its reason: a constant generated coordinate has no spectrum")
  func nanWithReason() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-measure-tests-\(getpid())")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    var rows: [String] = []
    for t in 0..<500 { rows.append("\(sin(0.3 * Double(t))),2.5,\(cos(0.2 * Double(t)))") }
    let flat = scratch.appendingPathComponent("flat.csv").path
    try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: flat))
    let small = fixturesDirectory().appendingPathComponent("lorenz63_test_small.npy").path
    let text = try DSRProcess.run(["measure", "--true", small, "--generated", flat, "--bins", "5"])
    #expect(text.status == 0 && text.stdout.contains("NaN (generated coordinate 2 is constant: it has no spectrum)"), "\(text.stdout)\(text.stderr)")
    #expect(!text.stdout.contains("nan"))
    let json = try DSRProcess.run(["measure", "--true", small, "--generated", flat, "--bins", "5", "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    #expect(object["dh"] is NSNull && object["dh_note"] as? String == "generated coordinate 2 is constant: it has no spectrum")
  }
}
