/// A whole API key as a client holds it: `sk_live_` or `sk_test_` followed by 43 base62 characters,
/// 51 characters in all.
///
/// 43 characters drawn uniformly from 62 carry 43 × log2(62) ≈ 256 bits, as much as the SHA-256
/// digest that is stored in the key's place, so guessing a key is no easier than finding a preimage.
///
/// A secret exists in memory only while a key is created (it is shown once) or a request is being
/// authenticated. It is not `Hashable` and its `description` hides the random part, so it cannot end
/// up in a dictionary key or a log line by accident; `text` is the one way to read it.
public struct ApiKeySecret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The number of random characters after the prefix.
    public static let randomCharacterCount = 43
    /// The length of every key: an 8-character prefix and the random characters.
    public static let length = 8 + randomCharacterCount
    /// The characters of the random part: digits, then upper-case, then lower-case ASCII letters.
    public static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// The key exactly as the client sends it. Show it once, at creation; never store or log it.
    public let text: String
    public let mode: ApiKeyMode

    private init(text: String, mode: ApiKeyMode) {
        self.text = text
        self.mode = mode
    }

    /// A new key of `mode`, its random part drawn from `generator`.
    ///
    /// Production passes `SystemRandomNumberGenerator` (the operating system's CSPRNG); tests pass a
    /// seeded generator to get the same keys every run. Each random character comes from one byte of
    /// the generator's output (little-endian, 8 per `next()`): bytes of 248 and above are skipped,
    /// the rest pick `alphabet[byte % 62]`, so every character is exactly equally likely.
    public static func generate(mode: ApiKeyMode, using generator: inout some RandomNumberGenerator) -> ApiKeySecret {
        var text = Array(mode.prefix.utf8)
        text.reserveCapacity(length)
        let unbiasedBound = UInt8(256 / alphabet.count * alphabet.count)
        while text.count < length {
            var word = generator.next()
            for _ in 0..<8 where text.count < length {
                let byte = UInt8(truncatingIfNeeded: word)
                word >>= 8
                if byte < unbiasedBound {
                    text.append(alphabet[Int(byte) % alphabet.count])
                }
            }
        }
        return ApiKeySecret(text: String(decoding: text, as: UTF8.self), mode: mode)
    }

    /// A new key of `mode` from the system's cryptographically secure generator.
    public static func generate(mode: ApiKeyMode) -> ApiKeySecret {
        var generator = SystemRandomNumberGenerator()
        return generate(mode: mode, using: &generator)
    }

    /// Classifies a token a client presented: a well-formed key, or why it cannot be one.
    ///
    /// Only the shape is checked here; whether the key exists is the `KeyTable`'s question.
    public static func parse(_ token: some StringProtocol) -> PresentedKey {
        let bytes = Array(token.utf8)
        guard let mode = ApiKeyMode.allCases.first(where: { bytes.starts(with: $0.prefix.utf8) }) else {
            return .malformed(.wrongPrefix)
        }
        guard bytes.count == length else { return .malformed(.wrongLength(bytes.count)) }
        if let position = bytes.indices.dropFirst(8).first(where: { !isBase62(bytes[$0]) }) {
            return .malformed(.invalidCharacter(position: position))
        }
        return .wellFormed(ApiKeySecret(text: String(decoding: bytes, as: UTF8.self), mode: mode))
    }

    /// The SHA-256 of the whole key: the only form in which the key is stored.
    public var digest: ApiKeyDigest { ApiKeyDigest(of: self) }

    /// The key's public id, derived from its digest.
    public var keyID: ApiKeyID { digest.keyID }

    /// The prefix and an ellipsis, never the random part.
    public var description: String { "\(mode.prefix)…" }

    public var debugDescription: String { "ApiKeySecret(\(mode.prefix)…)" }

    private static func isBase62(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "a")...UInt8(ascii: "z"): true
        default: false
        }
    }
}

/// What a presented token turned out to be.
public enum PresentedKey: Sendable, Equatable {
    case wellFormed(ApiKeySecret)
    case malformed(MalformedKeyReason)
}

/// Why a token cannot be an API key. The messages tell the client what a key looks like without
/// echoing the token back.
public enum MalformedKeyReason: Sendable, Hashable, CustomStringConvertible {
    /// It does not start with `sk_live_` or `sk_test_`.
    case wrongPrefix
    /// It has the right prefix but not 51 bytes (the count is of UTF-8 bytes).
    case wrongLength(Int)
    /// A byte after the prefix is not a base62 character; `position` counts bytes from 0.
    case invalidCharacter(position: Int)

    public var description: String {
        switch self {
        case .wrongPrefix:
            "API keys start with sk_live_ or sk_test_"
        case .wrongLength(let length):
            "API keys are \(ApiKeySecret.length) characters long, this one has \(length)"
        case .invalidCharacter(let position):
            "API keys contain only letters and digits after the prefix; character \(position + 1) is not one"
        }
    }
}
