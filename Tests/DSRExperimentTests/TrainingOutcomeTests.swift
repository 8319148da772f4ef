@testable import DSRExperiment
import Testing

/// ``TrainingOutcome``: the exit status convention and the divergence message.
@Suite("TrainingOutcome")
struct TrainingOutcomeTests {
  @Test("finished exits 0, diverged exits with the status the grid's workers read as diverged")
  func exitStatus() {
    let divergence = TrainingDivergence(epoch: 4, batch: 2, reason: "the loss is nan", directory: "R/e/n/001", lastCheckpoint: nil)
    #expect(TrainingOutcome.finished(RunDirectory(path: "R/e/n/001")).exitStatus == 0)
    #expect(TrainingOutcome.diverged(divergence).exitStatus == TrainingOutcome.divergedExitStatus)
    #expect(TrainingOutcome.diverged(divergence).directory.path == "R/e/n/001")
    #expect(divergence.description.hasPrefix("training diverged at epoch 4, batch 2: the loss is nan; no checkpoint had been written yet. Try a smaller start_lr"))
  }
}
