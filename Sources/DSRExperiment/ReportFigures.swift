import DSRMeasures
import DSRPlot
import DSRTensor
import Foundation

/// The figures of a model's generated trajectory against data, drawn with ``DSRPlot``: shared by
/// `dsr report` (``RunReport``) and the figures written during training (``TrainingFigures``).
///
/// Trajectories are T × N tensors in the model's units; true data is drawn in
/// ``Palette/truth`` and generated data in ``Palette/generated`` throughout.
public enum ReportFigures {
  /// Column `j` of a T × N tensor.
  static func column(_ t: Tensor<Double>, _ j: Int) -> [Double] {
    let n = t.shape[1]
    return stride(from: j, to: t.scalars.count, by: n).map { t.scalars[$0] }
  }

  /// The first `count` principal axes (unit vectors, by decreasing variance) of the rows of `x`,
  /// estimated from at most 20 000 evenly spaced rows.
  public static func principalAxes(of x: Tensor<Double>, count: Int) throws -> [[Double]] {
    let t = x.shape[0], n = x.shape[1]
    let every = max(1, t / 20_000)
    var mean = [Double](repeating: 0, count: n), rows = 0
    for r in stride(from: 0, to: t, by: every) {
      rows += 1
      for j in 0..<n { mean[j] += x.scalars[r * n + j] }
    }
    mean = mean.map { $0 / Double(max(rows, 1)) }
    var cov = [Double](repeating: 0, count: n * n)
    for r in stride(from: 0, to: t, by: every) {
      for i in 0..<n {
        let a = x.scalars[r * n + i] - mean[i]
        for j in i..<n { cov[i * n + j] += a * (x.scalars[r * n + j] - mean[j]) }
      }
    }
    for i in 0..<n { for j in 0..<i { cov[i * n + j] = cov[j * n + i] } }
    let u = try Tensor<Double>(shape: [n, n], scalars: cov).svd().u
    return (0..<min(count, n)).map { k in (0..<n).map { u.scalars[$0 * n + k] } }
  }

  /// The coordinates an attractor is drawn in: the first three observed dimensions (N ≤ 3), or
  /// the first three principal components of the true data (N > 3), for both trajectories.
  /// N = 1 uses the delay coordinates (x_t, x_{t+1}).
  public static func attractorCoordinates(true x: Tensor<Double>, generated y: Tensor<Double>) throws
    -> (names: [String], truth: [[Double]], generated: [[Double]])
  {
    let n = x.shape[1]
    if n == 1 {
      let a = column(x, 0), b = column(y, 0)
      return (["x(t)", "x(t+1)"], [Array(a.dropLast()), Array(a.dropFirst())], [Array(b.dropLast()), Array(b.dropFirst())])
    }
    if n <= 3 {
      return ((1...n).map { "x\(subscriptDigits($0))" }, (0..<n).map { column(x, $0) }, (0..<n).map { column(y, $0) })
    }
    let axes = try principalAxes(of: x, count: 3)
    func project(_ t: Tensor<Double>) -> [[Double]] {
      let rows = t.shape[0]
      return axes.map { axis in
        (0..<rows).map { r in
          var s = 0.0
          for j in 0..<n { s += axis[j] * t.scalars[r * n + j] }
          return s
        }
      }
    }
    return (["PC 1", "PC 2", "PC 3"], project(x), project(y))
  }

  static func subscriptDigits(_ k: Int) -> String {
    let digits: [Character: Character] = ["0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉"]
    return String(String(k).map { digits[$0]! })
  }

