import Foundation
import KomfyAccess
import KomfyKafka
import Logging

/// Creates, lists and revokes API keys by writing and reading `komfy.api-keys`: what `komfy keys`
/// and `komfy up` (its first key) do. The secret exists only in the value `create` returns.
public struct ApiKeyAdmin: Sendable {
    public var kafka: KafkaClientConfiguration
    public var topic: String
    public var producerName: String
    public var logger: Logger

    public init(kafka: KafkaClientConfiguration, topic: String = KomfyAccess.apiKeysTopic, producerName: String = "komfy-cli",
                logger: Logger = Logger(label: "komfy.keys")) {
        self.kafka = kafka
        self.topic = topic
        self.producerName = producerName
        self.logger = logger
    }

    /// A new key: its secret (show it once) and its record.
    public func create(name: String, tenant: String, plan: Plan, mode: ApiKeyMode,
                       limits: LimitOverride? = nil) async throws -> (secret: ApiKeySecret, record: ApiKeyRecord) {
        let secret = ApiKeySecret.generate(mode: mode)
        let created = ApiKeyCreated(secret: secret, tenant: tenant, name: name, plan: plan, createdAt: .now(), limits: limits)
        try await append(.created(created, producer: producerName))
        return (secret, ApiKeyRecord(created))
    }

    /// Revokes `keyID`; throws when no such key exists. Revoking twice is harmless.
    public func revoke(_ keyID: ApiKeyID, reason: String?) async throws -> ApiKeyRecord {
        guard var record = try await table().record(for: keyID) else {
            throw ApiKeyAdminError("No key \(keyID); `komfy keys list` shows the existing ones.")
        }
        let revoked = ApiKeyRevoked(keyID: keyID, revokedAt: .now(), reason: reason)
        try await append(.revoked(revoked, producer: producerName))
        record.revokedAt = record.revokedAt ?? revoked.revokedAt
        return record
    }

    /// The key table as of now: the whole topic, read to its end.
    public func table() async throws -> KeyTable {
        let consumer = try await KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: kafka, mode: .broadcast(topics: [topic])), logger: logger)
        var table = KeyTable()
        // The first poll also waits for the connection and the first fetch; later ones only for more.
        var timeout = Duration.seconds(3)
        while true {
            let records = try await consumer.poll(timeout: timeout)
            timeout = .milliseconds(300)
            if records.isEmpty { break }
            for record in records {
                if let envelope = try? ApiKeyEventCodec.decode(record.value) { table.apply(envelope) }
            }
        }
        try await consumer.close()
        return table
    }

    private func append(_ envelope: ApiKeyEventEnvelope) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: kafka), logger: logger)
        try await producer.send(KafkaOutgoingRecord(
            topic: topic, key: envelope.keyID.rawValue, value: try ApiKeyEventCodec.encode(envelope),
            headers: [KafkaHeader(name: ApiKeyEventCodec.typeHeader, string: envelope.event.type)]))
        try await producer.close()
    }
}

public struct ApiKeyAdminError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
