import ArgumentParser
import Foundation
import KomfyEvents
import KomfyIngest

/// `komfy bench read-model`: what the read model spends per new job with the job ids ingest mints
/// (time-ordered) against random ones, in the same run, through the projector's own batches.
struct ReadModelBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-model",
        abstract: "Project batches of the seed JobSubmitted into a read model with time-ordered job ids and with random ones; print the CPU per job of each and the ratio.")

    @Option(name: .long, help: "Jobs in the store before the timed ones (a read model is rarely empty).")
    var preload = 50_000

    @Option(name: .long, help: "Jobs timed per run.")
    var jobs = 50_000

    @Option(name: .long, help: "Jobs per transaction (the projector's batch; ~200 at 4,000 submissions/s with 50 ms pacing).")
    var batch = 200

    @Option(name: .long, help: "Runs of each kind, alternating; the table shows each kind's median.")
    var rounds = 3

    func validate() throws {
        guard preload >= 0, jobs >= 1, batch >= 1, rounds >= 1 else {
            throw ValidationError("--preload must be at least 0; --jobs, --batch and --rounds at least 1")
        }
    }

    func run() async throws {
        Console.lineBuffered()
        let prompt = try JSONValue.parse(Data(BenchWorkflow.komfyBody.utf8))["prompt"]!
        let directory = FileManager.default.temporaryDirectory
        print("Seed JobSubmitted, \(batch) per transaction, \(jobs) timed after \(preload) already stored, \(rounds) rounds:")
        var results: [ReadModelWriteBench.JobIDs: [ReadModelWriteBench.Measurement]] = [:]
        for round in 1...rounds {
            for ids in ReadModelWriteBench.JobIDs.allCases {
                let measurement = try await ReadModelWriteBench.measure(ids: ids, prompt: prompt, preload: preload, jobs: jobs,
                                                                         batch: batch, directory: directory)
                results[ids, default: []].append(measurement)
                print("  round \(round), \(ids.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))"
                      + String(format: "%8.1f µs CPU per job %10.0f jobs/s %8.1f MB", measurement.cpuMicrosecondsPerJob,
                               measurement.jobsPerSecond, Double(measurement.bytes) / 1e6))
            }
        }
        let median = { (kind: ReadModelWriteBench.JobIDs) -> Double in
            Percentile.median((results[kind] ?? []).map(\.cpuMicrosecondsPerJob)) ?? .nan
        }
        let ordered = median(.timeOrdered)
        let random = median(.random)
        print(String(format: "\n  median CPU per job: time-ordered ids %.1f µs, random ids %.1f µs; random / time-ordered %.2fx",
                     ordered, random, random / ordered))
    }
}
