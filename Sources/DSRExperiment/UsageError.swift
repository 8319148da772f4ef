/// A command-line value that a library workflow cannot use (`--param rho`, `--initial 1,2`):
/// the command reports it as a usage error, with its message unchanged.
public struct UsageError: Error, Equatable, CustomStringConvertible {
  /// The message, naming the option, the value and the fix.
  public var message: String

  /// A usage error with `message`.
  public init(_ message: String) { self.message = message }

  /// The message.
  public var description: String { message }
}
