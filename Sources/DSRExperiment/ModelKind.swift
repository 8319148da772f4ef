/// The latent models dsr trains, by their reference names (`model` in a configuration,
/// `"model"` in model.json, `dsr import --model`).
///
/// This enum is the one list of model names: configuration validation, the model factory, the
/// model-file reader, `dsr import` and the help texts all read it.
public enum ModelKind: String, CaseIterable, Codable, Sendable {
  /// The vanilla PLRNN `z ← A⊙z + W·relu(z) + h`.
  case plrnn = "PLRNN"
  /// The mean-centred PLRNN (relu of the mean-centred state).
  case meanCenteredPLRNN = "mcPLRNN"
  /// The dendritic PLRNN (B bases per unit).
  case dendriticPLRNN = "dendPLRNN"
  /// The clipped dendritic PLRNN.
  case clippedDendriticPLRNN = "clippedDendPLRNN"
  /// The shallow PLRNN `z ← A⊙z + W₁·relu(W₂·z + h₂) + h₁` (L hidden units).
  case shallowPLRNN
  /// The clipped shallow PLRNN (the default).
  case clippedShallowPLRNN
  /// The Almost-Linear RNN (the last P of M units piecewise linear).
  case alrnn = "ALRNN"

  /// The names as a sentence: `PLRNN, mcPLRNN, …, clippedShallowPLRNN or ALRNN`.
  public static var namesInWords: String {
    let names = allCases.map(\.rawValue)
    return names.dropLast().joined(separator: ", ") + " or " + names.last!
  }

  /// Whether the model is one of the two shallow PLRNNs (the only ones with a
  /// data-independent Jacobian bound, `jacobian_upper_bound`).
  public var isShallow: Bool { self == .shallowPLRNN || self == .clippedShallowPLRNN }
}
