import DSRModels
import DSRTensor
import DSRTestSupport
import Testing

/// `ReconstructedSystem.forecasts` against one-state-at-a-time stepping with `model.step`.
@Suite("Model forecasts from many starts")
struct ForecastStepsTests {
  /// The forecast written out for one start: init (or warm-up with synchronisation), H free steps.
  func reference(_ system: ReconstructedSystem<Double>, x: Tensor<Double>, start t: Int, horizon: Int, warmup: Int) throws -> Tensor<Double> {
    let n = system.observedDimension
    let m = system.latentDimension
    var z = try system.observation.initialStates(x.row(t - warmup).reshaped([1, n])).reshaped([m])
    for s in (t - warmup + 1)..<(t + 1) {
      z = system.model.step(z)
      let error = x.row(s).reshaped([1, n]) - system.observation.observe(z.reshaped([1, m]))
      switch system.observation.kind {
      case .identity: for j in 0..<n { z.scalars[j] = x.row(s).scalars[j] }
      case .affine: z = z + error.matmul(try system.observation.inverse(), transposeOther: true).reshaped([m])
      }
    }
    var rows: [Tensor<Double>] = []
    for _ in 0..<horizon {
      z = system.model.step(z)
      rows.append(system.observation.observe(z.reshaped([1, m])))
    }
    return Tensor.concatenated(rows, alongAxis: 0)
  }

  @Test("identity and affine observations, with and without warm-up", arguments: [(false, 0), (false, 7), (true, 0), (true, 7)])
  func againstStepping(_ affine: Bool, _ warmup: Int) throws {
    var r = RandomGenerator(seed: 21)
    let model = ShallowPLRNN<Double>(latentDimension: 4, hiddenDimension: 6, clipped: true, using: &r)
    let n = affine ? 3 : 2
    let observation = ObservationModel<Double>(kind: affine ? .affine : .identity, observedDimension: n, latentDimension: 4, using: &r)
    let system = ReconstructedSystem(model: model, observation: observation)
    let x = Tensor<Double>.normal(shape: [60, n], using: &r) * 0.5
    let starts = [7, 12, 30, 44]
    let forecasts = try system.forecasts(on: x, starts: starts, horizon: 15, warmup: warmup)
    for (start, forecast) in zip(starts, forecasts) {
      expectClose(forecast, try reference(system, x: x, start: start, horizon: 15, warmup: warmup), atol: 1e-12, rtol: 1e-10)
    }
    if !affine, warmup == 0 {
      // Without warm-up a forecast is the free run from the start row.
      let run = try system.generate(from: x.row(12), steps: 16).observed
      expectClose(forecasts[1], run.rows(1..<16), atol: 1e-12, rtol: 1e-10)
    }
  }
}
