import KomfyEvents

/// A key was issued to a tenant. Carries the key's SHA-256 digest, never the key: whoever reads
/// `komfy.api-keys` learns which keys exist, not how to use one over HTTP.
public struct ApiKeyCreated: ApiKeyEventPayload {
    public static let eventType = "ApiKeyCreated"

    public var keyID: ApiKeyID
    /// The tenant the key acts for; it sees and cancels only that tenant's jobs.
    public var tenant: String
    /// A label chosen by the operator, e.g. `ci` or `render-farm`.
    public var name: String
    public var mode: ApiKeyMode
    public var plan: Plan
    /// The SHA-256 of the whole key, as 64 hex digits.
    public var secretSHA256: ApiKeyDigest
    public var createdAt: Timestamp
    /// Limits of this key that differ from its plan's; absent for most keys.
    public var limits: LimitOverride?

    public init(keyID: ApiKeyID, tenant: String, name: String, mode: ApiKeyMode, plan: Plan,
                secretSHA256: ApiKeyDigest, createdAt: Timestamp, limits: LimitOverride? = nil) {
        self.keyID = keyID
        self.tenant = tenant
        self.name = name
        self.mode = mode
        self.plan = plan
        self.secretSHA256 = secretSHA256
        self.createdAt = createdAt
        self.limits = limits
    }

    /// The event recording `secret`'s creation; the id, mode and digest all come from the secret, so
    /// they cannot disagree with it.
    public init(secret: ApiKeySecret, tenant: String, name: String, plan: Plan, createdAt: Timestamp,
                limits: LimitOverride? = nil) {
        let digest = secret.digest
        self.init(keyID: digest.keyID, tenant: tenant, name: name, mode: secret.mode, plan: plan,
                  secretSHA256: digest, createdAt: createdAt, limits: limits)
    }

    enum CodingKeys: String, CodingKey {
        case tenant, name, mode, plan, limits
        case keyID = "key_id"
        case secretSHA256 = "secret_sha256"
        case createdAt = "created_at"
    }
}
