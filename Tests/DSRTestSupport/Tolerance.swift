import DSRTensor
import Foundation
import Testing

/// Expects `|actual − expected| ≤ atol + rtol·|expected|` element-wise, reporting the worst element
/// at the caller's source location.
public func expectClose<S: BLASScalar>(
  _ actual: Tensor<S>, _ expected: Tensor<S>, atol: S = 0, rtol: S = 0,
  _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.shape == expected.shape else {
    Issue.record(
      "shape \(actual.shape) ≠ expected \(expected.shape)\(comment.map { " — \($0)" } ?? "")",
      sourceLocation: sourceLocation)
    return
  }
  var worst: (index: Int, excess: S)? = nil
  for i in 0..<actual.count {
    let (a, e) = (actual.scalars[i], expected.scalars[i])
    let allowed = atol + rtol * Swift.abs(e)
    let diff = Swift.abs(a - e)
    if !(diff <= allowed) {
      let excess = diff.isNaN ? S.infinity : diff - allowed
      if worst == nil || excess > worst!.excess { worst = (i, excess) }
    }
  }
  if let w = worst {
    Issue.record(
      "element \(w.index): \(actual.scalars[w.index]) vs expected \(expected.scalars[w.index]) (atol \(atol), rtol \(rtol))\(comment.map { " — \($0)" } ?? "")",
      sourceLocation: sourceLocation)
  }
}

/// Scalar version of ``expectClose(_:_:atol:rtol:_:sourceLocation:)``.
public func expectClose<S: BLASScalar>(
  _ actual: S, _ expected: S, atol: S = 0, rtol: S = 0, _ comment: Comment? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectClose(Tensor(actual), Tensor(expected), atol: atol, rtol: rtol, comment, sourceLocation: sourceLocation)
}

/// The directory `Fixtures` beside the calling test file.
public func fixturesDirectory(filePath: String = #filePath) -> URL {
  URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
}

/// The repository root (the directory holding Package.swift), found from a test file's path.
public func repositoryRoot(filePath: String = #filePath) -> URL {
  var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
  while url.path != "/" {
    if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    url.deleteLastPathComponent()
  }
  fatalError("repositoryRoot: no Package.swift above \(filePath)")
}
