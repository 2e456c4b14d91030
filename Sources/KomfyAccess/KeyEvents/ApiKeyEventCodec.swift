import Foundation
import KomfyEvents

/// Turns key events into the bytes stored on `komfy.api-keys` and back.
///
/// The same rules as `JobEventCodec`: compact JSON with sorted keys and unescaped slashes (the same
/// event always has the same bytes), lowercase UUIDs, optional fields left out rather than `null`,
/// unknown fields ignored when reading, and the type repeated in the `komfy-type` header.
public enum ApiKeyEventCodec {
    /// The Kafka header naming the event type; the same header job events use.
    public static let typeHeader = JobEventCodec.typeHeader

    public static func encode(_ envelope: ApiKeyEventEnvelope) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(WireEnvelope(envelope: envelope))
    }

    public static func decode(_ data: Data) throws(ApiKeyEventDecodingError) -> ApiKeyEventEnvelope {
        do {
            return try JSONDecoder().decode(WireEnvelope.self, from: data).envelope
        } catch let error as ApiKeyEventDecodingError {
            throw error
        } catch let error as DecodingError {
            throw .malformed(DecodingErrorText.describe(error))
        } catch {
            throw .malformed("\(error)")
        }
    }
}

/// Why a record of `komfy.api-keys` could not be read.
public enum ApiKeyEventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownType(String)
    /// A version this build does not know; only version 1 exists so far.
    case unsupportedVersion(type: String, version: Int)
    /// The envelope's `key_id` and the data's differ.
    case keyMismatch(envelope: ApiKeyID, data: ApiKeyID)
    case malformed(String)

    public var description: String {
        switch self {
        case .unknownType(let type): "unknown api key event type '\(type)'"
        case .unsupportedVersion(let type, let version): "\(type) version \(version) is not supported by this build"
        case .keyMismatch(let envelope, let data): "the envelope is keyed \(envelope) but its data names \(data)"
        case .malformed(let reason): "malformed api key event: \(reason)"
        }
    }
}

private struct WireEnvelope: Codable {
    var envelope: ApiKeyEventEnvelope

    init(envelope: ApiKeyEventEnvelope) {
        self.envelope = envelope
    }

    enum CodingKeys: String, CodingKey {
        case id, type, version, producer, data
        case keyID = "key_id"
        case occurredAt = "occurred_at"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        let version = try container.decode(Int.self, forKey: .version)
        let supportedVersion: Int
        switch type {
        case ApiKeyCreated.eventType: supportedVersion = ApiKeyCreated.schemaVersion
        case ApiKeyRevoked.eventType: supportedVersion = ApiKeyRevoked.schemaVersion
        default: throw ApiKeyEventDecodingError.unknownType(type)
        }
        guard version == supportedVersion else {
            throw ApiKeyEventDecodingError.unsupportedVersion(type: type, version: version)
        }
        let event: ApiKeyEvent = type == ApiKeyCreated.eventType
            ? .created(try container.decode(ApiKeyCreated.self, forKey: .data))
            : .revoked(try container.decode(ApiKeyRevoked.self, forKey: .data))
        let keyID = try container.decode(ApiKeyID.self, forKey: .keyID)
        guard keyID == event.keyID else { throw ApiKeyEventDecodingError.keyMismatch(envelope: keyID, data: event.keyID) }
        envelope = ApiKeyEventEnvelope(
            id: try container.decode(UUID.self, forKey: .id),
            keyID: keyID,
            occurredAt: try container.decode(Timestamp.self, forKey: .occurredAt),
            producer: try container.decode(String.self, forKey: .producer),
            event: event
        )
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(envelope.id.lowercasedString, forKey: .id)
        try container.encode(envelope.event.type, forKey: .type)
        try container.encode(envelope.event.schemaVersion, forKey: .version)
        try container.encode(envelope.keyID, forKey: .keyID)
        try container.encode(envelope.occurredAt, forKey: .occurredAt)
        try container.encode(envelope.producer, forKey: .producer)
        switch envelope.event {
        case .created(let created): try container.encode(created, forKey: .data)
        case .revoked(let revoked): try container.encode(revoked, forKey: .data)
        }
    }
}
