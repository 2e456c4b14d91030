import KomfyAccess
import KomfyTestRandom
import Testing

@Suite("API keys: generation and parsing")
struct ApiKeySecretTests {
    @Test("the test generator is SplitMix64 (reference outputs for seeds 0 and 42)")
    func splitMixReference() {
        var zero = SplitMix64(seed: 0)
        var fortyTwo = SplitMix64(seed: 42)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
        #expect(fortyTwo.next() == 0xBDD7_3226_2FEB_6E95)
    }

    @Test("a seeded generator gives the same keys every run, byte for byte")
    func seededVector() {
        var generator = SplitMix64(seed: 42)
        let live = ApiKeySecret.generate(mode: .live, using: &generator)
        let test = ApiKeySecret.generate(mode: .test, using: &generator)
        #expect(live.text == Fixture.seededLiveKeyText)
        #expect(live.mode == .live)
        #expect(test.text == Fixture.seededTestKeyText)
        #expect(test.mode == .test)
    }

    @Test("generated keys have the mode's prefix, 51 characters and only base62 after the prefix",
          arguments: ApiKeyMode.allCases)
    func format(_ mode: ApiKeyMode) {
        var generator = SplitMix64(seed: 7)
        let base62 = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        for _ in 0..<200 {
            let key = ApiKeySecret.generate(mode: mode, using: &generator)
            #expect(key.text.count == 51)
            #expect(key.text.utf8.count == 51)
            #expect(key.text.hasPrefix(mode == .live ? "sk_live_" : "sk_test_"))
            #expect(key.text.dropFirst(8).allSatisfy(base62.contains))
            #expect(ApiKeySecret.parse(key.text) == .wellFormed(key))
        }
        var system = SystemRandomNumberGenerator()
        let fromSystem = ApiKeySecret.generate(mode: mode, using: &system)
        #expect(fromSystem.text.count == 51)
        #expect(ApiKeySecret.generate(mode: mode).text.hasPrefix(mode.prefix))
    }

    @Test("10 000 keys from one generator are all different and use all 62 characters")
    func uniqueness() {
        var generator = SplitMix64(seed: 2026)
        var seen = Set<String>()
        var characters = Set<Character>()
        for _ in 0..<10_000 {
            let key = ApiKeySecret.generate(mode: .live, using: &generator)
            seen.insert(key.text)
            characters.formUnion(key.text.dropFirst(8))
        }
        #expect(seen.count == 10_000)
        #expect(characters.count == 62)
    }

    @Test("bytes of 248 and above are skipped, so every character is equally likely")
    func rejectionSampling() {
        // Little-endian bytes: 0xF8 (248) and 0xFF are skipped; 0x3D (61) is 'z', 0x00 is '0', 0x3E (62) is '0'.
        var generator = RepeatingGenerator([0x3E00_3DFF_F8F8_FFF8])
        let key = ApiKeySecret.generate(mode: .test, using: &generator)
        #expect(key.text == "sk_test_" + String(repeating: "z00", count: 14) + "z")
    }

    @Test("parse classifies tokens", arguments: [
        (Fixture.typedKeyText, nil),
        ("sk_test_" + String(repeating: "Z", count: 43), nil),
        ("sk_live_" + String(repeating: "9", count: 43), nil),
        ("sk_live_" + String(repeating: "a", count: 42), MalformedKeyReason.wrongLength(50)),
        ("sk_live_" + String(repeating: "a", count: 44), .wrongLength(52)),
        ("sk_live_", .wrongLength(8)),
        ("sk_prod_" + String(repeating: "a", count: 43), .wrongPrefix),
        ("SK_LIVE_" + String(repeating: "a", count: 43), .wrongPrefix),
        ("sk_live" + String(repeating: "a", count: 44), .wrongPrefix),
        ("pk_live_" + String(repeating: "a", count: 43), .wrongPrefix),
        ("", .wrongPrefix),
        ("sk_live_" + String(repeating: "a", count: 42) + "-", .invalidCharacter(position: 50)),
        ("sk_live_" + "_" + String(repeating: "a", count: 42), .invalidCharacter(position: 8)),
        ("sk_live_" + String(repeating: "a", count: 20) + " " + String(repeating: "a", count: 22), .invalidCharacter(position: 28)),
        ("sk_live_" + String(repeating: "a", count: 41) + "é", .invalidCharacter(position: 49)),
        ("sk_live_" + String(repeating: "a", count: 42) + "é", .wrongLength(52)),
    ] as [(String, MalformedKeyReason?)])
    func parse(_ token: String, _ expected: MalformedKeyReason?) {
        switch (ApiKeySecret.parse(token), expected) {
        case (.wellFormed(let secret), nil):
            #expect(secret.text == token)
            #expect(secret.mode == (token.hasPrefix("sk_test_") ? .test : .live))
        case (.malformed(let reason), let expected?):
            #expect(reason == expected)
        case (let result, _):
            Issue.record("parse(\(token)) gave \(result), expected \(String(describing: expected))")
        }
    }

    @Test("a key's description and debug description hide its random part")
    func redacted() {
        let key = Fixture.secret(Fixture.seededLiveKeyText)
        #expect(key.description == "sk_live_…")
        #expect("\(key)" == "sk_live_…")
        #expect(String(reflecting: key) == "ApiKeySecret(sk_live_…)")
        #expect(!String(describing: ApiKeySecret.parse(key.text)).contains("Pmnlco"))
    }

    @Test("malformed reasons say what a key looks like")
    func reasonMessages() {
        #expect(MalformedKeyReason.wrongPrefix.description == "API keys start with sk_live_ or sk_test_")
        #expect(MalformedKeyReason.wrongLength(50).description == "API keys are 51 characters long, this one has 50")
        #expect(MalformedKeyReason.invalidCharacter(position: 8).description
            == "API keys contain only letters and digits after the prefix; character 9 is not one")
    }
}
