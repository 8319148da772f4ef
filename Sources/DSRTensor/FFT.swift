// Real FFT through FFTW.

/// Discrete Fourier transforms of real signals (FFTW, `FFTW_ESTIMATE` plans).
public enum FFT {
  /// The non-redundant half of the unnormalised DFT of a real signal.
  ///
  /// `X_k = Σ_{t=0}^{n−1} x_t · e^{−2πi·k·t/n}` for `k = 0 … ⌊n/2⌋`, the same as `numpy.fft.rfft`.
  /// Any length is accepted (FFTW handles non-powers of two).
  public static func real<Scalar: BLASScalar>(_ signal: [Scalar]) -> [Complex<Scalar>] {
    let n = signal.count
    guard n > 0 else { return [] }
    var interleaved = [Scalar](repeating: 0, count: 2 * (n / 2 + 1))
    signal.withUnsafeBufferPointer { x in
      interleaved.withUnsafeMutableBufferPointer { y in
        Scalar.realFFT(n: n, input: x.baseAddress!, output: y.baseAddress!)
      }
    }
    return (0...(n / 2)).map { Complex(interleaved[2 * $0], interleaved[2 * $0 + 1]) }
  }

  /// The periodogram `|X_k|²/n` of a real signal for `k = 0 … ⌊n/2⌋`.
  public static func powerSpectrum<Scalar: BLASScalar>(_ signal: [Scalar]) -> [Scalar] {
    let n = Scalar(signal.count)
    return real(signal).map { ($0.real * $0.real + $0.imaginary * $0.imaginary) / n }
  }
}

extension Tensor {
  /// The real FFT of a vector (see ``FFT/real(_:)``).
  public func realFFT() -> [Complex<Scalar>] {
    precondition(rank == 1, "realFFT needs a vector, got shape \(shape)")
    return FFT.real(scalars)
  }
}
