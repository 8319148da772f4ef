import DSRData
import Foundation

extension ModelFile {
  /// The shape every parameter must have for this file's model kind and sizes, by name.
  ///
  /// A file whose arrays hold the right number of values in a transposed, negative or otherwise
  /// wrong shape would otherwise build a model that traps in its first matrix product; checking
  /// the shapes against the sizes the file declares turns that into an error naming the array.
  func expectedShapes(kind: ModelKind, path: String) throws -> [String: [Int]] {
    func fail(_ problem: String) -> DataFileError {
      DataFileError(path: path, problem: problem, remedy: "the file is corrupt; use the model.json a run wrote, or convert the arrays with dsr import")
    }
    let m = latentDim, n = observedDim
    guard m >= 1, n >= 1, inputDim >= 0 else {
      throw fail("declares latent_dim \(m), observed_dim \(n) and input_dim \(inputDim); they must be at least 1, 1 and 0")
    }
    var shapes: [String: [Int]] = ["A": [m]]
    switch kind {
    case .shallowPLRNN, .clippedShallowPLRNN:
      guard let l = hiddenDim, l >= 1 else { throw fail("declares no hidden_dim (at least 1) for a \(model)") }
      shapes["W1"] = [m, l]; shapes["W2"] = [l, m]; shapes["h1"] = [m]; shapes["h2"] = [l]
    case .dendriticPLRNN, .clippedDendriticPLRNN:
      guard let b = numBases, b >= 1 else { throw fail("declares no num_bases (at least 1) for a \(model)") }
      shapes["W"] = [m, m]; shapes["h"] = [m]; shapes["alpha"] = [b]; shapes["H"] = [m, b]
    case .alrnn:
      guard let p = pwlUnits, (0...m).contains(p) else {
        throw fail("declares pwl_units \(pwlUnits.map(String.init) ?? "none") for an ALRNN with latent_dim \(m); it must lie in 0…\(m)")
      }
      shapes["W"] = [m, m]; shapes["h"] = [m]
    case .plrnn, .meanCenteredPLRNN:
      shapes["W"] = [m, m]; shapes["h"] = [m]
    }
    if observationModel == "Affine" {
      shapes["B"] = [n, m]
    } else {
      guard n <= m else { throw fail("declares observed_dim \(n) > latent_dim \(m) with the Identity observation model") }
      if m > n { shapes["L"] = [m - n, n] }
    }
    if inputDim > 0 { shapes["C"] = [m, inputDim] }
    for (name, shape) in shapes.sorted(by: { $0.key < $1.key }) {
      guard let array = parameters[name] else { continue }  // a missing array is reported where it is read
      guard array.shape == shape else {
        throw fail("parameter '\(name)' has shape \(array.shape) but a \(model) with these sizes needs \(shape)")
      }
    }
    return shapes
  }
}
