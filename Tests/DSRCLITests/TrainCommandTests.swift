import DSRTestSupport
import Foundation
import Testing

/// `dsr train` end to end: small runs on the first 4000 rows of the shipped Lorenz-63 training data
/// (`Fixtures/lorenz63_train_small.npy`) in a temporary directory.
@Suite("dsr train", .serialized)
struct TrainCommandTests {
  let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("dsr-train-tests-\(getpid())")

  /// A small, quick configuration (debug builds are slow) plus extra overrides.
  func arguments(results: String, _ extra: [String] = []) -> [String] {
    let data = fixturesDirectory().appendingPathComponent("lorenz63_train_small.npy").path
    let base = [
      "path_to_data=\(data)", "results_directory=\(scratch.appendingPathComponent(results).path)",
      "hidden_dim=8", "sequence_length=20", "batches_per_epoch=4", "epochs=6", "scalar_saving_interval=2",
      "gtf_alpha_method=constant", "gtf_alpha=0.2", "experiment=t", "name=lorenz",
    ]
    return ["train"] + (base + extra).flatMap { ["--set", $0] }
  }

  func runDirectory(_ results: String, run: Int = 1) -> URL {
    scratch.appendingPathComponent(results).appendingPathComponent("t/lorenz").appendingPathComponent(String(format: "%03d", run))
  }

