import DSRModels
import DSRTensor

/// The context-parroting forecast (Zhang & Gilpin 2025): find the stretch of past data that best
/// matches the most recent motif and copy what followed it.
///
/// The motif is the last D rows (``motifLength``) before the forecast starts, ending on the start
/// row. Candidates are every window of D complete rows followed by at least one complete row, in
/// the library trajectories (e.g. the data a model was trained on) and in the context itself;
/// windows in the context must end before the motif begins (a candidate overlapping the motif
/// would degenerate into persistence). The distance is the sum over the D rows and N columns of
/// squared differences, each column divided by its variance over the library (so every coordinate
/// weighs alike whatever its units). The forecast copies the rows that followed the best candidate
/// (the first of equal distances: library trajectories in order, then the context) until the
/// horizon or the end of that stretch; then the motif is re-formed from the last D rows of context
/// and forecast, and the search repeats.
public struct ContextParroting: Sendable {
  /// D, the motif's number of rows.
  public let motifLength: Int
  /// The library trajectories (T_i × N); rows with NaN are never part of a candidate.
  public let library: [Tensor<Double>]
  /// 1 / the variance of each column over the library's complete rows (nil for an empty
  /// library: then over each forecast's context).
  let weights: [Double]?

  /// Parroting from `library` with motifs of `motifLength` rows.
  ///
  /// An empty library parrots from each forecast's context alone (the zero-shot protocol).
  ///
  /// - Precondition: `motifLength ≥ 1`, every library trajectory is T_i × N with one N.
  public init(library: [Tensor<Double>], motifLength: Int) {
    precondition(motifLength >= 1, "ContextParroting: motifLength ≥ 1")
    precondition(library.allSatisfy { $0.rank == 2 && $0.shape[1] == library[0].shape[1] }, "ContextParroting: T × N trajectories")
    (self.library, self.motifLength) = (library, motifLength)
    weights = library.isEmpty ? nil : Self.inverseVariances(library)
  }

  /// 1 / each column's variance (divisor m) over the m complete rows of `trajectories`
  /// (``CompleteRows/columnMoments(_:)``); 1 for a constant column or fewer than two rows.
  static func inverseVariances(_ trajectories: [Tensor<Double>]) -> [Double] {
    CompleteRows.columnMoments(Tensor.concatenated(trajectories, alongAxis: 0)).map { moments in
      guard moments.count > 1 else { return 1 }
      let variance = moments.sumOfSquares / Double(moments.count)
      return variance > 0 ? 1 / variance : 1
    }
  }

  /// The forecast of `horizon` rows after the last row of `context` (C × N, complete, C ≥ D).
  /// Rows are NaN when no candidate exists (library and context too short).
  public func forecast(context: Tensor<Double>, horizon: Int) -> Tensor<Double> {
    let n = context.shape[1], d = motifLength
    precondition(context.rank == 2 && (library.first.map { $0.shape[1] == n } ?? true) && context.shape[0] >= d && horizon >= 1, "ContextParroting.forecast: C × N context with C ≥ D")
    let c = context.shape[0]
    let weights = self.weights ?? Self.inverseVariances([context])
    // The context as a candidate source: windows ending before the motif, s + D − 1 < C − D.
    let sources = library + [context]
    let candidates: [[Bool]] = sources.enumerated().map { index, x in
      var ok = CompleteWindows.starts(x, steps: d)  // rows s … s + D complete
      if index == library.count { for s in ok.indices where s > c - 2 * d { ok[s] = false } }
      return ok
    }
    var recent = Array(context.scalars[((c - d) * n)...])  // the last D rows of context + forecast
    var out: [Double] = []
    out.reserveCapacity(horizon * n)
    while out.count < horizon * n {
      var best = (distance: Double.infinity, source: -1, start: -1)
      for (k, x) in sources.enumerated() {
        x.scalars.withUnsafeBufferPointer { p in
          for s in candidates[k].indices where candidates[k][s] {
            var distance = 0.0
            for i in 0..<(d * n) {
              let e = p[s * n + i] - recent[i]
              distance += e * e * weights[i % n]
              if distance >= best.distance { break }
            }
            if distance < best.distance { best = (distance, k, s) }
          }
        }
      }
      guard best.source >= 0 else {
        out += [Double](repeating: .nan, count: horizon * n - out.count)
        break
      }
      // Copy the complete rows after the match, up to the horizon.
      let x = sources[best.source]
      var row = best.start + d
      while row < x.shape[0] && out.count < horizon * n {
        let values = Array(x.scalars[(row * n)..<((row + 1) * n)])
        guard values.allSatisfy(\.isFinite) else { break }
        out += values
        recent.removeFirst(n)
        recent += values
        row += 1
      }
    }
    return Tensor(shape: [horizon, n], scalars: out)
  }
}
