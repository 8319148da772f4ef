import DSRTraining

extension TrainingSettings {
  /// The settings the trainer tests start from, each test changing what it examines.
  ///
  /// Every value is stated here for these tests: they are the values the tests were written
  /// against (the reference's 5000 epochs and end_lr 1e-6, α by product_upper_bound), not dsr's
  /// defaults, which DSRExperiment's `Configuration.keys` states (DSRTrainingTests sit below
  /// DSRExperiment and cannot read it; tests of what a user trains live in DSRExperimentTests and
  /// use `RunConfiguration.defaults`).
  static var trainerTest: TrainingSettings {
    TrainingSettings(
      sequenceLength: 200, batchSize: 16, batchesPerEpoch: 50, epochs: 5000,
      forcing: .generalized(GTFSettings(alpha: 1, method: .productUpperBound, decay: 0.999, updateInterval: 5)),
      partialForcing: false, noiseLevel: 0, optimizer: .radam, startLearningRate: 1e-3, endLearningRate: 1e-6,
      gradientClippingNorm: 0, latentRegularization: 1e-5, observationRegularization: 0, marRatio: 0, marLambda: 0, threads: 1)
  }
}
