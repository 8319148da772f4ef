/// A data file that cannot be used, with the file, the problem and what to do about it.
///
/// Every reader in `DSRData` throws this instead of crashing or returning a partial result.
public struct DataFileError: Error, Equatable, CustomStringConvertible {
  /// The file's path as given.
  public var path: String
  /// What is wrong, in one sentence.
  public var problem: String
  /// How to fix it, if there is something to say.
  public var remedy: String?

  /// An error about the file at `path`.
  public init(path: String, problem: String, remedy: String? = nil) {
    self.path = path
    self.problem = problem
    self.remedy = remedy
  }

  /// `<path>: <problem> (<remedy>)`, without the parentheses when there is no remedy.
  public var description: String {
    "\(path): \(problem)" + (remedy.map { " (\($0))" } ?? "")
  }
}
