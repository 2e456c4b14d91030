import Foundation
import KomfyAccess
import KomfyEvents
import Testing

@Suite("Key table: folding komfy.api-keys")
struct KeyTableTests {
    let alpha = Fixture.key(seed: 1)
    let beta = Fixture.key(seed: 2, mode: .test)
    let gamma = Fixture.key(seed: 3)

    @Test("a created key authenticates with its tenant, plan and limits")
    func created() throws {
        var table = KeyTable()
        let override = LimitOverride(requestsPerMinute: 90)
        #expect(table.apply(Fixture.created(alpha, tenant: "acme", plan: .free, limits: override)) == .applied)
        let record = try #require(table.authenticate(alpha).record)
        #expect(record.keyID == alpha.keyID)
        #expect(record.tenant == "acme")
        #expect(record.name == "ci")
        #expect(record.mode == .live)
        #expect(record.plan == .free)
        #expect(record.limits == override)
        #expect(record.secretSHA256 == alpha.digest)
        #expect(record.createdAt == Fixture.t0)
        #expect(record.revokedAt == nil)
        #expect(table.count == 1)
        #expect(table.record(for: alpha.keyID) == record)
        #expect(table.record(matching: alpha.digest) == record)
        #expect(table.authenticate(beta) == .unknown)
    }

    @Test("a revoked key answers revoked, with the first revocation's time and reason")
    func revoked() throws {
        var table = KeyTable()
        table.apply(Fixture.created(alpha))
        let revokedAt = Fixture.at(seconds: 60)
        #expect(table.apply(Fixture.revoked(alpha, at: revokedAt, reason: "leaked")) == .applied)
        guard case .revoked(let record) = table.authenticate(alpha) else {
            Issue.record("expected revoked, got \(table.authenticate(alpha))")
            return
        }
        #expect(record.revokedAt == revokedAt)
        #expect(record.revocationReason == "leaked")

        // A second revocation (another event id) changes nothing.
        let again = ApiKeyEventEnvelope(id: UUID(), keyID: alpha.keyID, occurredAt: Fixture.at(seconds: 120), producer: "cli/test",
                                        event: .revoked(ApiKeyRevoked(keyID: alpha.keyID, revokedAt: Fixture.at(seconds: 120))))
        #expect(table.apply(again) == .ignored(.alreadyRevoked))
        #expect(table.record(for: alpha.keyID)?.revokedAt == revokedAt)
    }

    @Test("events seen before are duplicates and change nothing")
    func duplicates() {
        var table = KeyTable()
        let created = Fixture.created(alpha)
        let revoked = Fixture.revoked(alpha)
        #expect(table.apply(created) == .applied)
        #expect(table.apply(created) == .duplicate)
        #expect(table.apply(revoked) == .applied)
        #expect(table.apply(revoked) == .duplicate)
        #expect(table.apply(created) == .duplicate)
        #expect(table.count == 1)
        #expect(table.record(for: alpha.keyID)?.isRevoked == true)
    }

    @Test("revocation wins: re-creating a revoked key (a new event id) leaves it revoked")
    func revocationWinsOverRecreate() {
        var table = KeyTable()
        table.apply(Fixture.created(alpha, plan: .free))
        table.apply(Fixture.revoked(alpha))
        let recreated = ApiKeyEventEnvelope(
            id: UUID(), keyID: alpha.keyID, occurredAt: Fixture.at(seconds: 300), producer: "cli/other",
            event: .created(ApiKeyCreated(secret: alpha, tenant: "acme", name: "again", plan: .enterprise,
                                          createdAt: Fixture.at(seconds: 300))))
        #expect(table.apply(recreated) == .ignored(.alreadyCreated))
        guard case .revoked(let record) = table.authenticate(alpha) else {
            Issue.record("a re-created revoked key must stay revoked")
            return
        }
        #expect(record.plan == .free)
        #expect(record.name == "ci")
    }

    @Test("a revocation read before its creation still revokes the key")
    func revocationBeforeCreation() {
        var table = KeyTable()
        #expect(table.apply(Fixture.revoked(alpha, reason: "early")) == .applied)
        #expect(table.authenticate(alpha) == .unknown)
        #expect(table.list().isEmpty)
        #expect(table.apply(Fixture.created(alpha)) == .applied)
        guard case .revoked(let record) = table.authenticate(alpha) else {
            Issue.record("expected revoked")
            return
        }
        #expect(record.revocationReason == "early")
    }

    @Test("a creation whose key id is not its digest's is ignored")
    func keyIDMismatch() {
        var table = KeyTable()
        let forged = ApiKeyCreated(keyID: beta.keyID, tenant: "mallory", name: "x", mode: .live, plan: .enterprise,
                                   secretSHA256: alpha.digest, createdAt: Fixture.t0)
        #expect(table.apply(.created(forged, producer: "cli/test")) == .ignored(.keyIDMismatch))
        #expect(table.authenticate(alpha) == .unknown)
        #expect(table.record(for: beta.keyID) == nil)
    }

    @Test("revoked then a different key: revoked, and the never-created key is unknown")
    func revokedThenUnknown() {
        let table = KeyTable([Fixture.created(alpha), Fixture.revoked(alpha)])
        #expect(table.authenticate(alpha).error?.code == .revokedAPIKey)
        #expect(table.authenticate(gamma) == .unknown)
        #expect(table.authenticate(gamma).error?.code == .invalidAPIKey)
    }

    @Test("keys are listed per tenant, oldest first, revoked ones marked, never with a digest")
    func listing() {
        let table = KeyTable([
            Fixture.created(gamma, tenant: "globex", name: "prod", at: Fixture.at(seconds: 10)),
            Fixture.created(beta, tenant: "acme", name: "staging", plan: .free, at: Fixture.at(seconds: 20)),
            Fixture.created(alpha, tenant: "acme", name: "ci", at: Fixture.at(seconds: 5)),
            Fixture.revoked(alpha, at: Fixture.at(seconds: 30)),
        ])
        #expect(table.keys(forTenant: "acme").map(\.keyID) == [alpha.keyID, beta.keyID])
        #expect(table.keys(forTenant: "globex").map(\.keyID) == [gamma.keyID])
        #expect(table.keys(forTenant: "initech").isEmpty)

        let listing = table.list()
        #expect(listing.map(\.keyID) == [alpha.keyID, beta.keyID, gamma.keyID])
        #expect(listing[0] == ApiKeyListing(keyID: alpha.keyID, name: "ci", tenant: "acme", mode: .live, plan: .pro,
                                            createdAt: Fixture.at(seconds: 5), revokedAt: Fixture.at(seconds: 30)))
        #expect(listing[0].description
            == "\(alpha.keyID) ci tenant=acme mode=live plan=pro created=2026-03-01T12:00:05.000Z revoked=2026-03-01T12:00:30.000Z")
        #expect(listing[1].description
            == "\(beta.keyID) staging tenant=acme mode=test plan=free created=2026-03-01T12:00:20.000Z")

        for record in table.keys(forTenant: "acme") {
            for text in [record.description, String(reflecting: record.listing), "\(record.listing)"] {
                #expect(!text.contains(record.secretSHA256.hex))
                #expect(!text.contains(String(record.secretSHA256.hex.prefix(16))))
            }
        }
    }
}
