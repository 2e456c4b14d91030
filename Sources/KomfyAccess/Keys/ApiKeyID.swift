import Crypto

/// The public name of an API key: `key_` and 16 lowercase hex digits, e.g. `key_3f9a0c1d2e4b5a69`.
///
/// It is the first 8 bytes of SHA-256(digest), where the digest is the key's own SHA-256. It can be
/// shown, logged and used as a Kafka key because it reveals neither the key nor the digest: getting
/// back from it to the digest (which keys command signatures) would take a SHA-256 preimage of 32
/// random bytes, and to the key a second one. Hashing twice, rather than printing part of the stored
/// digest, is what keeps the digest itself secret.
///
/// 64 bits make an accidental clash between two keys negligible (about 1 in 37 million with a
/// million keys); `KeyTable` ignores a second key that claims an id already taken.
public struct ApiKeyID: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public static let prefix = "key_"
    /// The number of hex digits after the prefix.
    public static let hexDigitCount = 16

    public let rawValue: String

    /// The id as written (`key_` and 16 lowercase hex digits); nil for anything else.
    public init?(rawValue: String) {
        let utf8 = rawValue.utf8
        guard utf8.count == Self.prefix.utf8.count + Self.hexDigitCount, rawValue.hasPrefix(Self.prefix),
              utf8.dropFirst(Self.prefix.utf8.count).allSatisfy({ Self.isLowercaseHex($0) })
        else { return nil }
        self.rawValue = rawValue
    }

    /// The id of the key whose digest is `digest`.
    public init(digest: ApiKeyDigest) {
        let second = Array(SHA256.hash(data: digest.bytes))
        rawValue = Self.prefix + Hex.encode(second.prefix(Self.hexDigitCount / 2))
    }

    public var description: String { rawValue }

    public static func < (lhs: ApiKeyID, rhs: ApiKeyID) -> Bool { lhs.rawValue < rhs.rawValue }

    private static func isLowercaseHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
