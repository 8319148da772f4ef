import DSRData
import DSRModels
import DSRPlot
import DSRTensor
import Foundation

/// The figures written during training (`image_saving_interval`): every that many epochs,
/// `plots/generated_<epoch>.svg` in the run directory shows a free run of the current model from
/// the first complete training point against the training data (the attractor's projections, the true
/// one drawn from rows spread over the whole first trajectory, and the first time series), so
/// the attractor can be watched forming; `dsr report` shows them as a sequence.
///
/// Cheap by construction: a free run of ``steps`` steps (not the data's length), about
/// ``steps``/2 true points, and figures thinned to a few thousand dots (about 100 KB a file).
public enum TrainingFigures {
  /// Steps of the free run drawn (and rows of the training data drawn against it).
  public static let steps = 2000

  /// The snapshot file of `epoch`.
  public static func path(in run: RunDirectory, epoch: Int) -> String { run.file("plots/generated_\(epoch).svg") }

  /// The snapshots in a run directory, by epoch.
  public static func snapshots(in run: RunDirectory) -> [(epoch: Int, path: String)] {
    let dir = run.file("plots")
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
    return names.compactMap { name -> (Int, String)? in
      guard name.hasPrefix("generated_"), name.hasSuffix(".svg"), let e = Int(name.dropFirst(10).dropLast(4)) else { return nil }
      return (e, (dir as NSString).appendingPathComponent(name))
    }.sorted { $0.0 < $1.0 }
  }

  /// At most `count` of `items`, evenly spaced, always with the first and the last.
  public static func evenlySpaced<T>(_ items: [T], at count: Int) -> [T] {
    guard items.count > count, count >= 2 else { return items }
    return (0..<count).map { items[Int((Double($0) * Double(items.count - 1) / Double(count - 1)).rounded())] }
  }

  /// The snapshot of a model against its training data `x` (T × N, model units), as SVG.
  public static func svg<S: BLASScalar>(_ system: ReconstructedSystem<S>, data x: Tensor<S>, inputs: Tensor<S>?, epoch: Int) throws -> String {
    let t = min(steps, x.shape[0])
    let truth = x.rows(0..<t).converted(to: Double.self)
    let generated = try system.generate(from: x.row(0), steps: t, inputs: inputs?.rows(0..<t)).observed.converted(to: Double.self)
    var panels: [(svg: String, width: Double, height: Double)] = []
    if generated.scalars.allSatisfy(\.isFinite) {
      // The true attractor: rows spread over the whole trajectory (its first rows may cover a
      // small part of it), rows with a missing value (NaN) left out.
      let every = max(1, 2 * x.shape[0] / steps), n = x.shape[1]
      let kept = stride(from: 0, to: x.shape[0], by: every).filter { r in (0..<n).allSatisfy { !x.scalars[r * n + $0].isNaN } }
      let spread = Tensor<Double>(shape: [kept.count, n], scalars: kept.flatMap { r in (0..<n).map { Double(x.scalars[r * n + $0]) } })
      let c = try ReportFigures.attractorCoordinates(true: spread, generated: generated)
      for p in ReportFigures.projections(names: c.names, truth: c.truth, generated: c.generated, size: 260, idPrefix: "e\(epoch)", titlePrefix: "Epoch \(epoch)", radius: 1.2) {
        panels.append((p.svg(), p.width, p.height))
      }
    }
    for p in ReportFigures.timeSeries(true: truth, generated: generated, steps: min(t, 1000), maxDimensions: 1, width: 780, height: 170, idPrefix: "e\(epoch)") {
      panels.append((p.svg(), p.width, p.height))
    }
    let title = "Epoch \(epoch): free run from the first complete training point against the training data"
      + (generated.scalars.allSatisfy(\.isFinite) ? "" : " (the free run became non-finite)")
    return PanelGrid(title: title, panels: panels, columns: 3).svg()
  }

  /// Writes the snapshot of `epoch` into the run directory (errors are not fatal to training:
  /// they are returned for a warning).
  public static func write<S: BLASScalar>(_ system: ReconstructedSystem<S>, data x: Tensor<S>, inputs: Tensor<S>?, epoch: Int, run: RunDirectory) -> Error? {
    do {
      try FileManager.default.createDirectory(atPath: run.file("plots"), withIntermediateDirectories: true)
      try AtomicFile.write(Data(try svg(system, data: x, inputs: inputs, epoch: epoch).utf8), to: path(in: run, epoch: epoch))
      return nil
    } catch {
      return error
    }
  }
}

extension Runner {
  /// Writes the snapshot of `epoch` when `image_saving_interval` divides it (and after the last
  /// epoch); a failure is a warning, never the end of the training.
  func saveFigures(epoch: Int, progress: Progress) {
    let interval = spec.monitoring.imageSavingInterval
    guard interval > 0, epoch % interval == 0 || epoch == spec.training.settings.epochs else { return }
    let (data, inputs) = monitoredTrajectory
    let system = ReconstructedSystem(model: trainer.model, observation: trainer.observation, inputWeights: trainer.inputWeights)
    if let error = TrainingFigures.write(system, data: data, inputs: inputs, epoch: epoch, run: directory) {
      progress.message("Warning: plots/generated_\(epoch).svg not written: \(describe(error))")
    }
  }
}
