import DSRTensor

/// A recording checked for the choice of a delay embedding: its trajectories (`T × C` each, all
/// with the same C), with NaN marking missing values.
///
/// Every estimator of the embedding choice reads its input through this, so that bad input gets
/// one clear ``DataFileError`` before any work.
struct EmbeddingRecording {
  /// The trajectories, row-major `T × C`.
  let trajectories: [Tensor<Double>]
  /// Their names for error messages.
  let sources: [String]
  /// C, the number of channels.
  let channels: Int

  /// The smallest number of finite values a channel needs for the statistics to mean anything.
  static let minimalValues = 50

  /// Checks `trajectories`: rank 2, the same number of columns, no infinities, every channel
  /// with at least ``minimalValues`` finite values and not constant.
  init(_ trajectories: [Tensor<Double>], sources: [String]? = nil) throws {
    let names = sources ?? trajectories.indices.map { "trajectory \($0 + 1)" }
    guard let first = trajectories.first else {
      throw DataFileError(path: "(embedding)", problem: "has no trajectories to choose an embedding from", remedy: "give at least one recording")
    }
    for (x, name) in zip(trajectories, names) {
      guard x.rank == 2, x.shape[1] > 0 else {
        throw DataFileError(path: name, problem: "is not a table of rows and columns (shape \(x.shape))", remedy: "give a T × C recording")
      }
      guard x.shape[1] == first.shape[1] else {
        throw DataFileError(
          path: name, problem: "has \(x.shape[1]) columns, but the first trajectory has \(first.shape[1])",
          remedy: "give trajectories of the same recording channels")
      }
      if x.scalars.contains(where: { $0.isInfinite }) {
        throw DataFileError(path: name, problem: "contains infinite values", remedy: "replace them by NaN (missing) or remove those rows")
      }
    }
    let c = first.shape[1]
    for channel in 0..<c {
      var count = 0
      var (lo, hi) = (Double.infinity, -Double.infinity)
      for x in trajectories {
        for t in 0..<x.shape[0] where !x.scalars[t * c + channel].isNaN {
          let v = x.scalars[t * c + channel]
          (count, lo, hi) = (count + 1, Swift.min(lo, v), Swift.max(hi, v))
        }
      }
      guard count >= Self.minimalValues else {
        throw DataFileError(
          path: names[0], problem: "has \(count) values in channel \(channel + 1), too few to choose a delay embedding (at least \(Self.minimalValues))",
          remedy: "give a longer recording, or the delays yourself")
      }
      guard hi > lo else {
        throw DataFileError(
          path: names[0], problem: "has a constant channel \(channel + 1) (every value \(lo)), which shows no dynamics to embed",
          remedy: "remove that column")
      }
    }
    (self.trajectories, self.sources, self.channels) = (trajectories, names, c)
  }

  /// The longest trajectory's length.
  var longest: Int { trajectories.map { $0.shape[0] }.max() ?? 0 }

  /// Channel `c` of every trajectory.
  func channel(_ c: Int) -> [[Double]] {
    trajectories.map { x in (0..<x.shape[0]).map { x.scalars[$0 * channels + c] } }
  }
}
