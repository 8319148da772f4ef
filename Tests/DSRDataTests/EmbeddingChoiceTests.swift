import DSRData
import DSRTensor
import DSRTestSupport
import Foundation
import Testing

@Suite("EmbeddingChoice: the delay embedding chosen for a recording, and its report")
struct EmbeddingChoiceTests {
  @Test("Lorenz-63 x, uniform: the AMI delay, Cao's dimension 3, the summary")
  func lorenzUniform() throws {
    let f = try EmbeddingFixture.load("lorenz_x")
    let choice = try EmbeddingChoice.choose([f.recording])
    let ami = try AutoMutualInformation.estimate([f.recording], channel: 0)
    #expect(choice.method == .uniform && choice.channels == 1 && choice.maximalDelay == 150 && choice.maximalDimension == 10)
    #expect(choice.mutualInformation == [ami] && choice.delay == ami.delay && !choice.delayGiven && choice.nonuniform == nil)
    let cao = try #require(choice.cao)
    #expect(cao.delay == ami.delay && cao.theilerWindow == ami.delay && cao.maximalCopies == 10)
    #expect(try cao.copies == 3 && choice.embedding == (DelayEmbedding.uniform(channels: 1, dimension: 3, delay: ami.delay)))
    #expect(choice.summary == "delay \(ami.delay) samples (first minimum of the auto-mutual information), dimension 3 (Cao: E1 saturates at d = 3)")
    #expect(try JSONRoundTrip.roundTrip(choice) == choice)
    #expect(try EmbeddingChoice.choose([f.recording]) == choice)
  }

  @Test("a given delay: only the dimension is chosen")
  func givenDelay() throws {
    let f = try EmbeddingFixture.load("lorenz_x")
    let choice = try EmbeddingChoice.choose([f.recording], delay: 12, maximalDimension: 5)
    #expect(choice.delay == 12 && choice.delayGiven && choice.cao?.delay == 12 && choice.cao?.maximalCopies == 5)
    #expect(choice.embedding.coordinates.map(\.lag) == (0..<choice.cao!.copies).map { 12 * $0 })
    #expect(choice.summary.hasPrefix("delay 12 samples (given), dimension \(choice.cao!.copies) (Cao: "))
  }

  @Test("white noise: the summary says it looks like noise")
  func noise() throws {
    let choice = try EmbeddingChoice.choose([try EmbeddingFixture.load("noise").recording], maximalDimension: 6)
    #expect(choice.summary.hasSuffix("; E2 ≈ 1 at every d: the recording looks like noise"))
  }

  @Test("Lorenz-63 x, y, z: the channels suffice, the identity embedding")
  func channelsSuffice() throws {
    let path = repositoryRoot().appendingPathComponent("Datasets/lorenz63_test.npy").path
    let xyz: Tensor<Double> = try MatrixFile.read(path)
    let choice = try EmbeddingChoice.choose([xyz.rows(0..<3000)], maximalDimension: 9)
    #expect(choice.embedding.isIdentity && choice.cao?.copies == 1 && choice.mutualInformation.count == 3)
    #expect(choice.delay == choice.mutualInformation.map(\.delay).min())
    #expect(choice.summary.hasPrefix("the 3 channels suffice, no delays (Cao: E1 = "))
  }

  @Test("non-uniform: the greedy search's embedding and steps, Theiler window the AMI delay")
  func nonuniform() throws {
    let f = try EmbeddingFixture.load("lorenz_x")
    let choice = try EmbeddingChoice.choose([f.recording], method: .nonuniform, maximalDelay: 30, maximalDimension: 6)
    let search = try #require(choice.nonuniform)
    #expect(choice.cao == nil && search.theilerWindow == choice.mutualInformation[0].delay && choice.embedding == search.embedding)
    #expect(choice.summary.hasPrefix("non-uniform delays (greedy, PECUZAL-style, Theiler window \(choice.delay) samples): channel 1 at lags 0, "))
    #expect(try JSONRoundTrip.roundTrip(choice) == choice)
  }

  @Test("contradictory or impossible settings are errors that say what to do")
  func errors() throws {
    let x = try EmbeddingFixture.load("lorenz_x").recording
    func message(_ body: () throws -> Void) -> String {
      do { try body(); return "no error" } catch { return "\(error)" }
    }
    #expect(message { _ = try EmbeddingChoice.choose([x], method: .nonuniform, delay: 5) }.contains("drop the delay, or use the uniform method"))
    #expect(message { _ = try EmbeddingChoice.choose([x], delay: 0) }.contains("give a delay ≥ 1 sample"))
    #expect(message { _ = try EmbeddingChoice.choose([x], maximalDimension: 1) }.contains("allow at least 2"))
  }
}
