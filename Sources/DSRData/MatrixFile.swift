import DSRTensor

/// Loading a `T × N` data matrix from `.npy` or delimited text, whichever the extension says.
public enum MatrixFile {
  /// Reads a time series as a `T × N` matrix (time × observed dimension).
  ///
  /// `.npy` files go through ``NPY``; `.csv`, `.tsv` and `.txt` through ``CSV``. A 1-D array
  /// becomes a `T × 1` matrix. The data must be finite, except that with `allowingMissing` NaN
  /// (an empty CSV field, `nan`) is kept as a missing value; ±∞ is always refused.
  /// - Throws: ``DataFileError`` for a missing, malformed or non-finite file, or a 3-D array.
  public static func read<Scalar: BLASScalar>(
    _ path: String, as _: Scalar.Type = Scalar.self, allowingMissing: Bool = false
  ) throws -> Tensor<Scalar> {
    let lower = path.lowercased()
    let matrix: Tensor<Scalar>
    if lower.hasSuffix(".npy") {
      matrix = try self.matrix(NPY.read(path, requireFinite: true, allowingMissing: allowingMissing), path: path)
    } else if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") {
      matrix = try CSV.read(path, requireFinite: true, allowingMissing: allowingMissing).matrix.converted(to: Scalar.self)
    } else {
      throw DataFileError(
        path: path, problem: "has an unknown extension", remedy: "use .npy, .csv, .tsv or .txt")
    }
    guard matrix.shape[0] > 0 && matrix.shape[1] > 0 else {
      throw DataFileError(path: path, problem: "is empty (shape \(matrix.shape))")
    }
    return matrix
  }

  /// A 1-D array as a `T × 1` matrix, a 2-D array as it is; `path` names it in the error.
  ///
  /// - Throws: ``DataFileError`` for any other rank.
  public static func matrix<Scalar: BLASScalar>(_ array: NPYArray, path: String, as _: Scalar.Type = Scalar.self) throws -> Tensor<Scalar> {
    switch array.shape.count {
    case 1: return array.tensor(Scalar.self).reshaped([array.shape[0], 1])
    case 2: return array.tensor(Scalar.self)
    default:
      throw DataFileError(
        path: path, problem: "has shape \(array.shape); a time series must be a T × N matrix or a vector")
    }
  }
}
