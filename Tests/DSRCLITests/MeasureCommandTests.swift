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
}
