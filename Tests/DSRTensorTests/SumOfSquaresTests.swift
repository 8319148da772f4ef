import DSRTensor
import Testing

/// `sumOfSquares`: the value, and its fixed order (eight interleaved partial sums).
@Suite struct SumOfSquaresTests {
  @Test("equals Σxᵢ² (exact on small integers) for every remainder count", arguments: [0, 1, 7, 8, 9, 16, 23])
  func exactOnIntegers(count: Int) {
    let x = (0..<count).map { Float($0 % 5) - 2 }
    let expected = x.reduce(Float(0)) { $0 + $1 * $1 }
    // One more value after the first `count`, which must not be read.
    let padded = x + [1000]
    #expect(padded.withUnsafeBufferPointer { sumOfSquares($0.baseAddress!, count: count) } == expected)
  }

  @Test("the interleaved order: element i goes to partial sum i mod 8")
  func order() {
    // 1 + 1e8 is 1e8 in Float, so the order decides: in the interleaved sums the 1s meet each
    // other before they meet 1e8.
    var x = [Float](repeating: 1, count: 16)
    x[0] = 1e4  // 1e8 once squared
    let value = x.withUnsafeBufferPointer { sumOfSquares($0.baseAddress!, count: 16) }
    let p0: Float = 1e8 + 1, others: Float = 2
    #expect(value == ((p0 + others) + (others + others)) + ((others + others) + (others + others)))
  }
}
