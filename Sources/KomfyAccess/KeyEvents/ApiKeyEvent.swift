/// The data of one key event type; its name is the envelope's `type` and the `komfy-type` header.
public protocol ApiKeyEventPayload: Codable, Sendable, Hashable {
    static var eventType: String { get }
    static var schemaVersion: Int { get }
    /// The key the event is about; also the record's Kafka key.
    var keyID: ApiKeyID { get }
}

extension ApiKeyEventPayload {
    public static var schemaVersion: Int { 1 }
}

/// One event of `komfy.api-keys`.
public enum ApiKeyEvent: Sendable, Hashable {
    case created(ApiKeyCreated)
    case revoked(ApiKeyRevoked)

    public var type: String {
        switch self {
        case .created: ApiKeyCreated.eventType
        case .revoked: ApiKeyRevoked.eventType
        }
    }

    public var schemaVersion: Int {
        switch self {
        case .created: ApiKeyCreated.schemaVersion
        case .revoked: ApiKeyRevoked.schemaVersion
        }
    }

    public var keyID: ApiKeyID {
        switch self {
        case .created(let created): created.keyID
        case .revoked(let revoked): revoked.keyID
        }
    }
}
