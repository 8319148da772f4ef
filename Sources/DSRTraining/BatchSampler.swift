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
/// The batch is written time-major: slice t (t = 0…T̃) is the `S × N` matrix of the t-th rows.
public struct BatchSampler<Scalar: BLASScalar>: Sendable {
  /// The data set the windows are drawn from.
  public let data: Dataset<Scalar>
  /// T̃: each window has T̃ + 1 rows.
  public let sequenceLength: Int
  /// Valid window starts per trajectory.
  let windowCounts: [Int]

  /// - Throws: ``TrainingError`` if no trajectory is long enough for one window.
  public init(data: Dataset<Scalar>, sequenceLength: Int) throws {
    self.data = data
    self.sequenceLength = sequenceLength
    windowCounts = data.trajectories.map { Swift.max($0.shape[0] - sequenceLength, 0) }
    guard windowCounts.reduce(0, +) > 0 else {
      let longest = data.trajectories.map { $0.shape[0] }.max() ?? 0
      throw TrainingError.invalidSetting(
        key: "sequence_length",
        message: "\(sequenceLength) needs trajectories of at least \(sequenceLength + 1) rows; the longest has \(longest)",
        remedy: "choose sequence_length ≤ \(Swift.max(longest - 1, 1))")
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
