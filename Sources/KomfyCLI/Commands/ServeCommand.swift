import ArgumentParser
import Foundation
import Hummingbird
import KomfyIngest
import KomfyKafka
import KomfyValidator
import ServiceLifecycle
import Logging

/// `komfy serve <service>`: one stage of the pipeline as its own process.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run one Komfy service.", subcommands: [Ingest.self, Validator.self])

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The HTTP API (cmfy.cloud's /v1/jobs) and the job read model.")

        @OptionGroup var broker: BrokerOptions
        @OptionGroup var http: IngestOptions

        func run() async throws {
            Console.bootstrapLogging()
            let service = try IngestService(configuration: http.configuration(kafka: broker.client))
            print("Komfy ingest on http://\(http.host):\(http.port) (read model in \(http.dataDir))")
            try await service.makeApplication().runService()
        }
    }
}

extension ServeCommand {
    struct Validator: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check submitted workflows against the node catalogs on komfy.node-catalog.")

        @OptionGroup var broker: BrokerOptions

        func run() async throws {
            Console.bootstrapLogging()
            let service = ValidatorService(configuration: ValidatorConfiguration(kafka: broker.client))
            print("Komfy validator on \(broker.bootstrap) (group \(service.configuration.stage.groupID))")
            try await ServiceGroup(configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint],
                                                        logger: Logger(label: "komfy.validator"))).run()
        }
    }
}

/// The ingest service's flags, shared by `komfy serve ingest` and `komfy up`.
struct IngestOptions: ParsableArguments {
    @Option(name: .long, help: "Address the HTTP API listens on.")
    var host: String = "127.0.0.1"
    @Option(name: .long, help: "Port of the HTTP API.")
    var port: Int = 8080
    @Option(name: .long, help: "Where the read model and logs are kept.")
    var dataDir: String = "./data"
    @Option(name: .long, help: "Largest accepted request body in bytes.")
    var maxBodyBytes: Int = 10_000_000
    @Option(name: .long, help: "Threads of the HTTP event loops (default: half the cores, at least one).")
    var eventLoopThreads: Int?

    func validate() throws {
        if let eventLoopThreads, eventLoopThreads < 1 {
            throw ValidationError("--event-loop-threads must be at least 1")
        }
    }

    func configuration(kafka: KafkaClientConfiguration) -> IngestConfiguration {
        var configuration = IngestConfiguration(kafka: kafka, dataDirectory: URL(fileURLWithPath: dataDir))
        configuration.host = host
        configuration.port = port
        configuration.maxBodyBytes = maxBodyBytes
        if let eventLoopThreads { configuration.eventLoopThreads = eventLoopThreads }
        return configuration
    }
}
