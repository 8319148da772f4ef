import DSRData
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

@Suite("Standardization: z-scoring with the training data's mean and std")
struct StandardizationTests {
  /// Two trajectories in natural units (Lorenz-like offsets and scales), 3 columns.
  func naturalUnits() throws -> Dataset<Double> {
    var rng = RandomGenerator(seed: 3)
    let a = Tensor<Double>(shape: [200, 3], scalars: (0..<600).map { i in [20.0, -3.0, 0.5][i % 3] + [8.0, 9.0, 0.01][i % 3] * rng.normal() })
    let b = Tensor<Double>(shape: [100, 3], scalars: (0..<300).map { i in [24.0, 1.0, 0.4][i % 3] + [7.0, 8.0, 0.02][i % 3] * rng.normal() })
    return try Dataset(trajectories: [a, b], sources: ["a.npy", "b.npy"])
  }

  @Test("fit: mean and population std of all trajectories together; the fitted data has mean 0 and std 1")
  func fit() throws {
    let data = try naturalUnits()
    let s = try Standardization.fit(data)
    let all = Tensor.concatenated(data.trajectories, alongAxis: 0)
    #expect(zip(s.mean, all.mean(alongAxis: 0).scalars).allSatisfy { Swift.abs($0 - $1) < 1e-12 * Swift.max(1, Swift.abs($1)) })
    #expect(zip(s.std, all.standardDeviation(alongAxis: 0).scalars).allSatisfy { Swift.abs($0 - $1) < 1e-12 * $1 })
    let z = Tensor.concatenated(try s.apply(to: data).trajectories, alongAxis: 0)
    for j in 0..<3 {
      let column = z.columns(j..<(j + 1))
      #expect(Swift.abs(column.mean()) < 1e-12)
      #expect(Swift.abs(column.standardDeviation(alongAxis: 0).scalars[0] - 1) < 1e-12)
    }
  }

  @Test("data near the top of Double's range: the statistics do not overflow and scale with the data")
  func hugeValues() throws {
    let data = try naturalUnits()
    let plain = Standardization.statistics(of: data.trajectories)
    let huge = Standardization.statistics(of: data.trajectories.map { $0 * 1e300 })
    #expect(huge.mean.allSatisfy(\.isFinite) && huge.std.allSatisfy(\.isFinite))
    for j in 0..<3 {
      #expect(Swift.abs(huge.mean[j] / 1e300 - plain.mean[j]) < 1e-10 * Swift.max(1, Swift.abs(plain.mean[j])))
      #expect(Swift.abs(huge.std[j] / 1e300 - plain.std[j]) < 1e-10 * plain.std[j])
    }
  }

  @Test("round trip: invert(apply(x)) == x to rounding, in Float and Double; identity changes nothing")
  func roundTrip() throws {
    let data = try naturalUnits()
    let s = try Standardization.fit(data)
    let x = data.trajectories[0]
    let back = s.invert(s.apply(x))
    #expect(zip(back.scalars, x.scalars).allSatisfy { Swift.abs($0 - $1) <= 1e-13 * Swift.max(1, Swift.abs($1)) })
    let xf = x.converted(to: Float.self)
    let backf = s.invert(s.apply(xf))
    // Float: z is rounded to float32, so the error scales with std·|z| + |mean| (a few ulps).
    for (i, (b, v)) in zip(backf.scalars, xf.scalars).enumerated() {
      let j = i % 3
      #expect(Double(Swift.abs(b - v)) <= 4e-7 * (Double(Swift.abs(v)) + s.std[j] + Swift.abs(s.mean[j])))
    }
    let identity = Standardization.identity(dimension: 3)
    #expect(identity.isIdentity && identity.apply(x) == x && identity.invert(x) == x)
    #expect(try JSONRoundTrip.roundTrip(s) == s)
    let json = String(decoding: try JSONEncoder().encode(s), as: UTF8.self)
    #expect(json.contains("\"mean\"") && json.contains("\"std\""))
  }

