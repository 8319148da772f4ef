import DSRTensor

/// A discrete-time dynamical system `z_{t+1} = F(z_t)` on ℝ^M with an analytic Jacobian.
///
/// Every trained model is one, and so is every benchmark map; measures, Lyapunov spectra and
/// symbolic analysis take a `DiscreteMap` and never depend on training code.
///
/// ## For implementers
/// - ``dimension``: M, the length of a state.
/// - ``step(_:)``: one application of F, to a state vector of length M **or** to a batch of
///   states stored as the columns of an `M × S` matrix (units × samples); the result has the
///   shape of the input.
/// - ``jacobian(at:)``: `∂F/∂z` at a state vector, an `M × M` matrix. Piecewise-linear maps use
///   the strict indicator `1[x > 0]` (a unit exactly at 0 is "off"), matching the ReLU pullback
///   and the region code.
public protocol DiscreteMap<Scalar> {
  /// The floating-point type of states and Jacobians.
  associatedtype Scalar: BLASScalar
  /// The state dimension M.
  var dimension: Int { get }
  /// `F(z)` for a vector (length M) or a batch (`M × S`, one state per column).
  func step(_ z: Tensor<Scalar>) -> Tensor<Scalar>
  /// `∂F/∂z` at the state vector `z` (length M), an `M × M` matrix.
  func jacobian(at z: Tensor<Scalar>) -> Tensor<Scalar>
}

extension DiscreteMap {
  /// Iterates the map: row 0 is `initial`, row t is `F(row t−1)`; a `steps × M` matrix.
  ///
  /// - Parameter initial: the state of row 0 (length M).
  /// - Parameter steps: the number of rows (≥ 1), the initial state included.
  public func trajectory(from initial: Tensor<Scalar>, steps: Int) -> Tensor<Scalar> {
    precondition(initial.shape == [dimension], "trajectory: initial state \(initial.shape), dimension \(dimension)")
    precondition(steps >= 1, "trajectory: steps must be ≥ 1, got \(steps)")
    var out = [Scalar]()
    out.reserveCapacity(steps * dimension)
    var z = initial
    out.append(contentsOf: z.scalars)
    for _ in 1..<steps {
      z = step(z)
      out.append(contentsOf: z.scalars)
    }
    return Tensor(shape: [steps, dimension], scalars: out)
  }
}
