import Foundation
import KomfyAccess
import Testing

@Suite("API keys: digests and key ids")
struct ApiKeyDigestTests {
    @Test("the digest is SHA-256 of the whole key and the id hashes the digest again (fixed vectors)", arguments: [
        (Fixture.typedKeyText, Fixture.typedKeyDigestHex, Fixture.typedKeyID),
        (Fixture.seededLiveKeyText, Fixture.seededLiveDigestHex, Fixture.seededLiveKeyID),
        (Fixture.seededTestKeyText, "24938395d7a91cfbc03ab95f2d0253f03e7c342745438707993fbaf55951d4e0", Fixture.seededTestKeyID),
    ])
    func vectors(_ key: String, _ digestHex: String, _ keyID: String) {
        let secret = Fixture.secret(key)
        #expect(secret.digest.hex == digestHex)
        #expect(secret.digest.bytes.count == 32)
        #expect(secret.keyID.rawValue == keyID)
        #expect(secret.digest.keyID == secret.keyID)
        #expect(ApiKeyID(digest: secret.digest).rawValue == keyID)
    }

    @Test("the key id is not a piece of the stored digest")
    func keyIDIsNotPartOfDigest() {
        let secret = Fixture.secret(Fixture.typedKeyText)
        let idHex = String(secret.keyID.rawValue.dropFirst(4))
        #expect(!secret.digest.hex.contains(idHex))
        #expect(!secret.text.contains(idHex))
    }

    @Test("a digest reads 64 hex digits of either case and nothing else")
    func digestFromHex() {
        let digest = ApiKeyDigest(hex: Fixture.typedKeyDigestHex)
        #expect(digest == Fixture.secret(Fixture.typedKeyText).digest)
        #expect(ApiKeyDigest(hex: Fixture.typedKeyDigestHex.uppercased()) == digest)
        #expect(ApiKeyDigest(hex: String(Fixture.typedKeyDigestHex.dropLast(2))) == nil)
        #expect(ApiKeyDigest(hex: Fixture.typedKeyDigestHex + "00") == nil)
        #expect(ApiKeyDigest(hex: "g" + Fixture.typedKeyDigestHex.dropFirst()) == nil)
        #expect(ApiKeyDigest(hex: "") == nil)
    }

    @Test("a digest's description hides it; it encodes as its hex")
    func digestRedactedAndCodable() throws {
        let digest = Fixture.secret(Fixture.typedKeyText).digest
        #expect(digest.description == "ApiKeyDigest(redacted)")
        #expect("\(digest)" == "ApiKeyDigest(redacted)")
        let encoded = try JSONEncoder().encode([digest])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"\(Fixture.typedKeyDigestHex)\"]")
        #expect(try JSONDecoder().decode([ApiKeyDigest].self, from: encoded) == [digest])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ApiKeyDigest].self, from: Data("[\"abc\"]".utf8)) }
    }

    @Test("key ids are key_ and 16 lowercase hex digits", arguments: [
        ("key_1f34e5489a4464fa", true),
        ("key_0000000000000000", true),
        ("key_1F34E5489A4464FA", false),
        ("key_1f34e5489a4464f", false),
        ("key_1f34e5489a4464fa0", false),
        ("kez_1f34e5489a4464fa", false),
        ("key_1f34e5489a4464fg", false),
        ("1f34e5489a4464fa", false),
        ("", false),
    ])
    func keyIDValidation(_ text: String, _ valid: Bool) {
        #expect((ApiKeyID(rawValue: text) != nil) == valid)
    }

    @Test("a key id encodes as its text and refuses malformed text")
    func keyIDCodable() throws {
        let id = try #require(ApiKeyID(rawValue: Fixture.typedKeyID))
        #expect(id.description == Fixture.typedKeyID)
        let encoded = try JSONEncoder().encode([id])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"\(Fixture.typedKeyID)\"]")
        #expect(try JSONDecoder().decode([ApiKeyID].self, from: encoded) == [id])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ApiKeyID].self, from: Data("[\"key_x\"]".utf8)) }
    }
}

@Suite("Constant-time comparison")
struct ConstantTimeTests {
    @Test("equal only when every byte and the length are equal", arguments: [
        ([], [], true),
        ([1, 2, 3], [1, 2, 3], true),
        ([0, 2, 3], [1, 2, 3], false),
        ([1, 2, 3], [1, 2, 4], false),
        ([1, 2, 3], [1, 2], false),
        ([1, 2], [1, 2, 3], false),
        ([], [0], false),
        ([0x80], [0x00], false),
        ([0xFF, 0xFF], [0xFF, 0xFE], false),
    ] as [([UInt8], [UInt8], Bool)])
    func equals(_ lhs: [UInt8], _ rhs: [UInt8], _ expected: Bool) {
        #expect(ConstantTime.equals(lhs, rhs) == expected)
        #expect(ConstantTime.equals(rhs, lhs) == expected)
    }

    @Test("any single flipped bit of a 32-byte digest is caught")
    func everyBit() {
        let digest = Fixture.secret(Fixture.typedKeyText).digest.bytes
        for index in digest.indices {
            for bit in 0..<8 {
                var flipped = digest
                flipped[index] ^= 1 << bit
                #expect(!ConstantTime.equals(digest, flipped))
            }
        }
        #expect(ConstantTime.equals(digest, digest[...]))
    }
}
