import DSRData
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

@Suite struct CSVTests {

  /// The table numpy wrote with savetxt (values_for((5, 3)) in the generator).
  var table: Tensor<Double> {
    let n = 15
    let v = (0..<n).map { i -> Double in (Double(i) * 0.37 - 1.25) * (1 + Double(i % 3)) }
    return Tensor(shape: [5, 3], scalars: v)
  }

  @Test func readsWithHeader() throws {
    let t = try CSV.read(fixture("table_header.csv"))
    #expect(t.header == ["x", "y", "z"])
    expectClose(t.matrix, table, atol: 1e-15)
  }

  @Test func readsWithoutHeader() throws {
    let t = try CSV.read(fixture("table_plain.csv"))
    #expect(t.header == nil)
    expectClose(t.matrix, table, atol: 1e-15)
  }

  @Test func readsWhitespaceSeparated() throws {
    expectClose(try CSV.read(fixture("table_spaces.txt")).matrix, table, atol: 1e-15)
  }

  @Test func matrixFileDispatchesOnExtension() throws {
    let fromCSV: Tensor<Float> = try MatrixFile.read(fixture("table_header.csv"))
    #expect(fromCSV.shape == [5, 3])
    let fromNPY: Tensor<Double> = try MatrixFile.read(fixture("le_f4_r1_C.npy"))
    #expect(fromNPY.shape == [5, 1])
    #expect(throws: DataFileError.self) { try MatrixFile.read(fixture("nan_values.npy"), as: Double.self) }
    #expect(throws: DataFileError.self) { try MatrixFile.read(fixture("manifest.json"), as: Double.self) }
  }

  @Test func raggedRowsNameTheLine() {
    #expect(throws: DataFileError(path: fixture("table_ragged.csv"), problem: "line 2 has 2 fields, expected 3", remedy: "every row needs the same number of columns")) {
      try CSV.read(fixture("table_ragged.csv"))
    }
  }

  @Test func textFieldNamesLineAndColumn() {
    #expect(throws: DataFileError(path: fixture("table_text.csv"), problem: "line 3, column 2: 'oops' is not a number")) {
      try CSV.read(fixture("table_text.csv"))
    }
  }

  @Test func nonFiniteRejectedWhenRequired() throws {
    let parsed = try CSV.parse("1,nan\n2,3\n", path: "x.csv")
    #expect(parsed.matrix.scalars[1].isNaN)
    #expect(throws: DataFileError.self) { try CSV.parse("1,nan\n2,3\n", path: "x.csv", requireFinite: true) }
  }
}
