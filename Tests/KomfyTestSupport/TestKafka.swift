import Foundation
import KomfyKafka
import KomfyRuntime
import Logging

/// The Kafka broker of a test run.
///
/// `make test` starts one Tansu broker for the whole run and passes it in `KOMFY_TEST_BOOTSTRAP`;
/// a plain `swift test` starts one on first use instead. Tests share it and stay independent by
/// using topics and groups with unique names.
public enum TestKafka {
    private static let broker = SharedBroker()

    /// `host:port` of the run's broker.
    public static func bootstrap() async throws -> String {
        if let configured = ProcessInfo.processInfo.environment["KOMFY_TEST_BOOTSTRAP"], !configured.isEmpty {
            return configured
        }
        return try await broker.bootstrap()
    }

    public static func client(_ name: String = "komfy-test") async throws -> KafkaClientConfiguration {
        KafkaClientConfiguration(bootstrapServers: [try await bootstrap()], clientID: name)
    }

    /// A name no other test uses: `prefix-<8 hex>`.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Creates a fresh topic and returns its name.
    public static func createTopic(_ prefix: String = "test", partitions: Int) async throws -> String {
        let name = uniqueName(prefix)
        let admin = try KafkaAdmin(client: try await client(), logger: logger)
        let outcome = try await admin.createTopics([TopicSpec(name: name, description: "test", key: "test",
                                                              partitions: partitions)])
        guard outcome[name] == .created else {
            throw KomfyRuntimeError("creating test topic \(name): \(String(describing: outcome[name]))")
        }
        return name
    }

    /// Reads `topics` from their beginning until records with `count` different keys arrived or
    /// `timeout` passed, and returns the last record of each key.
    public static func recordsByKey(in topics: [String], count: Int, client: KafkaClientConfiguration,
                                    timeout: Duration = .seconds(30)) async throws -> [String: KafkaRecord] {
        let consumer = try await KafkaConsumer(configuration: KafkaConsumerConfiguration(client: client, mode: .broadcast(topics: topics)),
                                               logger: logger)
        var records: [String: KafkaRecord] = [:]
        let deadline = ContinuousClock.now + timeout
        while records.count < count, ContinuousClock.now < deadline {
            for record in try await consumer.poll(timeout: .milliseconds(500)) {
                if let key = record.keyString { records[key] = record }
            }
        }
        try await consumer.close()
        return records
    }

    public static func producer(_ configure: (inout KafkaProducerConfiguration) -> Void = { _ in }) async throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(client: try await client("komfy-test-producer"))
        configure(&configuration)
        return try KafkaProducer(configuration: configuration, logger: logger)
    }

    public static let logger: Logger = {
        var logger = Logger(label: "komfy.test")
        logger.logLevel = ProcessInfo.processInfo.environment["KOMFY_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }()
}

/// Starts one broker for the process, the first time one is needed.
private actor SharedBroker {
    private var starting: Task<TansuBroker, any Error>?

    func bootstrap() async throws -> String {
        if starting == nil {
            starting = Task { try await TansuBroker.start(logger: TestKafka.logger) }
        }
        return try await starting!.value.bootstrap
    }
}
