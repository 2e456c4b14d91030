import Foundation
import KomfyEvents

/// Every API key, folded from the events of `komfy.api-keys`: who a presented key belongs to and
/// whether it still works.
///
/// A pure value: ingest applies each record it reads and asks the table; nothing here blocks, reads a
/// clock or fails. Applying the same events in the same order always gives the same table.
public struct KeyTable: Sendable {
    /// What applying one event did.
    public enum Outcome: Sendable, Hashable {
        case applied
        /// An event id seen before; nothing changed.
        case duplicate
        case ignored(IgnoreReason)
    }

    /// Why an event changed nothing. The raw values are stable labels for logs and metrics.
    public enum IgnoreReason: String, Sendable, Hashable, CaseIterable {
        /// A second `ApiKeyCreated` for a key id. The first one stands, and a revoked key stays
        /// revoked: a re-created key must never come back to life.
        case alreadyCreated = "already_created"
        /// A second `ApiKeyRevoked`; the first revocation's time and reason stand.
        case alreadyRevoked = "already_revoked"
        /// An `ApiKeyCreated` whose key id is not the one its digest gives; it could claim another
        /// key's id.
        case keyIDMismatch = "key_id_mismatch"
    }

    private var recordsByKeyID: [ApiKeyID: ApiKeyRecord] = [:]
    private var keyIDsByDigest: [ApiKeyDigest: ApiKeyID] = [:]
    /// Revocations read before their key's creation, applied when it arrives.
    private var earlyRevocations: [ApiKeyID: ApiKeyRevoked] = [:]
    private var seenEventIDs: Set<UUID> = []

    public init() {}

    /// The table after `events`, in order.
    public init(_ events: some Sequence<ApiKeyEventEnvelope>) {
        for event in events {
            apply(event)
        }
    }

    /// Folds one event in. Never fails; see `IgnoreReason` for the events that change nothing.
    @discardableResult
    public mutating func apply(_ envelope: ApiKeyEventEnvelope) -> Outcome {
        guard seenEventIDs.insert(envelope.id).inserted else { return .duplicate }
        switch envelope.event {
        case .created(let created):
            return apply(created)
        case .revoked(let revoked):
            return apply(revoked)
        }
    }

    private mutating func apply(_ created: ApiKeyCreated) -> Outcome {
        guard created.keyID == created.secretSHA256.keyID else { return .ignored(.keyIDMismatch) }
        guard recordsByKeyID[created.keyID] == nil else { return .ignored(.alreadyCreated) }
        var record = ApiKeyRecord(created)
        if let revocation = earlyRevocations.removeValue(forKey: created.keyID) {
            record.revokedAt = revocation.revokedAt
            record.revocationReason = revocation.reason
        }
        recordsByKeyID[created.keyID] = record
        keyIDsByDigest[created.secretSHA256] = created.keyID
        return .applied
    }

    private mutating func apply(_ revoked: ApiKeyRevoked) -> Outcome {
        guard var record = recordsByKeyID[revoked.keyID] else {
            guard earlyRevocations[revoked.keyID] == nil else { return .ignored(.alreadyRevoked) }
            earlyRevocations[revoked.keyID] = revoked
            return .applied
        }
        guard !record.isRevoked else { return .ignored(.alreadyRevoked) }
        record.revokedAt = revoked.revokedAt
        record.revocationReason = revoked.reason
        recordsByKeyID[revoked.keyID] = record
        return .applied
    }

    /// The key with id `keyID`, revoked or not.
    public func record(for keyID: ApiKeyID) -> ApiKeyRecord? {
        recordsByKeyID[keyID]
    }

    /// The key whose SHA-256 is `digest`, revoked or not, confirmed with a constant-time comparison.
    public func record(matching digest: ApiKeyDigest) -> ApiKeyRecord? {
        guard let keyID = keyIDsByDigest[digest], let record = recordsByKeyID[keyID],
              ConstantTime.equals(record.secretSHA256.bytes, digest.bytes)
        else { return nil }
        return record
    }

    /// The tenant's keys, revoked ones included, oldest first.
    public func keys(forTenant tenant: String) -> [ApiKeyRecord] {
        recordsByKeyID.values.filter { $0.tenant == tenant }.sorted(by: Self.listingOrder)
    }

    /// Every key for `komfy keys list`, by tenant, then oldest first. A key whose revocation was read
    /// but whose creation was not (compaction keeps only a key's last record) is not listed: there is
    /// nothing to show about it but its id.
    public func list() -> [ApiKeyListing] {
        recordsByKeyID.values.sorted(by: Self.listingOrder).map(\.listing)
    }

    /// The number of keys created, revoked ones included.
    public var count: Int { recordsByKeyID.count }

    private static func listingOrder(_ lhs: ApiKeyRecord, _ rhs: ApiKeyRecord) -> Bool {
        (lhs.tenant, lhs.createdAt.millisecondsSinceEpoch, lhs.keyID.rawValue)
            < (rhs.tenant, rhs.createdAt.millisecondsSinceEpoch, rhs.keyID.rawValue)
    }
}
