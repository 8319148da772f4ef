import DSRTensor

/// A value recorded on a ``Tape``: its primal value and its position in the tape.
///
/// Operations on variables (in `Ops/`) compute the value and record a pullback. A `Variable` is a
/// small value type; copying it does not copy the tape.
public struct Variable<Scalar: BLASScalar> {
  /// The tape this value lives on.
  public let tape: Tape<Scalar>
  /// The node's position on the tape.
  public let index: Int
  /// The primal value.
  public let value: Tensor<Scalar>

  @usableFromInline
  init(tape: Tape<Scalar>, index: Int, value: Tensor<Scalar>) {
    self.tape = tape
    self.index = index
    self.value = value
  }

  /// The shape of the value.
  public var shape: [Int] { value.shape }
}
