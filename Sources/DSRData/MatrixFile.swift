import DSRTensor

/// Loading a `T × N` data matrix from `.npy` or delimited text, whichever the extension says.
public enum MatrixFile {
  /// Reads a time series as a `T × N` matrix (time × observed dimension).
  ///
  /// `.npy` files go through ``NPY``; `.csv`, `.tsv` and `.txt` through ``CSV``. A 1-D array
  /// becomes a `T × 1` matrix. The data must be finite.
  /// - Throws: ``DataFileError`` for a missing, malformed or non-finite file, or a 3-D array.
  public static func read<Scalar: BLASScalar>(_ path: String, as _: Scalar.Type = Scalar.self) throws -> Tensor<Scalar> {
    let lower = path.lowercased()
    let matrix: Tensor<Scalar>
    if lower.hasSuffix(".npy") {
      let array = try NPY.read(path, requireFinite: true)
      switch array.shape.count {
      case 1: matrix = array.tensor(Scalar.self).reshaped([array.shape[0], 1])
      case 2: matrix = array.tensor(Scalar.self)
      default:
        throw DataFileError(
          path: path, problem: "has shape \(array.shape); a time series must be a T × N matrix or a vector")
      }
    } else if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") {
      matrix = try CSV.read(path, requireFinite: true).matrix.converted(to: Scalar.self)
    } else {
      throw DataFileError(
        path: path, problem: "has an unknown extension", remedy: "use .npy, .csv, .tsv or .txt")
    }
    guard matrix.shape[0] > 0 && matrix.shape[1] > 0 else {
      throw DataFileError(path: path, problem: "is empty (shape \(matrix.shape))")
    }
    return matrix
  }
}
