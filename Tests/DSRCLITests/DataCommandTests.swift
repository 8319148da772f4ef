import DSRTestSupport
import Foundation
import Testing

@Suite("dsr data")
struct DataCommandTests {
  let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-data-tests-\(getpid())")

  func path(_ name: String) throws -> String {
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    return scratch.appendingPathComponent(name).path
  }

  func info(_ file: String) throws -> [String: Any] {
    let r = try DSRProcess.run(["data", "info", file, "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
  }

  @Test("generate: a standardized Lorenz-63 file with the asked shape; the same seed gives the same bytes")
  func generate() throws {
    let out = try path("l63.npy")
    let r = try DSRProcess.run(["data", "generate", "lorenz63", "--steps", "2000", "--dt", "0.01", "--noise", "0.05", "--standardize", "--out", out])
    #expect(r.status == 0, "\(r.stderr)")
    let summary = try info(out)
    #expect(summary["rows"] as? Int == 2000 && summary["columns"] as? Int == 3 && summary["dtype"] as? String == "<f4")
    for column in summary["per_column"] as! [[String: Double]] {
      #expect(Swift.abs(column["mean"]!) < 1e-5 && Swift.abs(column["std"]! - 1) < 1e-5)
    }
    let again = try path("l63b.npy")
    _ = try DSRProcess.run(["data", "generate", "lorenz63", "--steps", "2000", "--dt", "0.01", "--noise", "0.05", "--standardize", "--out", again])
    #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: again)))
    // A map with an overridden parameter, in float64.
    let henon = try path("henon.npy")
    #expect(try DSRProcess.run(["data", "generate", "henon", "--steps", "500", "--param", "a=1.2", "--dtype", "f8", "--out", henon]).status == 0)
    let h = try info(henon)
    #expect(h["rows"] as? Int == 500 && h["columns"] as? Int == 2 && h["dtype"] as? String == "<f8")
  }

  @Test("list shows every system with λ; bad systems, parameters and files are named")
  func listAndErrors() throws {
    let list = try DSRProcess.run(["data", "list"])
    for name in ["lorenz63", "rossler", "lorenz96", "chen", "aizawa", "rabinovich_fabrikant", "duffing", "henon", "logistic"] {
      #expect(list.stdout.contains(name))
    }
    #expect(list.stdout.contains("0.906"))
    let bad = try DSRProcess.run(["data", "generate", "lorenz", "--steps", "10", "--out", try path("x.npy")])
    #expect(bad.status != 0 && bad.stderr.contains("lorenz63"))
    let param = try DSRProcess.run(["data", "generate", "rossler", "--steps", "10", "--param", "d=1", "--out", try path("x.npy")])
    #expect(param.status != 0 && param.stderr.contains("a, b, c"))
    let missing = try DSRProcess.run(["data", "info", try path("nothing.npy")])
    #expect(missing.status != 0 && missing.stderr.contains("nothing.npy"))
    #expect(!FileManager.default.fileExists(atPath: try path("x.npy")), "nothing is written on error")
  }

  @Test("floor: the halves of a file (⌊T/2⌋ rows each); two files give exactly `dsr measure`'s numbers")
  func floor() throws {
    let test = fixturesDirectory().appendingPathComponent("lorenz63_test_small.npy").path
    let r = try DSRProcess.run(["data", "floor", test, "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let halves = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    #expect(halves["dh_length"] as? Int == 1000 && halves["dstsp_method"] as? String == "binned")
    let train = fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path
    let pair = try DSRProcess.run(["data", "floor", test, train, "--json"])
    let measured = try DSRProcess.run(["measure", "--true", test, "--generated", train, "--json"])
    #expect(pair.stdout == measured.stdout)
    #expect((halves["dstsp"] as? Double ?? -1) > 0)
  }
}
