import DSRTensor
import Foundation

/// A first-order optimiser over a list of parameter arrays, with its state (`Codable`, so a
/// checkpoint restores it exactly).
///
/// The update of each array follows Flux 0.14 (gtf-shplrnn.md §2.8), applied per array in this
/// order: optional clipping of the gradient's L2 norm to c, the RAdam or Adam step Δ with the
/// base rate `η = start_lr`, multiplication by the schedule's multiplier, `θ ← θ − Δ`.
///
/// RAdam (β = (0.9, 0.999), ε = 1e−8): `ρ∞ = 2/(1−β₂) − 1`, `ρ_t = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ)`; if
/// `ρ_t > 4` the step is `η·r·m̂/(√v̂ + ε)` with the rectifier
/// `r = √((ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t))`, otherwise the momentum step `η·m̂` (steps 1–4).
/// Adam: `η·m̂/(√v̂ + ε)`. Here `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`.
public struct Optimizer<Scalar: BLASScalar>: Codable, Sendable, Equatable {
  /// RAdam or Adam.
  public var kind: OptimizerKind
  /// β₁, the decay of the first moment.
  public var beta1: Double = 0.9
  /// β₂, the decay of the second moment.
  public var beta2: Double = 0.999
  /// ε, added to √v̂ in the denominator.
  public var epsilon: Double = 1e-8
  /// Per-array gradient clipping threshold; 0 = off.
  public var clippingNorm: Double
  /// The number of updates made so far (t of the last update).
  public private(set) var step: Int = 0
  /// First and second moments, one tensor per parameter array.
  public private(set) var first: [Tensor<Scalar>]
  /// The second moments v, one tensor per parameter array.
  public private(set) var second: [Tensor<Scalar>]

  /// Whether both moments are finite (huge gradients can overflow the second moment in Float32
  /// while the parameters stay finite).
  public var stateIsFinite: Bool {
    (first + second).allSatisfy { $0.scalars.allSatisfy(\.isFinite) }
  }

  /// A fresh optimiser for arrays of the given shapes.
  public init(kind: OptimizerKind, shapes: [[Int]], clippingNorm: Double = 0) {
    (self.kind, self.clippingNorm) = (kind, clippingNorm)
    first = shapes.map { Tensor(zeros: $0) }
    second = shapes.map { Tensor(zeros: $0) }
  }

  /// One update of every array: `θ_i ← θ_i − multiplier·Δ_i(g_i)`, with base rate η.
  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public mutating func update(
    _ parameters: inout [Tensor<Scalar>], gradients: [Tensor<Scalar>], learningRate eta: Double
  ) {
    precondition(parameters.count == first.count && gradients.count == first.count, "Optimizer: array count changed")
    step += 1
    let t = Double(step)
    let b1t = Foundation.pow(beta1, t), b2t = Foundation.pow(beta2, t)
    // The scalar factors of the step, in Double, then one elementwise pass in Scalar.
    var scale = eta / (1 - b1t)  // multiplies m
    var normalised = true
    if kind == .radam {
      let rhoInf = 2 / (1 - beta2) - 1
      let rho = rhoInf - 2 * t * b2t / (1 - b2t)
      if rho > 4 {
        scale *= ((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho)).squareRoot()
      } else {
        normalised = false
      }
    }
    let (c1, c2) = (Scalar(1 - beta1), Scalar(1 - beta2))
    let (b1, b2) = (Scalar(beta1), Scalar(beta2))
    let secondCorrection = Scalar(1 - b2t), eps = Scalar(epsilon), s = Scalar(scale)
    for i in parameters.indices {
      var g = gradients[i]
      precondition(g.shape == parameters[i].shape, "Optimizer: gradient \(g.shape) for parameter \(parameters[i].shape)")
      if clippingNorm > 0 {
        let norm = Double(g.frobeniusNorm())
        if norm > clippingNorm { g = g * Scalar(clippingNorm / norm) }
      }
      let n = g.count
      first[i].scalars.withUnsafeMutableBufferPointer { m in
        second[i].scalars.withUnsafeMutableBufferPointer { v in
          parameters[i].scalars.withUnsafeMutableBufferPointer { p in
            g.scalars.withUnsafeBufferPointer { gp in
              for k in 0..<n {
                let gk = gp[k]
                m[k] = b1 * m[k] + c1 * gk
                v[k] = b2 * v[k] + c2 * gk * gk
                let delta = normalised ? s * m[k] / ((v[k] / secondCorrection).squareRoot() + eps) : s * m[k]
                p[k] -= delta
              }
            }
          }
        }
      }
    }
  }
}

/// The reference's per-epoch exponential decay (Flux `ExpDecay(1, γ, Sₑ, end_lr, 1)`, §2.8).
///
/// The multiplier starts at 1 and is multiplied by `γ = (end_lr/start_lr)^{1/E}` at every global
/// step n > 1 with n mod Sₑ = 0 (so already on the last batch of each epoch), clipped below at
/// `end_lr` (a clip on the multiplier that the defaults never reach). The rate of step n is
/// `start_lr · max(γ^{k(n)}, end_lr)` with k(n) the number of such steps up to n.
public struct LearningRateSchedule: Codable, Sendable, Equatable {
  /// The base rate (`start_lr`).
  public var start: Double
  /// The floor of the rate (`end_lr`).
  public var end: Double
  /// E, the number of epochs over which the rate decays from `start` to `end`.
  public var epochs: Int
  /// Sₑ, the steps per epoch.
  public var batchesPerEpoch: Int

  /// A schedule from `start` towards `end` over `epochs` epochs of `batchesPerEpoch` steps.
  public init(start: Double, end: Double, epochs: Int, batchesPerEpoch: Int) {
    (self.start, self.end, self.epochs, self.batchesPerEpoch) = (start, end, epochs, batchesPerEpoch)
  }

  /// γ = exp(ln(end/start)/E).
  public var gamma: Double { Foundation.exp(Foundation.log(end / start) / Double(epochs)) }

  /// The learning rate of global step n (1-based).
  public func rate(atStep n: Int) -> Double {
    let decays = n / batchesPerEpoch - (batchesPerEpoch == 1 ? 1 : 0)
    return start * Swift.max(Foundation.pow(gamma, Double(Swift.max(decays, 0))), end)
  }
}
