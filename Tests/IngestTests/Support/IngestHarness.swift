import Foundation
import Hummingbird
import HummingbirdTesting
import KomfyAccess
import KomfyIngest
import KomfyKafka
import KomfyRuntime
import KomfyTestSupport
import ServiceLifecycle
import Testing

/// One test's Komfy: its own topics on the run's broker, its keys, and ingest instances started on
/// free loopback ports, each with its own data directory.
struct IngestHarness: Sendable {
    /// Every topic of this test starts with it.
    let topicPrefix: String
    let topics: IngestTopics
    let kafka: KafkaClientConfiguration
    let root: URL

    static func make() async throws -> IngestHarness {
        let prefix = TestKafka.uniqueName("t") + "."
        let topics = IngestTopics(prefix: prefix)
        let kafka = try await TestKafka.client()
        let admin = try KafkaAdmin(client: kafka, logger: TestKafka.logger)
        _ = try await admin.createTopics([
            TopicSpec(name: topics.jobEvents, description: "test", key: "job id", partitions: 4),
            TopicSpec(name: topics.apiKeys, description: "test", key: "key id", partitions: 1),
            TopicSpec(name: topics.jobCommands, description: "test", key: "client reference", partitions: 2),
            TopicSpec(name: topics.executorStatus, description: "test", key: "executor id", partitions: 1),
        ])
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(prefix + "ingest")
        return IngestHarness(topicPrefix: prefix, topics: topics, kafka: kafka, root: root)
    }

    /// A new key; its secret is what a client sends.
    func key(name: String = "test", tenant: String = "tenant-a", plan: Plan = .pro,
             limits: LimitOverride? = nil) async throws -> String {
        let admin = ApiKeyAdmin(kafka: kafka, topic: topics.apiKeys, producerName: "komfy-test", logger: TestKafka.logger)
        return try await admin.create(name: name, tenant: tenant, plan: plan, mode: .test, limits: limits).secret.text
    }

    func revoke(_ secret: String) async throws {
        guard case .wellFormed(let key) = ApiKeySecret.parse(secret) else { throw KomfyRuntimeError("not a key") }
        let admin = ApiKeyAdmin(kafka: kafka, topic: topics.apiKeys, producerName: "komfy-test", logger: TestKafka.logger)
        _ = try await admin.revoke(key.keyID, reason: "test")
    }

    func configuration(instance: String, configure: (inout IngestConfiguration) -> Void = { _ in }) -> IngestConfiguration {
        var configuration = IngestConfiguration(kafka: kafka, dataDirectory: root.appendingPathComponent(instance))
        configuration.topics = topics
        configuration.port = 0
        configuration.instanceName = "ingest/test/\(instance)"
        // Only the command tests read commands; each test's instances form a group of their own.
        configuration.consumesCommands = false
        configuration.commandsGroupID = topics.jobCommands + ".ingest"
        configure(&configuration)
        return configuration
    }

    /// Runs an ingest instance for the duration of `body`, once it is ready (read model caught up and
    /// key table loaded, as `/readyz` reports).
    func withIngest<T: Sendable>(
        instance: String = "a", configure: (inout IngestConfiguration) -> Void = { _ in },
        alongside: [any Service] = [],
        _ body: @Sendable (Client) async throws -> T
    ) async throws -> T {
        var settings = configuration(instance: instance, configure: configure)
        if TestDebugLog.directory != nil { settings.kafka.extraProperties["debug"] = TestDebugLog.kafkaDebugContexts }
        let service = try IngestService(configuration: settings,
                                        logger: try TestDebugLog.logger(named: topicPrefix + instance))
        return try await service.makeApplication(alongside: alongside).test(.live) { client in
            let client = Client(base: client)
            try await client.waitUntilReady()
            return try await body(client)
        }
    }

    /// The test client with the API's conventions: JSON bodies and bearer keys.
    struct Client: Sendable {
        let base: any TestClientProtocol

        @discardableResult
        func request(_ method: HTTPRequest.Method, _ uri: String, key: String? = nil, json: String? = nil,
                     headers: HTTPFields = [:]) async throws -> TestResponse {
            var headers = headers
            if let key { headers[.authorization] = "Bearer \(key)" }
            if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
            return try await base.execute(uri: uri, method: method, headers: headers,
                                          body: json.map { ByteBuffer(string: $0) })
        }

        func waitUntilReady() async throws {
            for _ in 0..<200 {
                if try await request(.get, "/readyz").status == .ok { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw KomfyRuntimeError("ingest did not become ready in 10 s")
        }

        /// The value of an unlabelled metric on the instance's /metrics (0 when absent).
        func metric(_ name: String) async throws -> Double {
            let metrics = try await request(.get, "/metrics").text
            let line = metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            return line.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } ?? 0
        }

        func eventuallyMetric(_ name: String, equals value: Double) async throws {
            for _ in 0..<200 {
                if try await metric(name) == value { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw KomfyRuntimeError("\(name) did not reach \(value) in 10 s")
        }

        /// `komfy_read_model_records_read_total` of the instance's /metrics.
        func recordsRead() async throws -> Int {
            Int(try await metric("komfy_read_model_records_read_total"))
        }

        func waitForRecordsRead(_ count: Int) async throws {
            for _ in 0..<200 {
                if try await recordsRead() >= count { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw KomfyRuntimeError("the read model did not read \(count) records in 10 s")
        }

        /// Polls `GET uri` until `until` holds for its JSON (the read model is eventually consistent
        /// across instances).
        func eventually(_ uri: String, key: String, timeout: Duration = .seconds(10),
                        until: (TestResponse, [String: Any]) -> Bool) async throws -> (TestResponse, [String: Any]) {
            let deadline = ContinuousClock.now + timeout
            while true {
                let response = try await request(.get, uri, key: key)
                let json = response.json
                if until(response, json) || ContinuousClock.now > deadline { return (response, json) }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}

extension TestResponse {
    /// The body as a JSON object ([:] when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }

    /// `error.code` of the error envelope.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}