  /// The 2-D projections of true and generated trajectories overlaid (three for three or more
  /// coordinates, one for two): true behind in grey, generated on top. `colors` (one symbol per
  /// generated point, e.g. its linear subregion) colours the generated dots instead.
  public static func projections(
    names: [String], truth: [[Double]], generated: [[Double]], size: Double = 300, idPrefix: String,
    colors: (symbols: [Int], palette: [String], legend: [String])? = nil, titlePrefix: String = "Attractor", radius: Double = 0.8
  ) -> [Plot] {
    let pairs = names.count >= 3 ? [(0, 1), (0, 2), (1, 2)] : [(0, 1)]
    // Both trajectories share each axis's range, so the shapes are comparable.
    return pairs.enumerated().map { k, pair in
      let (i, j) = pair
      var plot = Plot(title: "\(titlePrefix): \(names[j]) against \(names[i])", xLabel: names[i], yLabel: names[j])
      (plot.width, plot.height, plot.id) = (size, size, "\(idPrefix)-proj\(k)")
      plot.series.append(Series("true", x: truth[i], y: truth[j], color: "#9a9a9a", style: .points(radius: radius), opacity: 0.35))
      if let colors {
        plot.series.append(Series("generated", x: generated[i], y: generated[j], color: Palette.generated, style: .points(radius: 1),
                                  pointColors: colors.symbols, pointPalette: colors.palette, inLegend: false))
        plot.showLegend = false
      } else {
        plot.series.append(Series("generated", x: generated[i], y: generated[j], color: Palette.generated, style: .points(radius: radius), opacity: 0.6))
      }
      return plot
    }
  }

  /// The 2-D projections drawn separately: a row of the true data and a row of the generated
  /// trajectory on the same axes (the true data's range, so that shapes compare directly); when
  /// more than 1 % of the generated points lie outside it, that panel's axes widen and its note
  /// says so.
  public static func separateProjections(names: [String], truth: [[Double]], generated: [[Double]], size: Double = 300, idPrefix: String)
    -> (truth: [Plot], generated: [Plot])
  {
    let pairs = names.count >= 3 ? [(0, 1), (0, 2), (1, 2)] : [(0, 1)]
    let domains = names.indices.map { Scale.domain(of: truth[$0].isEmpty ? generated[$0] : truth[$0], kind: .linear) }
    func plot(_ k: Int, _ who: String, _ c: [[Double]], _ color: String, _ opacity: Double) -> Plot {
      let (i, j) = pairs[k]
      var p = Plot(title: "\(who): \(names[j]) against \(names[i])", xLabel: names[i], yLabel: names[j])
      (p.width, p.height, p.id, p.showLegend) = (size, size - 16, "\(idPrefix)-\(who.lowercased())\(k)", false)
      (p.xDomain, p.yDomain) = (domains[i], domains[j])
      // A fixed point or a short cycle is a few points: drawn large enough to be seen.
      var distinct = Set<[Double]>()
      for (u, v) in zip(c[i], c[j]) where distinct.count <= 50 { distinct.insert([(u * 1e6).rounded(), (v * 1e6).rounded()]) }
      let few = distinct.count <= 50
      p.series = [Series(who, x: c[i], y: c[j], color: color, style: .points(radius: few ? 3 : 0.8), opacity: few ? 1 : opacity)]
      if who == "Generated" {
        // Points outside the true range: the axes widen to show them, and the note says so.
        let outside = zip(c[i], c[j]).filter { !domains[i].contains($0.0) || !domains[j].contains($0.1) }.count
        if outside * 100 > c[i].count {
          p.xDomain = Scale.domain(of: c[i] + [domains[i].lowerBound, domains[i].upperBound], kind: .linear)
          p.yDomain = Scale.domain(of: c[j] + [domains[j].lowerBound, domains[j].upperBound], kind: .linear)
          p.note = String(format: "axes widened: %.0f %% outside the true range", 100 * Double(outside) / Double(max(c[i].count, 1)))
        }
      }
      return p
    }
    return (pairs.indices.map { plot($0, "True", truth, Palette.truth, 0.5) }, pairs.indices.map { plot($0, "Generated", generated, Palette.generated, 0.6) })
  }

  /// The label of a time axis: `time (time units, dt = 0.004)` when the model's time step `dt`
  /// is known (the recording's ``Preprocessing/modelDt``), `step` otherwise.
  public static func timeLabel(dt: Double?) -> String {
    dt.map { "time (time units, dt = \(SVGText.number($0)))" } ?? "step"
  }

