// A seeded, serialisable random number generator passed explicitly everywhere.

/// A seeded pseudo-random generator (xoshiro256**), seeded through SplitMix64.
///
/// There is no global generator in dsr: every function that draws random numbers takes one of
/// these `inout`. The state is `Codable`, so a checkpoint can store it and a resumed run draws
/// exactly the numbers an uninterrupted run would have drawn. Same seed, same numbers, on every
/// platform.
public struct RandomGenerator: RandomNumberGenerator, Codable, Equatable, Sendable {
  /// The four 64-bit words of xoshiro256** state.
  public private(set) var state: [UInt64]

  /// Creates a generator from a seed; equal seeds give equal streams.
  public init(seed: UInt64) {
    var sm = seed
    func splitMix() -> UInt64 {
      sm &+= 0x9E37_79B9_7F4A_7C15
      var z = sm
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = [splitMix(), splitMix(), splitMix(), splitMix()]
  }

  /// A generator whose seed is derived from a base seed and a stream index (e.g. a run index).
  public init(seed: UInt64, stream: UInt64) {
    self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03 &+ 0x8CB9_2BA7_2F3D_8DD7))
  }

  /// The next 64 random bits (xoshiro256**).
  public mutating func next() -> UInt64 {
    let result = rotl(state[1] &* 5, 7) &* 9
    let t = state[1] << 17
    state[2] ^= state[0]
    state[3] ^= state[1]
    state[1] ^= state[2]
    state[0] ^= state[3]
    state[2] ^= t
    state[3] = rotl(state[3], 45)
    return result
  }

  private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// A uniform draw from `[0, 1)` with the full precision of `Scalar`.
  public mutating func unitUniform<Scalar: BLASScalar>(_: Scalar.Type = Scalar.self) -> Scalar {
    let bits = Scalar.significandBitCount + 1
    return Scalar(next() >> UInt64(64 - bits)) * (1 / Scalar(UInt64(1) << UInt64(bits)))
  }

  /// A uniform draw from `[low, high)`.
  public mutating func uniform<Scalar: BLASScalar>(_ low: Scalar, _ high: Scalar) -> Scalar {
    low + (high - low) * unitUniform(Scalar.self)
  }

  /// A draw from the normal distribution N(mean, std²) (Box–Muller, one value per two uniforms).
  public mutating func normal<Scalar: BLASScalar>(mean: Scalar = 0, standardDeviation: Scalar = 1) -> Scalar {
    // Double internally so Float and Double streams agree to Float precision.
    var u1 = unitUniform(Double.self)
    while u1 == 0 { u1 = unitUniform(Double.self) }
    let u2 = unitUniform(Double.self)
    let z = (-2 * Double.log(u1)).squareRoot() * Double.cos2pi(u2)
    return mean + standardDeviation * Scalar(z)
  }

  /// A uniform integer in `range`.
  public mutating func integer(in range: Range<Int>) -> Int {
    Int.random(in: range, using: &self)
  }
}

extension Double {
  /// `cos(2πx)` without importing Foundation into every file.
  static func cos2pi(_ x: Double) -> Double { _cos(2 * Double.pi * x) }
}

extension Tensor {
  /// A tensor of i.i.d. uniform draws from `[low, high)`.
  public static func uniform(
    shape: [Int], low: Scalar, high: Scalar, using rng: inout RandomGenerator
  ) -> Tensor {
    let n = shape.reduce(1, *)
    return Tensor(shape: shape, scalars: (0..<n).map { _ in rng.uniform(low, high) })
  }

  /// A tensor of i.i.d. normal draws N(mean, std²).
  public static func normal(
    shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1, using rng: inout RandomGenerator
  ) -> Tensor {
    let n = shape.reduce(1, *)
    return Tensor(
      shape: shape,
      scalars: (0..<n).map { _ in rng.normal(mean: mean, standardDeviation: standardDeviation) })
  }
}