  @Test("already z-scored data comes out unchanged to float precision, the shipped Lorenz-63 test set included")
  func zScoredIsUnchanged() throws {
    let z = try Standardization.fit(naturalUnits()).apply(to: naturalUnits())
    let again = try Standardization.fit(z)
    #expect(again.mean.allSatisfy { Swift.abs($0) < 1e-13 } && again.std.allSatisfy { Swift.abs($0 - 1) < 1e-13 })
    let x = z.trajectories[0]
    #expect(zip(again.apply(x).scalars, x.scalars).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
    // The shipped file was z-scored with the sample std (ddof = 1): T = 1e5 rows change by the
    // factor sqrt(T/(T−1)) ≈ 1 + 5e-6, i.e. by at most ~1.5e-5 at |x| ≤ 3 (float32 spacing there: 2.4e-7).
    let test = try Dataset<Float>.load(paths: [repositoryRoot().appendingPathComponent("Datasets/lorenz63_test.npy").path])
    let s = try Standardization.fit(test)
    #expect(s.mean.allSatisfy { Swift.abs($0) < 1e-6 } && s.std.allSatisfy { Swift.abs($0 - 1) < 1e-5 })
    let mapped = try s.apply(to: test).trajectories[0]
    let worst = zip(mapped.scalars, test.trajectories[0].scalars).map { Swift.abs($0 - $1) }.max()!
    #expect(worst < 2e-5)
  }

  @Test("inputs are not standardised; a column-count mismatch names the file")
  func inputsAndShapes() throws {
    let x = Tensor<Double>(shape: [4, 2], scalars: [1, 10, 2, 20, 3, 30, 4, 40])
    let u = Tensor<Double>(shape: [4, 1], scalars: [100, 200, 300, 400])
    let data = try Dataset(trajectories: [x], inputs: [u], sources: ["x.npy"])
    let mapped = try Standardization.fit(data).apply(to: data)
    #expect(mapped.inputs?[0] == u)
    #expect(mapped.trajectories[0] != x)
    #expect(throws: DataFileError.self) { try Standardization.identity(dimension: 3).apply(to: data) }
    do { _ = try Standardization.identity(dimension: 3).apply(to: data) } catch let e as DataFileError {
      #expect(e.description.hasPrefix("x.npy: has 2 columns"))
    }
  }

  @Test("a constant or nearly constant column is refused, naming the file, the 0-based column and the fix")
  func constantColumns() throws {
    let x = Tensor<Double>(shape: [5, 3], scalars: [1, 7, 0.1, 2, 7, 0.2, 3, 7, 0.3, 4, 7, 0.4, 5, 7, 0.5])
    let data = try Dataset(trajectories: [x], sources: ["rec.csv"])
    #expect(throws: DataFileError.self) { try Standardization.fit(data) }
    do { try Standardization.checkColumns(of: data) } catch let e as DataFileError {
      #expect(e.description.contains("rec.csv: column 1 (0-based) is constant (every value 7)"))
      #expect(e.description.contains("drop the column"))
    }
    // Nearly constant: std 1e-10 around 1000 is below 1e-8 · 1000.
    let y = Tensor<Double>(shape: [4, 2], scalars: [1, 1000, 2, 1000 + 2e-10, 3, 1000, 4, 1000 + 2e-10])
    do { try Standardization.checkColumns(of: try Dataset(trajectories: [y], sources: ["a.npy", ].map { $0 })) } catch let e as DataFileError {
      #expect(e.description.contains("a.npy: column 1 (0-based) is nearly constant"))
    }
    #expect(Standardization.isConstant(mean: 0, std: 0) && Standardization.isConstant(mean: 1e6, std: 1e-3))
    #expect(!Standardization.isConstant(mean: 0, std: 1e-6) && !Standardization.isConstant(mean: 23, std: 8))
    // Constant in one trajectory only is fine: the column varies over the data set.
    let c1 = Tensor<Double>(shape: [3, 1], scalars: [2, 2, 2]), c2 = Tensor<Double>(shape: [3, 1], scalars: [1, 3, 5])
    try Standardization.checkColumns(of: try Dataset(trajectories: [c1, c2]))
  }
}
