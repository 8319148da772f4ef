import DSRData
import DSRModels
import DSRTensor

/// Draws training batches: S windows of T̃ + 1 consecutive rows, each inside one trajectory.
///
/// A window start is uniform over all valid windows of all trajectories (a trajectory of length
/// T_i offers T_i − T̃ windows, so longer trajectories are drawn proportionally more often); draws
/// are independent, with replacement. The reference draws starts from {1, …, T − T̃ − 1} and can
/// never sample the last row; dsr allows every window, including the one ending on the last row.
///
/// Missing values (NaN, ``MissingRows``): a window is valid when its first row is complete (the
/// initial state is inferred from it) and no gap inside it covers more than
/// ``longestBridgedGap`` = ⌊T̃/10⌋ rows; the draw is uniform over the valid windows in the same
/// way. The trainer runs the model freely through a gap (no forcing on a row with a missing value)
/// and leaves the missing values out of the loss. Bridging at most a tenth of the window keeps
/// every window mostly observed and the unforced stretches as short as a sparse-forcing interval
/// of T̃/10 (for T̃ < 10 only windows of complete rows are drawn). Without missing values the valid
/// starts are 0…T_i − T̃ − 1 and the draws are exactly those of a data set without the gap
/// machinery (the same random numbers give the same windows).
///
/// The batch is written time-major: slice t (t = 0…T̃) is the `S × N` matrix of the t-th rows.
public struct BatchSampler<Scalar: BLASScalar>: Sendable {
  /// The data set the windows are drawn from.
  public let data: Dataset<Scalar>
  /// T̃: each window has T̃ + 1 rows.
  public let sequenceLength: Int
  /// The number of valid window starts per trajectory.
  let windowCounts: [Int]
  /// The valid window starts of each trajectory with missing rows, ascending; nil for a
  /// trajectory without missing rows (its starts are 0…T_i − T̃ − 1).
  let completeStarts: [[Int]?]
  /// Whether any trajectory has missing values (the trainer then masks its batches).
  public var hasMissingValues: Bool { completeStarts.contains { $0 != nil } }

  /// The longest run of missing rows a window may bridge: ⌊T̃/10⌋.
  public static func longestBridgedGap(sequenceLength: Int) -> Int { sequenceLength / 10 }

  /// - Throws: ``TrainingError`` if no trajectory is long enough for one window, or, with missing
  ///   values, offers one valid window (naming the file, the gap rule and its longest complete
  ///   stretch).
  public init(data: Dataset<Scalar>, sequenceLength: Int) throws {
    self.data = data
    self.sequenceLength = sequenceLength
    let missing = data.missingRows
    let bridged = Self.longestBridgedGap(sequenceLength: sequenceLength)
    completeStarts = missing.map { $0.isEmpty ? nil : $0.windowStarts(rows: sequenceLength + 1, longestGap: bridged) }
    windowCounts = zip(data.trajectories, completeStarts).map { x, starts in
      starts?.count ?? Swift.max(x.shape[0] - sequenceLength, 0)
    }
    guard windowCounts.reduce(0, +) > 0 else {
      let longest = data.trajectories.map { $0.shape[0] }.max() ?? 0
      if missing.allSatisfy(\.isEmpty) || longest <= sequenceLength {
        throw TrainingError.invalidSetting(
          key: "sequence_length",
          message: "\(sequenceLength) needs trajectories of at least \(sequenceLength + 1) rows; the longest has \(longest)",
          remedy: "choose sequence_length ≤ \(Swift.max(longest - 1, 1))")
      }
      // Long enough, but the gaps leave no valid window: name the rule and the best stretch.
      let best = zip(missing, data.sources).compactMap { m, source in m.longestStretch.map { (source, $0) } }
        .max { $0.1.count < $1.1.count }
      let stretch = best.map { "\($0.1.count) rows (rows \($0.1.lowerBound)–\($0.1.upperBound - 1) of \($0.0))" } ?? "0 rows (every row is missing)"
      let rule = bridged == 0
        ? "\(sequenceLength + 1) consecutive rows without missing values (NaN)"
        : "windows of \(sequenceLength + 1) rows that start on a complete row and hold no gap (missing values, NaN) longer than \(bridged) row\(bridged == 1 ? "" : "s") (a tenth of the window)"
      throw TrainingError.invalidSetting(
        key: "sequence_length",
        message: "\(sequenceLength) needs \(rule), but the data (\(data.sourceList)) has gaps and its longest complete stretch is \(stretch)",
        remedy: (best.map { $0.1.count >= 2 } ?? false)
          ? "choose sequence_length ≤ \(best!.1.count - 1), or fill the gaps (interpolate) in the data"
          : "fill the gaps (interpolate) in the data")
    }
  }

