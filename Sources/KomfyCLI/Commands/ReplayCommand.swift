import ArgumentParser
import Foundation
import KomfyIngest

/// `komfy replay ...`: audit and rebuild from the log (DESIGN.md section 10).
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Rebuild read models from the job log.", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Throw an ingest instance's read model away and fold komfy.job-events into it again from offset 0. Stop the instance first.")

        @OptionGroup var broker: BrokerOptions
        @Option(name: .long, help: "The instance's data directory (holds read-model.sqlite).")
        var dataDir: String = "./data"

        func run() async throws {
            Console.lineBuffered()
            let configuration = IngestConfiguration(kafka: broker.client, dataDirectory: URL(fileURLWithPath: dataDir))
            print("Rebuilding \(dataDir)/\(IngestService.readModelFile) from komfy.job-events at \(broker.bootstrap) ...")
            let start = ContinuousClock.now
            let summary = try await ReadModelRebuild.run(configuration: configuration)
            print("Done in \(ContinuousClock.now - start): \(summary.jobs) jobs, \(summary.events) events.")
        }
    }
}
