import KomfyTestRandom
import Foundation
import KomfyAccess
import KomfyEvents

/// Keys and events the tests share. The expected digests and ids were computed independently with
/// Python's hashlib (see docs/access.md for the formulas).
enum Fixture {
    /// `sk_live_` and 43 `a`s: a well-formed key anyone can type.
    static let typedKeyText = "sk_live_" + String(repeating: "a", count: 43)
    static let typedKeyDigestHex = "c7a6cf90b6e1ad21b5fc97aebe966839e56cd6f75f48ebcc6512c11219e45a85"
    static let typedKeyID = "key_1f34e5489a4464fa"

    /// The first two keys drawn from `SplitMix64(seed: 42)`: a live key, then a test key.
    static let seededLiveKeyText = "sk_live_PmnlcoT33tespfreKZFJPfK9OfCEdSQuZAaSQ296X4y"
    static let seededTestKeyText = "sk_test_Vlt7SfltelYYqryIR1zBvy5Pov3fuTMY5PTvCqsq4IM"
    static let seededLiveDigestHex = "6af46705f5cc6e6af871a79b867f5917ce30b10675b6139b6cfeaa7730cb82ca"
    static let seededLiveKeyID = "key_0f4bb50d45f48e52"
    static let seededTestKeyID = "key_f190c1b17b4e1fb1"

    static let t0 = Timestamp(rfc3339: "2026-03-01T12:00:00.000Z")!

    static func secret(_ text: String) -> ApiKeySecret {
        guard case .wellFormed(let secret) = ApiKeySecret.parse(text) else { fatalError("not a key: \(text)") }
        return secret
    }

    /// A new key from a generator seeded with `seed`.
    static func key(seed: UInt64, mode: ApiKeyMode = .live) -> ApiKeySecret {
        var generator = SplitMix64(seed: seed)
        return ApiKeySecret.generate(mode: mode, using: &generator)
    }

    static func created(_ secret: ApiKeySecret, tenant: String = "acme", name: String = "ci", plan: Plan = .pro,
                        at time: Timestamp = t0, limits: LimitOverride? = nil) -> ApiKeyEventEnvelope {
        .created(ApiKeyCreated(secret: secret, tenant: tenant, name: name, plan: plan, createdAt: time, limits: limits),
                 producer: "cli/test")
    }

    static func revoked(_ secret: ApiKeySecret, at time: Timestamp = t0.adding(milliseconds: 60_000),
                        reason: String? = "rotated") -> ApiKeyEventEnvelope {
        .revoked(ApiKeyRevoked(keyID: secret.keyID, revokedAt: time, reason: reason), producer: "cli/test")
    }

    /// `time` plus whole seconds.
    static func at(_ time: Timestamp = t0, seconds: Double) -> Timestamp {
        time.adding(milliseconds: Int64((seconds * 1000).rounded()))
    }
}
