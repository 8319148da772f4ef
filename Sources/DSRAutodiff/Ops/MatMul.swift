import DSRTensor

// MARK: - matmul

/// The matrix product `op(a) · op(b)`, with `op` transposing when its flag is set.
///
/// Pullback for upstream cotangent `G` (each case a single GEMM with transpose flags):
///
/// | forward | ∂a | ∂b |
/// |---|---|---|
/// | `A·B`   | `G·Bᵀ` | `Aᵀ·G` |
/// | `Aᵀ·B`  | `B·Gᵀ` | `A·G` |
/// | `A·Bᵀ`  | `G·B`  | `Gᵀ·A` |
/// | `Aᵀ·Bᵀ` | `Bᵀ·Gᵀ` | `Gᵀ·Aᵀ` |
public func matmul<S>(
  _ a: Variable<S>, _ b: Variable<S>, transposeA: Bool = false, transposeB: Bool = false
) -> Variable<S> {
  let (av, bv) = (a.value, b.value)
  let value = av.matmul(bv, transposeSelf: transposeA, transposeOther: transposeB)
  return a.tape.record(value, inputs: [a, b]) { g in
    switch (transposeA, transposeB) {
    case (false, false):
      return [g.matmul(bv, transposeOther: true), av.matmul(g, transposeSelf: true)]
    case (true, false):
      return [bv.matmul(g, transposeOther: true), av.matmul(g)]
    case (false, true):
      return [g.matmul(bv), g.matmul(av, transposeSelf: true)]
    case (true, true):
      return [
        bv.matmul(g, transposeSelf: true, transposeOther: true),
        g.matmul(av, transposeSelf: true, transposeOther: true),
      ]
    }
  }
}
