import DSRData
import Foundation
import Testing

@Suite("SafeTensors")
struct SafeTensorsTests {
  @Test("encode then parse gives the tensors, shapes and metadata back bit for bit")
  func roundTrip() throws {
    let tensors: [(name: String, shape: [Int], values: [Double])] = [("W", [2, 3], [1, -2.5, .pi, 0, 1e-300, -0.0]), ("h", [3], [7, 8, 9]), ("s", [], [4])]
    let bytes = SafeTensors.encode(tensors, metadata: ["note": "a \"quoted\" string"])
    let (back, metadata) = try SafeTensors.parse(bytes, path: "t.safetensors")
    #expect(metadata == ["note": "a \"quoted\" string"])
    for t in tensors {
      #expect(back[t.name]?.shape == t.shape)
      #expect(back[t.name]?.values.map(\.bitPattern) == t.values.map(\.bitPattern))
    }
  }

  @Test("float32 tensors written by another tool are read")
  func float32() throws {
    let header = #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
    var bytes: [UInt8] = []
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes += $0 }
    bytes += Array(header.utf8)
    for v: Float in [1.5, -2] { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
    #expect(try SafeTensors.parse(bytes, path: "f.safetensors").tensors["x"]?.values == [1.5, -2])
  }

  @Test("damaged files are refused naming the problem", arguments: [
    ([UInt8]([1, 2, 3]), "shorter than its 8-byte header length"),
    ([UInt8]([200, 0, 0, 0, 0, 0, 0, 0]) + Array("{}".utf8), "header claims 200 bytes"),
    ([UInt8]([2, 0, 0, 0, 0, 0, 0, 0]) + Array("[]".utf8), "not a JSON object"),
  ])
  func damaged(_ bytes: [UInt8], _ message: String) {
    #expect { try SafeTensors.parse(bytes, path: "bad.safetensors") } throws: { "\($0)".contains(message) && "\($0)".contains("bad.safetensors") }
  }

  @Test("offsets beyond the buffer and unsupported dtypes are refused")
  func badEntries() {
    for (entry, message) in [(#"{"dtype":"F64","shape":[4],"data_offsets":[0,32]}"#, "data_offsets"), (#"{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}"#, "dtype BF16")] {
      let header = #"{"x":"# + entry + "}"
      var bytes: [UInt8] = []
      withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes += $0 }
      bytes += Array(header.utf8) + [UInt8](repeating: 0, count: 8)
      #expect { try SafeTensors.parse(bytes, path: "x.safetensors") } throws: { "\($0)".contains(message) }
    }
  }
}