  /// The number of distinct windows.
  public var windowCount: Int { windowCounts.reduce(0, +) }

  /// Draws S windows into `observations` ((T̃+1)·S·N) and, with inputs, `inputs` ((T̃+1)·S·K).
  ///
  /// - Returns: the windows drawn, in batch order (sample p of the batch is window p).
  @discardableResult
  public func sample(
    batchSize s: Int, using rng: inout RandomGenerator, observations: UnsafeMutablePointer<Scalar>,
    inputs: UnsafeMutablePointer<Scalar>?
  ) -> [BatchWindow] {
    var windows: [BatchWindow] = []
    sample(batchSize: s, using: &rng, observations: observations, inputs: inputs, windows: &windows)
    return windows
  }

  /// ``sample(batchSize:using:observations:inputs:)`` with the windows written into `windows`
  /// (emptied first, its storage kept: the trainer's batches allocate nothing).
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func sample(
    batchSize s: Int, using rng: inout RandomGenerator, observations: UnsafeMutablePointer<Scalar>,
    inputs: UnsafeMutablePointer<Scalar>?, windows: inout [BatchWindow]
  ) {
    let n = data.observedDimension, k = data.inputDimension
    windows.removeAll(keepingCapacity: true)
    for sample in 0..<s {
      var u = rng.integer(in: 0..<windowCount)
      var trajectory = 0
      while u >= windowCounts[trajectory] {
        u -= windowCounts[trajectory]
        trajectory += 1
      }
      if let starts = completeStarts[trajectory] { u = starts[u] }
      windows.append(BatchWindow(trajectory: trajectory, start: u))
      data.trajectories[trajectory].scalars.withUnsafeBufferPointer { series in
        for t in 0...sequenceLength {
          (observations + (t * s + sample) * n).update(from: series.baseAddress! + (u + t) * n, count: n)
        }
      }
      if let inputs, let driving = data.inputs?[trajectory] {
        driving.scalars.withUnsafeBufferPointer { series in
          for t in 0...sequenceLength {
            (inputs + (t * s + sample) * k).update(from: series.baseAddress! + (u + t) * k, count: k)
          }
        }
      }
    }
  }
}

/// One window of a batch: rows `start … start + T̃` (0-based) of trajectory `trajectory`.
public struct BatchWindow: Sendable, Equatable, Hashable, Codable {
  /// The trajectory's index in the data set (0-based).
  public var trajectory: Int
  /// The window's first row (0-based).
  public var start: Int

  /// The window starting at row `start` of trajectory `trajectory`.
  public init(trajectory: Int, start: Int) { (self.trajectory, self.start) = (trajectory, start) }
}

/// A training setting that cannot work, found before or during training.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
  /// A setting (named by its configuration key) is invalid for this model or data.
  case invalidSetting(key: String, message: String, remedy: String)

  /// `<key>: <message> (<remedy>)`.
  public var description: String {
    switch self {
    case .invalidSetting(let key, let message, let remedy): return "\(key): \(message) (\(remedy))"
    }
  }
}
