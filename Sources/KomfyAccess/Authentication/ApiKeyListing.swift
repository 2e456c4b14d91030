import KomfyEvents

/// One line of `komfy keys list`: what an operator needs to recognise a key, and nothing that would
/// help use it.
public struct ApiKeyListing: Sendable, Hashable, Codable, CustomStringConvertible {
    public var keyID: ApiKeyID
    public var name: String
    public var tenant: String
    public var mode: ApiKeyMode
    public var plan: Plan
    public var createdAt: Timestamp
    public var revokedAt: Timestamp?

    public init(keyID: ApiKeyID, name: String, tenant: String, mode: ApiKeyMode, plan: Plan, createdAt: Timestamp,
                revokedAt: Timestamp? = nil) {
        self.keyID = keyID
        self.name = name
        self.tenant = tenant
        self.mode = mode
        self.plan = plan
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// `key_… name tenant=… mode=… plan=… created=… [revoked=…]`
    public var description: String {
        var text = "\(keyID) \(name) tenant=\(tenant) mode=\(mode.rawValue) plan=\(plan) created=\(createdAt)"
        if let revokedAt { text += " revoked=\(revokedAt)" }
        return text
    }

    enum CodingKeys: String, CodingKey {
        case name, tenant, mode, plan
        case keyID = "key_id"
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }
}
