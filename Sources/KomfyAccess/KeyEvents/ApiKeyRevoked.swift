import KomfyEvents

/// A key stopped working. Final: a later `ApiKeyCreated` of the same id does not bring it back.
public struct ApiKeyRevoked: ApiKeyEventPayload {
    public static let eventType = "ApiKeyRevoked"

    public var keyID: ApiKeyID
    public var revokedAt: Timestamp
    /// Why, for the audit trail, e.g. `leaked in a public repository`.
    public var reason: String?

    public init(keyID: ApiKeyID, revokedAt: Timestamp, reason: String? = nil) {
        self.keyID = keyID
        self.revokedAt = revokedAt
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case reason
        case keyID = "key_id"
        case revokedAt = "revoked_at"
    }
}
