import Foundation
import KomfyAccess
import Testing

@Suite("Command signatures")
struct CommandSignerTests {
    static let key = Fixture.secret(Fixture.typedKeyText)

    /// The record value and signature produced by the Python example in docs/access.md.
    static let pythonValue = Data(#"{"type": "SubmitJob", "version": 1, "key_id": "key_1f34e5489a4464fa", "issued_at": "2026-03-01T12:00:00.000Z", "body": {"command_id": "5f0c7d0e-8f1a-4a7b-9a55-2b1f0f6c9e11", "client_reference": "order-1042", "prompt": {"1": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 512, "batch_size": 1}}}, "webhook_url": "https://example.com/hooks/komfy", "priority": 5}}"#.utf8)
    static let pythonSignature = "v1=6defdc317156edb41084c98e85899dde556f2c91981bc5566ef0beb7569e9ada"

    @Test("the signature is v1= and the hex HMAC-SHA256 keyed with the key's digest (fixed vectors)")
    func vectors() {
        #expect(CommandSigner.sign(body: Data("hello".utf8), keyDigest: Self.key.digest)
            == "v1=94f6b00f5ca35036178411647b5c00f3d11d027bf674c1d857a2a71b8ff80713")
        #expect(CommandSigner.sign(body: Self.pythonValue, keyDigest: Self.key.digest) == Self.pythonSignature)
        #expect(CommandSigner.headerName == "komfy-signature")
    }

    @Test("sign then verify succeeds for any body")
    func roundTrip() {
        for body in ["", "{}", "a longer body with ünïcödé", String(repeating: "x", count: 100_000)] {
            let signature = CommandSigner.sign(body: Data(body.utf8), keyDigest: Self.key.digest)
            #expect(CommandSigner.verify(body: Data(body.utf8), signatureHeader: signature, keyDigest: Self.key.digest))
        }
    }

    @Test("a tampered body, another key or a changed signature fails")
    func failures() {
        let signature = Self.pythonSignature
        var tampered = Self.pythonValue
        tampered[tampered.count - 3] = UInt8(ascii: "6")  // priority 5 becomes 6
        #expect(!CommandSigner.verify(body: tampered, signatureHeader: signature, keyDigest: Self.key.digest))
        #expect(!CommandSigner.verify(body: Self.pythonValue + Data(" ".utf8), signatureHeader: signature, keyDigest: Self.key.digest))
        let otherKey = Fixture.key(seed: 3)
        #expect(!CommandSigner.verify(body: Self.pythonValue, signatureHeader: signature, keyDigest: otherKey.digest))

        let flippedLast = String(signature.dropLast()) + (signature.hasSuffix("a") ? "b" : "a")
        #expect(!CommandSigner.verify(body: Self.pythonValue, signatureHeader: flippedLast, keyDigest: Self.key.digest))
    }

    static let hexDigits = String(pythonSignature.dropFirst(3))
    static let headerCases: [(String, Bool)] = [
        (pythonSignature, true),
        ("v1=" + hexDigits.uppercased(), true),
        ("  " + pythonSignature + " ", true),
        (hexDigits, false),
        ("v2=" + hexDigits, false),
        ("V1=" + hexDigits, false),
        ("v1 = " + hexDigits, false),
        (String(pythonSignature.dropLast(2)), false),
        (pythonSignature + "00", false),
        ("v1=", false),
        ("", false),
        (pythonSignature + ",v1=" + hexDigits, false),
    ]

    @Test("the header's form: v1=, 64 hex digits of either case, spaces around ignored", arguments: headerCases)
    func headerForm(_ header: String, _ valid: Bool) {
        #expect(CommandSigner.verify(body: Self.pythonValue, signatureHeader: header, keyDigest: Self.key.digest) == valid)
    }
}
