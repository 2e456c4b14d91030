import Foundation
import KomfyAccess
import KomfyKafka
import KomfyRuntime
import Logging
import ServiceLifecycle
import Synchronization

/// Every ingest instance's copy of the key table, folded from `komfy.api-keys` (which holds only
/// digests, never keys). It reads the whole topic from the start on its own (broadcast mode), so a
/// key created or revoked through any instance or `komfy keys` takes effect everywhere within a poll.
final class KeyDirectory: Service, Sendable {
    private let table = Mutex(KeyTable())
    private let loaded = Atomic<Bool>(false)
    private let kafka: KafkaClientConfiguration
    private let topic: String
    private let logger: Logger

    init(kafka: KafkaClientConfiguration, topic: String, logger: Logger) {
        self.kafka = kafka
        self.topic = topic
        self.logger = logger
    }

    /// True once the topic was read to its end once (readiness).
    var isLoaded: Bool { loaded.load(ordering: .acquiring) }

    func authenticate(authorization: String?) -> AuthResult {
        table.withLock { $0.authenticate(bearer: authorization) }
    }

    /// The table as of now (a copy: later key events do not change it).
    var snapshot: KeyTable { table.withLock { $0 } }

    func record(for keyID: ApiKeyID) -> ApiKeyRecord? {
        table.withLock { $0.record(for: keyID) }
    }

    func run() async throws {
        let consumer = try await KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: kafka, mode: .broadcast(topics: [topic])), logger: logger)
        try await cancelWhenGracefulShutdown {
            var catchUp = try await StartupCatchUp.of(consumer)
            while !Task.isCancelled {
                let records = try await consumer.poll(timeout: .milliseconds(200))
                self.apply(records)
                catchUp.read(records)
                if catchUp.isDone { self.loaded.store(true, ordering: .releasing) }
            }
        }
        try await consumer.close()
    }

    func apply(_ records: [KafkaRecord]) {
        var envelopes: [ApiKeyEventEnvelope] = []
        for record in records {
            do {
                envelopes.append(try ApiKeyEventCodec.decode(record.value))
            } catch {
                logger.error("Skipping an unreadable key event", metadata: [
                    "kafka.partition": "\(record.partition)", "kafka.offset": "\(record.offset)", "error": "\(error)"])
            }
        }
        table.withLock { table in
            for envelope in envelopes { table.apply(envelope) }
        }
    }
}
