import DSRDynamics
import DSRExperiment
import DSRTraining
import Foundation
import Testing

/// The advice after a run whose kept model's free runs die: only changes the run did not already
/// make, with real keys and a command that parses.
@Suite struct TrainingAdviceTests {
  func survey(_ kinds: [OrbitClassification.Kind], excess: Double = 0) -> OrbitSurvey {
    OrbitSurvey(starts: kinds.enumerated().map { i, k in
      .init(trajectory: 0, row: i * 100, orbit: .init(kind: k, largestExponent: nil, settledStep: 3100), rangeExcess: excess)
    }, steps: 20_000)
  }

  /// The run of `overrides`, trained with `forcing` (auto resolved) or the configured forcing.
  func run(_ overrides: [String], forcing: Forcing? = nil) throws -> TrainingAdvice.Run {
    let spec = try Configuration.load(file: nil, overrides: overrides).decoded
    return TrainingAdvice.Run(configuration: spec, forcing: forcing ?? spec.training.settings.forcing,
                              configPath: "Results/e/n/001/config.json", shortestTrajectory: 100_000)
  }

  /// The `key=value` settings the advice proposes.
  func settings(_ advice: String) -> [String] {
    advice.split(whereSeparator: { " ,`".contains($0) }).map(String.init).filter { $0.contains("=") && !$0.hasPrefix("--") }
  }

  @Test("a fixed point under auto (chosen: product_upper_bound) is not told to use product_upper_bound")
  func fixedPointUnderAuto() throws {
    let resolved = Forcing.generalized(GTFSettings(alpha: 1, method: .productUpperBound, decay: 0.999, updateInterval: 5))
    let advice = try #require(TrainingAdvice.advice(for: survey([.fixedPoint, .fixedPoint, .fixedPoint, .irregular, .irregular]), run: run([], forcing: resolved)))
    #expect(advice.hasPrefix("A fixed point is not a reconstruction"))
    #expect(!advice.contains("gtf_alpha_method=product_upper_bound"), "\(advice)")
    #expect(advice.contains("gtf_alpha_method=explog_approx (weaker forcing than product_upper_bound, chosen by auto)"), "\(advice)")
    #expect(advice.contains("epochs=4000 (train longer; now 2000)") && advice.contains("hidden_dim=200") && advice.contains("sequence_length=400"))
    #expect(!advice.contains("model_selection"), "the run already keeps the best living checkpoint")
    #expect(advice.contains("`dsr inspect Datasets/lorenz63_noise0.05_train.npy`"), "\(advice)")
  }

  @Test("what the run already does is not advised; what it does not do is")
  func matchesTheRun() throws {
    let fixed = survey([.fixedPoint])
    // Constant α: a smaller α and an adaptive estimator.
    let constant = try #require(TrainingAdvice.advice(for: fixed, run: run(["gtf_alpha_method=constant", "gtf_alpha=0.3"])))
    #expect(constant.contains("gtf_alpha=0.15 (weaker constant forcing; now 0.3)") && constant.contains("gtf_alpha_method=product_upper_bound"))
    // The weakest estimator already: no forcing method advised; model_selection=last: advise best.
    let weakest = try #require(TrainingAdvice.advice(for: fixed, run: run(["gtf_alpha_method=explog_approx", "model_selection=last"])))
    #expect(!weakest.contains("gtf_alpha_method") && weakest.contains("model_selection=best"))
    // Auto chose batch_maximum (map-like data): no weaker estimator (α would fall below the map's
    // stretching); an explicit batch_maximum gets product_upper_bound.
    let map = Forcing.generalized(GTFSettings(alpha: 1, method: .batchMaximum, decay: 0.999, updateInterval: 5))
    #expect(!(TrainingAdvice.advice(for: fixed, run: try run([], forcing: map)) ?? "").contains("gtf_alpha_method"))
    #expect((TrainingAdvice.advice(for: fixed, run: try run(["gtf_alpha_method=batch_maximum"])) ?? "")
      .contains("gtf_alpha_method=product_upper_bound (weaker forcing than batch_maximum)"))
    // Windows as long as the data allows.
    var short = try run([])
    short.shortestTrajectory = 300
    #expect(!(TrainingAdvice.advice(for: fixed, run: short) ?? "").contains("sequence_length"))
    // Escapes: standardize=true is not repeated, false is corrected; clipping only when off.
    let escape = survey([.divergent(step: 40)])
    let standardized = try #require(TrainingAdvice.advice(for: escape, run: run([])))
    #expect(standardized.hasPrefix("The free runs escape") && !standardized.contains("standardize"), "\(standardized)")
    #expect(standardized.contains("gradient_clipping_norm=10") && standardized.contains("lat_model_regularization=0.0001 (pull the latent model towards stability; now 1e-05)"))
    let raw = try #require(TrainingAdvice.advice(for: escape, run: run(["standardize=false", "gradient_clipping_norm=5", "gtf_alpha_method=batch_maximum"])))
    #expect(raw.contains("standardize=true") && !raw.contains("gradient_clipping_norm") && !raw.contains("gtf_alpha_method"), "\(raw)")
    // Sparse teacher forcing: its interval, not GTF keys.
    let sparse = try #require(TrainingAdvice.advice(for: fixed, run: run(["use_gtf=false"])))
    #expect(sparse.contains("teacher_forcing_interval=32 (sparser forcing; now 16)") && !sparse.contains("gtf_alpha"))
    // A bounded orbit outside the data is named as such.
    let outside = try #require(TrainingAdvice.advice(for: survey([.irregular, .irregular], excess: 4), run: run([])))
    #expect(outside.hasPrefix("An orbit far outside the data's range is not a reconstruction"))
    // Living models get no advice.
    #expect(TrainingAdvice.advice(for: survey([.irregular, .irregular, .fixedPoint]), run: try run([])) == nil)
  }

  @Test("every proposed key is a configuration key and the command's settings parse")
  func realKeys() throws {
    let names = Set(Configuration.keys.map(\.name))
    for (kinds, overrides) in [([OrbitClassification.Kind.fixedPoint], ["model=ALRNN", "pwl_units=1", "latent_dim=3"]),
                               ([.fixedPoint], ["model=dendPLRNN", "use_gtf=false", "model_selection=last"]),
                               ([.divergent(step: 3)], ["gtf_alpha_method=constant", "gtf_alpha=0.2", "standardize=false"])] {
      let advice = try #require(TrainingAdvice.advice(for: survey(kinds), run: run(overrides)))
      let proposed = settings(advice)
      #expect(!proposed.isEmpty)
      for setting in proposed {
        #expect(names.contains(String(setting.split(separator: "=")[0])), "\(setting) in \(advice)")
        // Each change is accepted by the configuration on top of the run's own.
        #expect(throws: Never.self) { try Configuration.load(file: nil, overrides: overrides + [setting]) }
      }
      #expect(advice.contains("E.g. `dsr train --config Results/e/n/001/config.json --set run=2 --set \(proposed[0])`"), "\(advice)")
    }
  }
}
