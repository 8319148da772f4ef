import DSRData
import Foundation
import Testing

@Suite("NPZ writing")
struct NPZWritingTests {
  @Test("an archive of arrays and a JSON member reads back with NPZ.parse and otherMembers")
  func roundTrip() throws {
    let bytes = NPZ.archive([(name: "a.npy", bytes: NPY.encode([1, 2, 3, 4], shape: [2, 2])), (name: "note.json", bytes: Array(#"{"k":1}"#.utf8))])
    let arrays = try NPZ.parse(bytes, path: "x.npz")
    #expect(arrays.keys.sorted() == ["a"] && arrays["a"]?.shape == [2, 2] && arrays["a"]?.values == [1, 2, 3, 4])
    #expect(try NPZ.otherMembers(of: bytes, path: "x.npz") == ["note.json": Array(#"{"k":1}"#.utf8)])
  }
}
