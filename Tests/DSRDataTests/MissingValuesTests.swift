import DSRData
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

/// Missing values (NaN) in training data: loading, the gap figures, standardisation and the
/// sampling check against numpy (Tests/generate_gap_fixtures.py).
@Suite("Missing values: NaN in trajectories")
struct MissingValuesTests {
  func gappyA() throws -> Tensor<Double> { try MatrixFile.read(fixture("gappy_a.npy"), allowingMissing: true) }

  @Test("NaN loads as a missing value from .npy and from empty CSV fields; strict reads still refuse it")
  func loading() throws {
    let npy = try gappyA()
    #expect(npy.shape == [120, 3])
    #expect((0..<3).allSatisfy { npy.scalars[10 * 3 + $0].isNaN } && npy.scalars[70 * 3 + 1].isNaN && !npy.scalars[70 * 3].isNaN)
    let csv = try CSV.read(fixture("gappy_a.csv"), requireFinite: true, allowingMissing: true)
    #expect(csv.header == ["x", "y", "z"])
    #expect(csv.matrix.shape == [120, 3])
    for (u, v) in zip(csv.matrix.scalars, npy.scalars) { #expect(u == v || (u.isNaN && v.isNaN)) }
    // A first line with an empty field is data, not a header.
    let plain = try CSV.parse("1,,3\n4,5,6\n", path: "x.csv", requireFinite: true, allowingMissing: true)
    #expect(plain.header == nil && plain.matrix.shape == [2, 3] && plain.matrix.scalars[1].isNaN)
    #expect(try CSV.parse("1,nan\n2,3\n", path: "x.csv", requireFinite: true, allowingMissing: true).matrix.scalars[1].isNaN)
    let strict = #expect(throws: DataFileError.self) { try MatrixFile.read(fixture("gappy_a.npy"), as: Double.self) }
    #expect(strict?.description.contains("non-finite value (nan) at row 10, column 0") == true)
    let empty = #expect(throws: DataFileError.self) { try CSV.parse("1,,3\n", path: "x.csv", requireFinite: true) }
    #expect(empty?.description.contains("an empty field") == true)
  }

  @Test("±∞ is refused with its position even where NaN is a missing value")
  func infinityRefused() throws {
    let npy = #expect(throws: DataFileError.self) { try MatrixFile.read(fixture("inf_values.npy"), as: Double.self, allowingMissing: true) }
    #expect(npy?.description.contains("infinite value (inf) at row 1, column 0") == true)
    let csv = #expect(throws: DataFileError.self) { try CSV.parse("1,2\n3,-inf\n", path: "x.csv", requireFinite: true, allowingMissing: true) }
    #expect(csv?.description.contains("line 2, column 2 holds an infinite value (-inf)") == true)
  }

  @Test("MissingRows: a partial row counts as missing; gaps, stretches and complete windows")
  func missingRows() throws {
    let m = MissingRows(try gappyA())
    #expect(m.gaps == [10..<11, 40..<46, 70..<71])
    #expect(m.count == 8 && m.longestGap == 6)
    #expect(m.stretches == [0..<10, 11..<40, 46..<70, 71..<120])
    #expect(m.longestStretch == 71..<120 && m.firstCompleteRow == 0)
    let starts = m.completeWindowStarts(rows: 25)
    #expect(starts == Array(11...15) + Array(71...95))
    #expect(m.completeWindowStarts(rows: 50).isEmpty)
    let b = MissingRows(try MatrixFile.read(fixture("gappy_b.npy"), as: Double.self, allowingMissing: true))
    #expect(b.gaps == [0..<1, 50..<53] && b.firstCompleteRow == 1)
    let complete = MissingRows(Tensor<Double>(shape: [4, 2], scalars: Array(repeating: 1, count: 8)))
    #expect(complete.isEmpty && complete.completeWindowStarts(rows: 2) == [0, 1, 2] && complete.longestStretch == 0..<4)
    let none = MissingRows(Tensor<Double>(shape: [2, 1], scalars: [.nan, .nan]))
    #expect(none.longestStretch == nil && none.firstCompleteRow == nil && none.stretches.isEmpty)
  }

  @Test("standardisation ignores NaN per column: numpy's nanmean and nanstd; missing values stay NaN")
  func standardization() throws {
    let data = try Dataset<Double>.load(paths: [fixture("gappy_a.npy"), fixture("gappy_b.npy")], allowingMissing: true)
    let expected: Tensor<Double> = try MatrixFile.read(fixture("gappy_stats.npy"))
    let s = try Standardization.fit(data)
    expectClose(Tensor(shape: [2, 3], scalars: s.mean + s.std), expected, rtol: 1e-13)
    let z = try s.apply(to: data).trajectories[0]
    #expect(z.scalars[10 * 3].isNaN && z.scalars[70 * 3 + 1].isNaN && z.scalars[70 * 3].isFinite)
    // A column without any value is refused by name.
    let blank = try Dataset(trajectories: [Tensor<Double>(shape: [3, 2], scalars: [1, .nan, 2, .nan, 3, .nan])], sources: ["blank.npy"])
    let error = #expect(throws: DataFileError.self) { try Standardization.checkColumns(of: blank) }
    #expect(error?.description.contains("blank.npy") == true && error?.description.contains("column 1 (0-based) has no values") == true)
  }

  @Test("sampling check: lag-1 autocorrelation with the gaps ignored, as numpy computes it; periods stay defined")
  func samplingCheck() throws {
    let check = SamplingCheck(try gappyA())
    let expected: Tensor<Double> = try MatrixFile.read(fixture("gappy_lag1.npy"))
    expectClose(Tensor(shape: [3, 1], scalars: check.autocorrelations), expected, rtol: 1e-12)
    #expect(check.periods.allSatisfy { $0 != nil && $0!.isFinite })
    #expect(Swift.abs(check.periods[0]! - 24) < 1.5, "the sine's period of 25 samples")
  }

  @Test(".npz: each array one trajectory, in archive order (not name order), sources naming the member")
  func npz() throws {
    let a = try gappyA()
    let stored = try Dataset<Double>.load(paths: [fixture("gappy_ab.npz")], allowingMissing: true)
    #expect(stored.trajectories.map(\.shape) == [[120, 3], [80, 3]])
    #expect(stored.sources == [fixture("gappy_ab.npz") + ":arr_0", fixture("gappy_ab.npz") + ":arr_1"])
    let named = try Dataset<Double>.load(paths: [fixture("gappy_named.npz")], allowingMissing: true)
    #expect(named.sources.map { $0.split(separator: ":").last! } == ["zeta", "alpha"])
    #expect(named.trajectories[0].shape == [120, 3])
    for (u, v) in zip(named.trajectories[0].scalars, a.scalars) { #expect(u == v || (u.isNaN && v.isNaN)) }
    #expect(named.firstCompleteRow! == (0, 0))
    // Without allowingMissing the member holding NaN is named.
    let error = #expect(throws: DataFileError.self) { try Dataset<Double>.load(paths: [fixture("gappy_named.npz")]) }
    #expect(error?.description.contains("gappy_named.npz:zeta.npy") == true)
  }

  @Test("inputs must be complete even when trajectories may have gaps")
  func inputsComplete() throws {
    let error = #expect(throws: DataFileError.self) {
      try Dataset<Double>.load(paths: [fixture("gappy_b.npy")], inputPaths: [fixture("gappy_b.npy")], allowingMissing: true)
    }
    #expect(error?.description.contains("non-finite value (nan)") == true)
  }

  @Test("the first complete row of a data set skips incomplete rows and empty trajectories")
  func firstCompleteRow() throws {
    let empty = Tensor<Double>(shape: [2, 1], scalars: [.nan, .nan])
    let late = Tensor<Double>(shape: [3, 1], scalars: [.nan, 4, 5])
    let data = try Dataset(trajectories: [empty, late])
    #expect(data.firstCompleteRow! == (1, 1))
    #expect(try Dataset(trajectories: [empty]).firstCompleteRow == nil)
  }
}
