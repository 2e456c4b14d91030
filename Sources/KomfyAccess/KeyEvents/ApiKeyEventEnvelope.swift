import Foundation
import KomfyEvents

/// One record of `komfy.api-keys`: `{id, type, version, key_id, occurred_at, producer, data}`.
///
/// Smaller than a job event's envelope: key events are written by an operator's command, not by a
/// handler reacting to another event, so there is no causation or correlation to carry.
public struct ApiKeyEventEnvelope: Sendable, Hashable {
    /// Unique per event; the table drops ids it has seen.
    public var id: UUID
    /// The key the event is about, and the Kafka key (the topic is compacted per key).
    public var keyID: ApiKeyID
    public var occurredAt: Timestamp
    /// Who wrote it, e.g. `cli/ops-laptop` or `ingest/host-1`.
    public var producer: String
    public var event: ApiKeyEvent

    public init(id: UUID, keyID: ApiKeyID, occurredAt: Timestamp, producer: String, event: ApiKeyEvent) {
        self.id = id
        self.keyID = keyID
        self.occurredAt = occurredAt
        self.producer = producer
        self.event = event
    }

    /// The record of `created`. Its id is named after the key, so issuing the same key twice (a
    /// retried command) writes the same id and readers keep one.
    public static func created(_ created: ApiKeyCreated, producer: String) -> ApiKeyEventEnvelope {
        ApiKeyEventEnvelope(
            id: eventID(ApiKeyCreated.eventType, created.keyID), keyID: created.keyID,
            occurredAt: created.createdAt, producer: producer, event: .created(created))
    }

    /// The record of `revoked`; like `created`, one id per key, so a repeated revocation is a duplicate.
    public static func revoked(_ revoked: ApiKeyRevoked, producer: String) -> ApiKeyEventEnvelope {
        ApiKeyEventEnvelope(
            id: eventID(ApiKeyRevoked.eventType, revoked.keyID), keyID: revoked.keyID,
            occurredAt: revoked.revokedAt, producer: producer, event: .revoked(revoked))
    }

    private static func eventID(_ type: String, _ keyID: ApiKeyID) -> UUID {
        EventID.named("\(KomfyAccess.apiKeysTopic)/\(keyID.rawValue)/\(type)")
    }
}
