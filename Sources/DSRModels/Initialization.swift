import DSRTensor

/// The reference's initialisers (gtf-shplrnn.md §1.1, alrnn-symbolic.md §1.3).
public enum Initialization {
  /// `normalized_positive_definite(M)` (Talathi & Vartak 2016): `K = RᵀR/M + I` with R i.i.d.
  /// N(0, 1), divided by its largest |eigenvalue|. Symmetric, positive definite, spectral radius 1.
  public static func normalizedPositiveDefinite<S: BLASScalar>(
    _ m: Int, using rng: inout RandomGenerator
  ) -> Tensor<S> {
    let r = Tensor<Double>.normal(shape: [m, m], using: &rng)
    let k = r.matmul(r, transposeSelf: true) / Double(m) + Tensor.identity(m)
    // K is symmetric positive definite: its largest |eigenvalue| is its largest singular value.
    let lambda = (try? k.spectralNorm()) ?? 1
    return (k / lambda).converted(to: S.self)
  }

  /// `U(−r, r)` with `r = 1/√(last extent)`: a `p × q` matrix gets bound `1/√q`.
  public static func uniform<S: BLASScalar>(_ shape: [Int], using rng: inout RandomGenerator) -> Tensor<S> {
    let r = 1 / S.sqrt(S(shape.last ?? 1))
    return Tensor.uniform(shape: shape, low: -r, high: r, using: &rng)
  }

  /// A and W from ``normalizedPositiveDefinite(_:using:)``: A its diagonal, W its off-diagonal
  /// part (zero diagonal); h is zeros (`initialize_A_W_h`).
  public static func aW<S: BLASScalar>(_ m: Int, using rng: inout RandomGenerator) -> (a: Tensor<S>, w: Tensor<S>) {
    let k: Tensor<S> = normalizedPositiveDefinite(m, using: &rng)
    var w = k
    for i in 0..<m { w.scalars[i * m + i] = 0 }
    return (Tensor(k.diagonalElements), w)
  }
}
