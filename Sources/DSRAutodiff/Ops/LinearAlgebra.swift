import DSRTensor

// Differentiable linear algebra: the pseudo-inverse (Affine observation model) and singular
// values (condition-number penalty).

// MARK: - pseudo-inverse

/// The Moore–Penrose pseudo-inverse `A⁺` of an `N × M` matrix (reference tolerance).
///
/// Pullback (Golub & Pereyra 1973, valid where the rank is locally constant), with `Ḡ` the
/// `M × N` cotangent, `P = I − A·A⁺` and `Q = I − A⁺·A`:
///
///     Ā = −A⁺ᵀ·Ḡ·A⁺ᵀ + P·Ḡᵀ·A⁺·A⁺ᵀ + A⁺ᵀ·A⁺·Ḡᵀ·Q
///
/// - Precondition: the matrix is finite (a non-finite matrix is a programmer error here; the
///   trainer checks finiteness before).
public func pseudoInverse<S>(_ a: Variable<S>) -> Variable<S> {
  let av = a.value
  let pinv: Tensor<S>
  do { pinv = try av.pseudoInverse() } catch { preconditionFailure("pseudoInverse: \(error)") }
  return a.tape.record(pinv, inputs: [a]) { g in [pseudoInversePullback(av, pseudoInverse: pinv, cotangent: g)] }
}

/// The pullback of ``pseudoInverse(_:)`` on plain tensors: `Ā` for the `M × N` cotangent `Ḡ` of
/// `A⁺`, given the `N × M` matrix `A` and its pseudo-inverse (formula there). For a caller that
/// already holds `A⁺` (the trainer computes it once per batch for the forcing signals), the same
/// bits as the tape's pullback without a second SVD.
public func pseudoInversePullback<S>(_ a: Tensor<S>, pseudoInverse pinv: Tensor<S>, cotangent g: Tensor<S>) -> Tensor<S> {
  let (n, m) = (a.shape[0], a.shape[1])
  let p = Tensor<S>.identity(n) - a.matmul(pinv)
  let q = Tensor<S>.identity(m) - pinv.matmul(a)
  let pinvPinvT = pinv.matmul(pinv, transposeOther: true)  // A⁺·A⁺ᵀ  (M × M)
  let pinvTPinv = pinv.matmul(pinv, transposeSelf: true)  // A⁺ᵀ·A⁺  (N × N)
  let term1 = -(pinv.matmul(g, transposeSelf: true).matmul(pinv, transposeOther: true))
  let term2 = p.matmul(g, transposeOther: true).matmul(pinvPinvT)
  let term3 = pinvTPinv.matmul(g, transposeOther: true).matmul(q)
  return term1 + term2 + term3
}

// MARK: - singular values

/// The singular values of a matrix, in descending order, as a vector of length `min(N, M)`.
///
/// Pullback (distinct singular values): `Ā = U·diag(σ̄)·Vᵀ` from the thin SVD `A = U·diag(σ)·Vᵀ`.
public func singularValues<S>(_ a: Variable<S>) -> Variable<S> {
  let decomposition: (u: Tensor<S>, s: Tensor<S>, vt: Tensor<S>)
  do { decomposition = try a.value.svd() } catch { preconditionFailure("singularValues: \(error)") }
  let (u, s, vt) = decomposition
  return a.tape.record(s, inputs: [a]) { g in
    // U · diag(ḡ): scale column j of U by ḡ_j, then multiply by Vᵀ.
    let scaled = u * g.reshaped([1, g.count])
    return [scaled.matmul(vt)]
  }
}