  @Test("patience stops a run whose kept checkpoint stops changing; the run ends there and --resume leaves it stopped")
  func patience() throws {
    // A model that comes alive (the small default of this suite stays at a fixed point, which no
    // monitor can keep, so patience never stops it).
    let living = ["hidden_dim=32", "sequence_length=50", "batches_per_epoch=10", "start_lr=0.005", "gtf_alpha=0.1"]
    let r = try DSRProcess.run(arguments(results: "patience", living + ["epochs=80", "patience=1", "scalar_saving_interval=4"]))
    #expect(r.status == 0, "\(r.stderr)")
    // With patience 1 the run stops at the first monitor that does not score best (deterministic for the seed).
    let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("Stopped at epoch ") }, "\(r.stdout)")
    let stopped = Int(line.dropFirst("Stopped at epoch ".count).prefix { $0.isNumber })!
    #expect(stopped < 80 && stopped % 4 == 0 && line.contains("(patience = 1; 0 trains all epochs)"), "\(line)")
    let dir = runDirectory("patience")
    let events = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
      .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    let finished = try #require(events.last)
    #expect(finished["event"] as? String == "finished" && finished["epoch"] as? Int == stopped)
    #expect(events.compactMap { $0["event"] == nil ? $0["epoch"] as? Int : nil }.max() == stopped, "no monitor after the stop")
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.json").path))
    let before = try Data(contentsOf: dir.appendingPathComponent("metrics.jsonl"))
    let resumed = try DSRProcess.run(["train", "--resume", dir.path])
    #expect(resumed.status == 0 && resumed.stdout.contains("Nothing to do: the run stopped at epoch \(stopped) of 80"), "\(resumed.stdout)")
    #expect(try Data(contentsOf: dir.appendingPathComponent("metrics.jsonl")) == before, "a stopped run's records are kept")
    // patience = 0 trains every epoch.
    let all = try DSRProcess.run(arguments(results: "patience0", ["epochs=12", "patience=0", "scalar_saving_interval=2"]))
    #expect(all.status == 0 && all.stdout.contains("Finished 12 epochs"), "\(all.stdout)")
    let refused = try DSRProcess.run(arguments(results: "patience-bad", ["patience=-1"]))
    #expect(refused.status != 0 && refused.stderr.contains("patience"), "\(refused.stderr)")
    let noThreads = try DSRProcess.run(arguments(results: "threads-bad", ["threads=0"]))
    #expect(noThreads.status != 0 && noThreads.stderr.contains("threads"), "\(noThreads.stderr)")
    // Two threads train (the batch in two shards); the same command again gives the same model.
    for attempt in ["threads-a", "threads-b"] {
      let r = try DSRProcess.run(["train", "--threads", "2"] + arguments(results: attempt).dropFirst())
      #expect(r.status == 0, "\(r.stderr)")
    }
    let a = try Data(contentsOf: runDirectory("threads-a").appendingPathComponent("model.json"))
    let b = try Data(contentsOf: runDirectory("threads-b").appendingPathComponent("model.json"))
    #expect(a == b, "threads = 2 is deterministic")
  }

  @Test("a run writes config.json, metrics.jsonl, checkpoints and a model.json readable as plain JSON")
  func endToEnd() throws {
    let r = try DSRProcess.run(arguments(results: "e2e"))
    #expect(r.status == 0, "\(r.stderr)")
    let dir = runDirectory("e2e")
    #expect(r.stdout.contains("Finished 6 epochs"))
    #expect(r.stdout.contains("[t/lorenz::001] epoch 2/6"), "one plain line per monitoring epoch when not on a terminal")
    let metrics = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
    #expect(metrics.count == 5, "epochs 2, 4, 6, the verdict and the finished event")
    // The verdict: one line on stdout, one record in metrics.jsonl.
    #expect(r.stdout.contains("Verdict: free runs from 5 points spread over the training data (100000 steps each) — "), "\(r.stdout)")
    let verdict = try JSONSerialization.jsonObject(with: Data(metrics[3].utf8)) as! [String: Any]
    #expect(verdict["event"] as? String == "verdict" && verdict["epoch"] as? Int == 6)
    let orbits = ["divergent", "fixed_point", "cycle", "quasi_periodic", "irregular"]
    #expect(orbits.contains(verdict["orbit"] as? String ?? ""), "\(verdict)")
    // Every start's orbit; the single-orbit fields are the first start's (the first training point).
    let starts = verdict["starts"] as? [[String: Any]] ?? []
    #expect(starts.count == 5 && starts.allSatisfy { orbits.contains($0["orbit"] as? String ?? "") }, "\(verdict)")
    #expect(starts.first?["orbit"] as? String == verdict["orbit"] as? String && starts.first?["row"] as? Int == 0)
    let last = try JSONSerialization.jsonObject(with: Data(metrics[2].utf8)) as! [String: Any]
    #expect(verdict["dstsp"] as? Double == last["dstsp"] as? Double, "the verdict reuses the final monitor's measures")
    let first = try JSONSerialization.jsonObject(with: Data(metrics[0].utf8)) as! [String: Any]
    #expect(first["epoch"] as? Int == 2 && first["loss"] is Double && first["alpha"] as? Double == 0.2)
    // Training-time measures; a model this young may free-run onto a fixed point, which gets no
    // D_stsp or D_H (null) and says so in `health`.
    let dead = ["fixed_point", "divergent"].contains(first["health"] as? String ?? "")
    #expect(first["pe"] is Double && first["pe_normalized"] is Double, "training-time measures")
    #expect(dead ? first["dstsp"] is NSNull && first["dh"] is NSNull : first["dstsp"] is Double && first["dh"] is Double, "\(first)")
    #expect(r.stdout.contains("Dₛₜₛₚ (BIN)") && r.stdout.contains("PE(20)"))
    let model = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("model.json"))) as! [String: Any]
    #expect(model["format"] as? String == "dsr-model" && model["version"] as? Int == 1)
    #expect(model["model"] as? String == "clippedShallowPLRNN" && model["hidden_dim"] as? Int == 8)
    let parameters = model["parameters"] as! [String: [String: Any]]
    #expect(Set(parameters.keys) == ["A", "W1", "W2", "h1", "h2"])
    #expect(parameters["W1"]?["shape"] as? [Int] == [3, 8] && (parameters["W1"]?["data"] as? [Double])?.count == 24)
    let config = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("config.json"))) as! [String: Any]
    #expect(config["seed"] as? Int == 1 && config["hidden_dim"] as? Int == 8)
    for e in [2, 4, 6] { #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("checkpoints/model_\(e).json").path)) }
    // The same run again is refused, and nothing is overwritten.
    let before = try Data(contentsOf: dir.appendingPathComponent("model.json"))
    let again = try DSRProcess.run(arguments(results: "e2e"))
    #expect(again.status == 1 && again.stderr.contains("already holds a run") && again.stderr.contains("--resume"))
    #expect(try Data(contentsOf: dir.appendingPathComponent("model.json")) == before)
  }

  @Test("same configuration and seed give a bit-identical model.json; another seed does not")
  func determinism() throws {
    for name in ["a", "b"] { #expect(try DSRProcess.run(arguments(results: "det-\(name)")).status == 0) }
    #expect(try DSRProcess.run(arguments(results: "det-c", ["seed=2"])).status == 0)
    let a = try Data(contentsOf: runDirectory("det-a").appendingPathComponent("model.json"))
    let b = try Data(contentsOf: runDirectory("det-b").appendingPathComponent("model.json"))
    let c = try Data(contentsOf: runDirectory("det-c").appendingPathComponent("model.json"))
    #expect(a == b)
    #expect(a != c)
  }

  @Test("DSR_TRACE_BATCHES records the initial model and the first batches without changing the training")
  func batchTrace() throws {
    let traced = try DSRProcess.run(arguments(results: "trace-a"), environment: ["DSR_TRACE_BATCHES": "5", "DSR_TRACE_GRADIENTS": "2"])
    #expect(traced.status == 0, "\(traced.stderr)")
    #expect(try DSRProcess.run(arguments(results: "trace-b")).status == 0)
    let a = runDirectory("trace-a"), b = runDirectory("trace-b")
    #expect(try Data(contentsOf: a.appendingPathComponent("model.json")) == Data(contentsOf: b.appendingPathComponent("model.json")))
    #expect(!FileManager.default.fileExists(atPath: b.appendingPathComponent("trace").path), "no trace unless asked")
    let lines = try String(contentsOf: a.appendingPathComponent("trace/batches.jsonl"), encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 5)
    let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
    #expect((first["windows"] as? [[Int]])?.count == 16 && first["gradients"] != nil)
    let initial = try JSONSerialization.jsonObject(with: Data(contentsOf: a.appendingPathComponent("trace/model_0.json"))) as! [String: Any]
    #expect((initial["parameters"] as? [String: Any]) != nil && initial["training"] == nil)
    let bad = try DSRProcess.run(arguments(results: "trace-c"), environment: ["DSR_TRACE_BATCHES": "many"])
    #expect(bad.status == 1 && bad.stderr.contains("DSR_TRACE_BATCHES"), "\(bad.stderr)")
  }

  @Test("a run killed with SIGKILL resumes from its checkpoint to exactly the uninterrupted parameters")
  func resumeAfterKill() throws {
    let long = ["epochs=40", "scalar_saving_interval=1", "gtf_alpha_method=product_upper_bound", "gtf_alpha=1", "alpha_update_interval=2"]
    #expect(try DSRProcess.run(arguments(results: "straight", long)).status == 0)

    let process = Process()
    process.executableURL = DSRProcess.executable
    process.arguments = arguments(results: "killed", long)
    process.currentDirectoryURL = repositoryRoot()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let dir = runDirectory("killed")
    let checkpoint = dir.appendingPathComponent("checkpoints/model_3.json").path
    let deadline = Date().addingTimeInterval(120)
    while !FileManager.default.fileExists(atPath: checkpoint) && process.isRunning && Date() < deadline { usleep(2000) }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal, "the run must be killed mid-way, not finish")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.json").path))

    let resumed = try DSRProcess.run(["train", "--resume", dir.path])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("Resuming"))
    let straight = try Data(contentsOf: runDirectory("straight").appendingPathComponent("model.json"))
    #expect(try Data(contentsOf: dir.appendingPathComponent("model.json")) == straight)
    // metrics.jsonl holds each epoch once.
    let epochs = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
      .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
      .filter { $0["event"] == nil }.compactMap { $0["epoch"] as? Int }
    #expect(epochs == Array(1...40))
  }

  @Test("a run without a checkpoint starts again; a damaged latest.json resumes from the newest model snapshot")
  func restartAndDamagedCheckpoint() throws {
    #expect(try DSRProcess.run(arguments(results: "restart")).status == 0)
    let dir = runDirectory("restart")
    let fm = FileManager.default
    // As after a kill before the first checkpoint: config.json (and metrics) only.
    for f in ["model.json", "checkpoints"] { try fm.removeItem(at: dir.appendingPathComponent(f)) }
    let again = try DSRProcess.run(arguments(results: "restart"))
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stderr.contains("never reached its first checkpoint (scalar_saving_interval 2); starting it again"))
    for f in ["model.json", "checkpoints"] { try fm.removeItem(at: dir.appendingPathComponent(f)) }
    let resumed = try DSRProcess.run(["train", "--resume", dir.path])
    #expect(resumed.status == 0 && resumed.stderr.contains("starting it again"), "\(resumed.stderr)")
    // A truncated latest.json: the newest intact snapshot (epoch 6) carries the run on.
    try fm.removeItem(at: dir.appendingPathComponent("model.json"))
    let latest = dir.appendingPathComponent("checkpoints/latest.json")
    try Data(try Data(contentsOf: latest).prefix(100)).write(to: latest)
    // A temporary file of an atomic write killed before its rename goes with the next start.
    let stale = dir.appendingPathComponent("checkpoints/.latest.json.tmp-999999").path
    fm.createFile(atPath: stale, contents: Data("partial".utf8))
    let damaged = try DSRProcess.run(["train", "--resume", dir.path])
    #expect(damaged.status == 0, "\(damaged.stderr)")
    #expect(!fm.fileExists(atPath: stale))
    #expect(damaged.stderr.contains("checkpoints/model_6.json (epoch 6): parameters and α restored"))
    #expect(fm.fileExists(atPath: dir.appendingPathComponent("model.json").path))
    // config.json edited after the start (hidden_dim 8 → 12): refused, naming the array, not a crash.
    try fm.removeItem(at: dir.appendingPathComponent("model.json"))
    let config = dir.appendingPathComponent("config.json")
    let edited = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: #""hidden_dim" : 8"#, with: #""hidden_dim" : 12"#)
    try Data(edited.utf8).write(to: config)
    let mismatch = try DSRProcess.run(["train", "--resume", dir.path])
    #expect(mismatch.status == 1 && mismatch.stderr.contains("holds parameter W1 of shape [3, 8], but the run's config.json now builds [3, 12]"),
            "\(mismatch.stderr)")
  }

  @Test("a run directory in training is locked: a second train or resume names the process and changes nothing")
  func lockedRunDirectory() throws {
    let process = Process()
    process.executableURL = DSRProcess.executable
    process.arguments = arguments(results: "locked", ["epochs=100000"])
    process.currentDirectoryURL = repositoryRoot()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
    let dir = runDirectory("locked")
    let config = dir.appendingPathComponent("config.json").path
    let deadline = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: config) && Date() < deadline { usleep(2000) }
    let before = try Data(contentsOf: URL(fileURLWithPath: config))
    let second = try DSRProcess.run(arguments(results: "locked", ["hidden_dim=20"]))
    #expect(second.status == 1 && second.stderr.contains("the run is being trained by process \(process.processIdentifier)"), "\(second.stderr)")
    let resume = try DSRProcess.run(["train", "--resume", dir.path])
    #expect(resume.status == 1 && resume.stderr.contains("kill \(process.processIdentifier)"), "\(resume.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: config)) == before)
  }

  @Test("divergence stops the run with exit status 3, a diverged record and a remedy")
  func divergence() throws {
    let r = try DSRProcess.run(arguments(results: "diverge", ["start_lr=1e30", "scalar_saving_interval=1"]))
    #expect(r.status == 3)
    #expect(r.stderr.contains("diverged") && r.stderr.contains("start_lr"))
    let metrics = try String(contentsOf: runDirectory("diverge").appendingPathComponent("metrics.jsonl"), encoding: .utf8)
    #expect(metrics.contains(#""event":"diverged""#))
    #expect(!FileManager.default.fileExists(atPath: runDirectory("diverge").appendingPathComponent("model.json").path))
  }

  @Test("bad configurations are refused before anything is written, naming the key")
  func configurationErrors() throws {
    let cases: [([String], String)] = [
      (["epohcs=3"], "did you mean 'epochs'?"),
      (["latent_dim=2"], "latent_dim"),
      (["model=ALRNN", "pwl_units=7"], "pwl_units"),
      (["observation_model=Identiy"], "did you mean 'Identity'?"),
      (["gtf_alpha=1.5"], "gtf_alpha"),
      (["model=PLRNN", "gtf_alpha_method=jacobian_upper_bound"], "jacobian_upper_bound"),
      (["sequence_length=200000"], "sequence_length"),
      (["epochs=ten"], "must be an integer"),
    ]
    for (extra, message) in cases {
      let r = try DSRProcess.run(arguments(results: "bad", extra))
      #expect(r.status == 1, "\(extra)")
      #expect(r.stderr.contains(message), "\(extra): \(r.stderr)")
    }
    let written = (try? FileManager.default.subpathsOfDirectory(atPath: scratch.appendingPathComponent("bad").path)) ?? []
    #expect(written.isEmpty, "nothing is written for a refused configuration: \(written)")
  }
}