  /// True and generated series of each of the first `maxDimensions` observed dimensions over the
  /// first `steps` steps (both started from the same first data point); against time in the
  /// recording's units when the model's time step `dt` is known, against the step otherwise.
  public static func timeSeries(true x: Tensor<Double>, generated y: Tensor<Double>, steps: Int = 1000, maxDimensions: Int? = 8,
                                width: Double = 620, height: Double = 170, dt: Double? = nil, idPrefix: String) -> [Plot] {
    let n = x.shape[1], t = min(steps, x.shape[0], y.shape[0])
    let shown = maxDimensions.map { min($0, n) } ?? n
    let span = dt.map { " (\(SVGText.number(Double(t) * $0)) time units)" } ?? ""
    return (0..<shown).map { d in
      var plot = Plot(title: "Time series x\(subscriptDigits(d + 1)), first \(t) steps\(span)", xLabel: d == shown - 1 ? timeLabel(dt: dt) : "",
                      yLabel: "x\(subscriptDigits(d + 1))")
      (plot.width, plot.height, plot.id) = (width, height, "\(idPrefix)-ts\(d)")
      let steps = (0..<t).map { Double($0) * (dt ?? 1) }
      plot.series = [Series("true", x: steps, y: Array(column(x, d).prefix(t)), color: Palette.truth, style: .line(width: 1.4)),
                     Series("generated", x: steps, y: Array(column(y, d).prefix(t)), color: Palette.generated, style: .line(width: 1.2))]
      return plot
    }
  }

  /// The power spectra of true and generated series per dimension, each z-scored, smoothed with
  /// σ = `smoothing` frequency bins and normalised exactly as D_H computes them
  /// (``PowerSpectrumDistance/spectrum(_:smoothing:)``), with the dimension's Hellinger distance.
  /// The frequency axis ends where 99.5 % of both spectra's power lies below it; it is in cycles
  /// per time unit (bin k at k / (T·dt)) when the model's time step `dt` is known, in bins
  /// otherwise.
  public static func spectra(true x: Tensor<Double>, generated y: Tensor<Double>, smoothing: Double, maxDimensions: Int? = 8,
                             width: Double = 310, height: Double = 220, dt: Double? = nil, idPrefix: String) -> [Plot] {
    let n = x.shape[1], t = min(x.shape[0], y.shape[0])
    let shown = maxDimensions.map { min($0, n) } ?? n
    return (0..<shown).map { d in
      let p = PowerSpectrumDistance.spectrum(Array(column(x, d).prefix(t)), smoothing: smoothing)
      let q = PowerSpectrumDistance.spectrum(Array(column(y, d).prefix(t)), smoothing: smoothing)
      let finite = p.allSatisfy(\.isFinite) && q.allSatisfy(\.isFinite)
      var hellinger = 0.0
      for (a, b) in zip(p, q) { hellinger += (a.squareRoot() - b.squareRoot()) * (a.squareRoot() - b.squareRoot()) }
      hellinger = (hellinger / 2).squareRoot()
      var cut = p.count
      if finite {
        var (sp, sq) = (0.0, 0.0)
        for k in p.indices {
          sp += p[k]
          sq += q[k]
          if sp >= 0.995 && sq >= 0.995 {
            cut = min(p.count, max(k + 1, 8))
            break
          }
        }
      }
      let title = "Power spectrum x\(subscriptDigits(d + 1))" + (finite ? ", D_H = \(SVGText.number(hellinger, digits: 3))" : "")
      let xLabel = dt == nil ? "frequency bin k (k/\(t) cycles per step)" : "frequency (cycles per time unit)"
      var plot = Plot(title: title, xLabel: xLabel, yLabel: "power (normalised)")
      (plot.width, plot.height, plot.id, plot.xScale) = (width, height, "\(idPrefix)-psd\(d)", .log)
      let k = (1..<max(cut, 2)).map { Double($0) / (dt.map { Double(t) * $0 } ?? 1) }
      plot.series = [Series("true", x: k, y: Array(p.prefix(cut).dropFirst()), color: Palette.truth, style: .line(width: 1.6)),
                     Series("generated", x: k, y: Array(q.prefix(cut).dropFirst()), color: Palette.generated, style: .line(width: 1.4), dash: "5 3")]
      // σ in the axis's units too: a bin is 1/(T·dt) cycles per time unit.
      let width = dt.map { "σ = \(SVGText.number(smoothing)) bins (\(SVGText.number(smoothing / (Double(t) * $0), digits: 3)) per time unit) as in D_H" }
      plot.note = finite ? width ?? "σ = \(SVGText.number(smoothing)) bins as in D_H; to 99.5 % of the power" : "a constant or non-finite series has no spectrum"
      return plot
    }
  }
}
