import KomfyEvents

/// What the key table knows about one key: everything from `ApiKeyCreated`, and the revocation.
///
/// `description` leaves the digest out; print `listing` for people.
public struct ApiKeyRecord: Sendable, Hashable, CustomStringConvertible {
    public var keyID: ApiKeyID
    public var tenant: String
    public var name: String
    public var mode: ApiKeyMode
    public var plan: Plan
    /// The SHA-256 of the key. Sensitive: it verifies command signatures.
    public var secretSHA256: ApiKeyDigest
    public var createdAt: Timestamp
    public var limits: LimitOverride?
    /// When the key was revoked; nil while it works.
    public var revokedAt: Timestamp?
    public var revocationReason: String?

    public init(_ created: ApiKeyCreated) {
        keyID = created.keyID
        tenant = created.tenant
        name = created.name
        mode = created.mode
        plan = created.plan
        secretSHA256 = created.secretSHA256
        createdAt = created.createdAt
        limits = created.limits
    }

    public var isRevoked: Bool { revokedAt != nil }

    /// The record without its digest, for `komfy keys list`.
    public var listing: ApiKeyListing {
        ApiKeyListing(keyID: keyID, name: name, tenant: tenant, mode: mode, plan: plan, createdAt: createdAt,
                      revokedAt: revokedAt)
    }

    public var description: String { listing.description }
}
