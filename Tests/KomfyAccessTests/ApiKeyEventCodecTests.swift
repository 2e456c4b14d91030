import Foundation
import KomfyAccess
import KomfyEvents
import Testing

@Suite("Key events: the records of komfy.api-keys")
struct ApiKeyEventCodecTests {
    static let typedKey = Fixture.secret(Fixture.typedKeyText)

    static let samples: [ApiKeyEventEnvelope] = [
        Fixture.created(typedKey),
        Fixture.created(Fixture.key(seed: 1, mode: .test), tenant: "globex", name: "render farm/eu", plan: .enterprise,
                        limits: LimitOverride(requestsPerMinute: 5000, queueDepth: 1000)),
        Fixture.revoked(typedKey),
        Fixture.revoked(typedKey, reason: nil),
    ]

    @Test("encode then decode gives the same envelope, and the same bytes again", arguments: samples)
    func roundTrip(_ envelope: ApiKeyEventEnvelope) throws {
        let bytes = try ApiKeyEventCodec.encode(envelope)
        let decoded = try ApiKeyEventCodec.decode(bytes)
        #expect(decoded == envelope)
        #expect(try ApiKeyEventCodec.encode(decoded) == bytes)
        #expect(try ApiKeyEventCodec.encode(envelope) == bytes)
    }

    @Test("ApiKeyCreated is written exactly so: sorted keys, lowercase ids, the digest in secret_sha256")
    func createdBytes() throws {
        let bytes = try ApiKeyEventCodec.encode(Fixture.created(Self.typedKey))
        let expected = #"{"data":{"created_at":"2026-03-01T12:00:00.000Z","key_id":"key_1f34e5489a4464fa","mode":"live","#
            + #""name":"ci","plan":"pro","secret_sha256":"c7a6cf90b6e1ad21b5fc97aebe966839e56cd6f75f48ebcc6512c11219e45a85","#
            + #""tenant":"acme"},"id":"30c06967-28c1-5821-8e37-8b1e2f5b4fab","key_id":"key_1f34e5489a4464fa","#
            + #""occurred_at":"2026-03-01T12:00:00.000Z","producer":"cli/test","type":"ApiKeyCreated","version":1}"#
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test("ApiKeyRevoked is written exactly so, its id named after the key")
    func revokedBytes() throws {
        let bytes = try ApiKeyEventCodec.encode(Fixture.revoked(Self.typedKey))
        let expected = #"{"data":{"key_id":"key_1f34e5489a4464fa","reason":"rotated","revoked_at":"2026-03-01T12:01:00.000Z"},"#
            + #""id":"82c5bc49-b031-5393-b6ab-6a129408c5e2","key_id":"key_1f34e5489a4464fa","#
            + #""occurred_at":"2026-03-01T12:01:00.000Z","producer":"cli/test","type":"ApiKeyRevoked","version":1}"#
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test("a created event never holds the key: neither the whole key nor its random part is in the bytes",
          arguments: [Fixture.typedKeyText, Fixture.seededLiveKeyText, Fixture.seededTestKeyText])
    func secretNotInBytes(_ keyText: String) throws {
        let secret = Fixture.secret(keyText)
        let text = String(decoding: try ApiKeyEventCodec.encode(Fixture.created(secret)), as: UTF8.self)
        #expect(!text.contains(secret.text))
        #expect(!text.contains(String(secret.text.dropFirst(8))))
        #expect(!text.contains(String(secret.text.dropFirst(8).prefix(16))))
        #expect(text.contains(secret.digest.hex))
        #expect(!String(describing: Fixture.created(secret)).contains(String(secret.text.dropFirst(8))))
    }

    @Test("the type header is the one job events use")
    func typeHeader() {
        #expect(ApiKeyEventCodec.typeHeader == "komfy-type")
        #expect(ApiKeyEventCodec.typeHeader == JobEventCodec.typeHeader)
        #expect(KomfyAccess.apiKeysTopic == "komfy.api-keys")
    }

    @Test("repeating a creation or revocation makes the same event id; the two ids differ")
    func deterministicIDs() {
        let key = Fixture.key(seed: 9)
        #expect(Fixture.created(key).id == Fixture.created(key, tenant: "other", at: Fixture.at(seconds: 5)).id)
        #expect(Fixture.revoked(key).id == Fixture.revoked(key, reason: "again").id)
        #expect(Fixture.created(key).id != Fixture.revoked(key).id)
        #expect(Fixture.created(key).id != Fixture.created(Fixture.key(seed: 10)).id)
    }

    @Test("records that cannot be read give a precise error", arguments: [
        (#"{"type":"ApiKeyRenamed","version":1}"#, ApiKeyEventDecodingError.unknownType("ApiKeyRenamed")),
        (#"{"type":"ApiKeyRevoked","version":2,"data":{}}"#, .unsupportedVersion(type: "ApiKeyRevoked", version: 2)),
        (#"{"type":"ApiKeyRevoked","version":1,"key_id":"key_0000000000000000","data":{"key_id":"key_1f34e5489a4464fa","revoked_at":"2026-03-01T12:01:00.000Z"}}"#,
         .keyMismatch(envelope: ApiKeyID(rawValue: "key_0000000000000000")!, data: ApiKeyID(rawValue: "key_1f34e5489a4464fa")!)),
        (#"{"type":"ApiKeyRevoked","version":1,"data":{"key_id":"key_1f34e5489a4464fa"}}"#, .malformed("missing data.revoked_at")),
        ("not json", .malformed("The given data was not valid JSON.")),
    ])
    func decodingErrors(_ record: String, _ expected: ApiKeyEventDecodingError) {
        #expect(throws: expected) { try ApiKeyEventCodec.decode(Data(record.utf8)) }
    }

    @Test("a digest that is not 64 hex digits is refused")
    func badDigest() throws {
        var text = String(decoding: try ApiKeyEventCodec.encode(Fixture.created(Self.typedKey)), as: UTF8.self)
        text = text.replacingOccurrences(of: Fixture.typedKeyDigestHex, with: "abc")
        #expect(throws: ApiKeyEventDecodingError.malformed("expected a SHA-256 digest as 64 hex digits at data.secret_sha256")) {
            try ApiKeyEventCodec.decode(Data(text.utf8))
        }
    }
}
