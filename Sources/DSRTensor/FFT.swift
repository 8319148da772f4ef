// Real FFT through FFTW.
import CLinearAlgebra

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

  /// The real signal of length `n` whose half spectrum is `spectrum` (`⌊n/2⌋ + 1` values), divided
  /// by `n`: the inverse of ``real(_:)``, the same as `numpy.fft.irfft(spectrum, n)`. The imaginary
  /// parts of the zero-frequency bin (and of the Nyquist bin for even `n`) are ignored.
  public static func inverseReal(_ spectrum: [Complex<Double>], count n: Int) -> [Double] {
    precondition(n > 0 && spectrum.count == n / 2 + 1, "FFT.inverseReal: \(spectrum.count) bins for length \(n)")
    var interleaved = spectrum.flatMap { [$0.real, $0.imaginary] }
    var out = [Double](repeating: 0, count: n)
    interleaved.withUnsafeMutableBufferPointer { x in
      out.withUnsafeMutableBufferPointer { y in
        let plan = fftwPlannerLock.withLock {
          fftw_plan_dft_c2r_1d(Int32(n), OpaquePointer(x.baseAddress!), y.baseAddress!, UInt32(FFTW_ESTIMATE))
        }
        fftw_execute(plan)
        fftwPlannerLock.withLock { fftw_destroy_plan(plan) }
      }
    }
    return out.map { $0 / Double(n) }
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
