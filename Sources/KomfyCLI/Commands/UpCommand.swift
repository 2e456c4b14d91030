import ArgumentParser
import Foundation
import Hummingbird
import KomfyAccess
import KomfyIngest
import KomfyKafka
import KomfyRuntime
import KomfyValidator
import Logging

/// The embedded default: everything on one machine, in one process.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run Komfy on this machine: a local broker, its topics and the services built so far.")

    @Option(name: .long, help: "Port of the embedded Kafka broker (Tansu).")
    var kafkaPort: Int = 9092

    @Option(name: .long, help: "Use this Kafka cluster instead of starting the embedded broker.")
    var bootstrap: String?

    @Option(name: .long, help: "Directory of the topic specs.")
    var topicsDir: String?

    @OptionGroup var http: IngestOptions

    @Option(name: .long, help: "Use this running ComfyUI (http://HOST:PORT) instead of starting the installed engine.")
    var comfyuiURL: String?

    func run() async throws {
        Console.bootstrapLogging()
        let logger = Logger(label: "komfy.up")
        let dataDirectory = URL(fileURLWithPath: http.dataDir)
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
        defer { broker?.stop() }
        let directory = try topicsDir.map { URL(fileURLWithPath: $0) } ?? KomfyPaths.topicsDirectory()
        let client = KafkaClientConfiguration(bootstrapServers: [bootstrapServers], clientID: "komfy-up")
        let results = try await TopicProvisioner(client: client, logger: logger).apply(try TopicSpec.loadAll(from: directory))
        for result in results {
            print("  topic \(result.spec.name): \(result.action.rawValue)\(result.warning.map { " (\($0))" } ?? "")")
        }
        if broker != nil {
            // The embedded broker keeps nothing across restarts: its read model would describe jobs
            // the log no longer has, and resume at offsets past its end.
            try? FileManager.default.removeItem(at: dataDirectory.appendingPathComponent(IngestService.readModelFile))
        }
        try await printFirstKeyIfNeeded(client: client, dataDirectory: dataDirectory)

        let ingest = try IngestService(configuration: http.configuration(kafka: client))
        let validator = ValidatorService(configuration: ValidatorConfiguration(kafka: client))
        let engine = LocalEngineService(engineURL: comfyuiURL, dataDirectory: dataDirectory, kafka: client,
                                        catalogTopic: validator.configuration.nodeCatalogTopic, logger: logger)
        print("""

            Komfy is up:
              HTTP API   http://\(http.host):\(http.port)/v1/jobs  (health: /healthz, readiness: /readyz)
              Kafka      \(bootstrapServers), \(results.count) topics
            Running: ingest (the HTTP API and read model) and the validator. \(comfyuiURL == nil
                ? "The ComfyUI engine is starting (~30 s); jobs wait for its node catalog." : "Using ComfyUI at \(comfyuiURL!).")
            Still to come: model-fetcher, executor, output-uploader and webhook-notifier, so valid jobs stay queued for now.
            Press Ctrl-C to stop.
            """)
        try await ingest.makeApplication(alongside: [validator, engine]).runService()
        print("Stopped.")
    }

    /// On a fresh data directory (or a fresh embedded broker) there is no key yet: make one and show
    /// it once. Only the marker is kept on disk, never the key.
    private func printFirstKeyIfNeeded(client: KafkaClientConfiguration, dataDirectory: URL) async throws {
        let admin = ApiKeyAdmin(kafka: client, producerName: "komfy-up")
        let marker = dataDirectory.appendingPathComponent("first-key-created")
        if FileManager.default.fileExists(atPath: marker.path), try await admin.table().count > 0 { return }
        let (secret, record) = try await admin.create(name: "first key", tenant: "default", plan: .pro, mode: .live)
        _ = FileManager.default.createFile(atPath: marker.path, contents: Data("\(record.keyID)\n".utf8))
        print("""

            Created your first API key (\(record.keyID), tenant 'default', plan pro). It is shown only now:

                \(secret.text)

            Try:  curl -s http://\(http.host):\(http.port)/v1/jobs -H "Authorization: Bearer \(secret.text)"
            More keys: komfy keys create --name NAME [--bootstrap \(client.bootstrapServers.joined(separator: ","))]
            """)
    }
}
