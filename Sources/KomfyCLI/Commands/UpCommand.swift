import ArgumentParser
import Foundation
import KomfyKafka
import KomfyRuntime
import Logging

/// The embedded default: everything on one machine, in one process.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run Komfy on this machine: a local broker and its topics (the services join as they land).")

    @Option(name: .long, help: "Port of the embedded Kafka broker (Tansu).")
    var kafkaPort: Int = 9092

    @Option(name: .long, help: "Use this Kafka cluster instead of starting the embedded broker.")
    var bootstrap: String?

    @Option(name: .long, help: "Directory of the topic specs.")
    var topicsDir: String?

    @Option(name: .long, help: "Where Komfy keeps its state and logs.")
    var dataDir: String = "./data"

    func run() async throws {
        Console.lineBuffered()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "komfy.up")
        let dataDirectory = URL(fileURLWithPath: dataDir)
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)

        var broker: TansuBroker?
        let bootstrapServers: String
        if let bootstrap {
            bootstrapServers = bootstrap
        } else {
            print("Starting the embedded Kafka broker (Tansu, in-memory) on 127.0.0.1:\(kafkaPort) ...")
            broker = try await TansuBroker.start(port: kafkaPort, logDirectory: dataDirectory.appendingPathComponent("logs"),
                                                 logger: logger)
            bootstrapServers = broker!.bootstrap
        }
        let directory = try topicsDir.map { URL(fileURLWithPath: $0) } ?? KomfyPaths.topicsDirectory()
        let client = KafkaClientConfiguration(bootstrapServers: [bootstrapServers], clientID: "komfy-up")
        let results = try await TopicProvisioner(client: client, logger: logger).apply(try TopicSpec.loadAll(from: directory))
        for result in results {
            print("  topic \(result.spec.name): \(result.action.rawValue)\(result.warning.map { " (\($0))" } ?? "")")
        }
        print("""

            Komfy is up with its broker at \(bootstrapServers) and \(results.count) topics.
            This build runs the event backbone only: the HTTP API, validator, model-fetcher, executor,
            uploader and webhook notifier are not built yet, so no jobs are accepted.
            Press Ctrl-C to stop.
            """)
        await TerminationSignal.wait()
        print("Stopping ...")
        broker?.stop()
    }
}
