import Crypto

/// The SHA-256 digest of a whole API key (its UTF-8 bytes, prefix included): what Komfy stores in
/// the key's place, written as 64 lowercase hex digits in `secret_sha256`.
///
/// The digest also keys the HMAC of signed commands (see `CommandSigner`), so it is sensitive: it is
/// kept off logs (`description` hides it) and partners never read `komfy.api-keys`.
///
/// Looking keys up by digest in a dictionary compares digests with an early-exit `==`. That cannot
/// leak anything useful: the attacker chooses keys, not digests, and cannot steer the digest of a
/// guess towards a stored one byte by byte without breaking SHA-256. `KeyTable` still confirms every
/// match with `ConstantTime.equals`, so no secret-dependent comparison exits early.
public struct ApiKeyDigest: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 32 bytes of the digest.
    public let bytes: [UInt8]

    public init(of secret: ApiKeySecret) {
        bytes = Array(SHA256.hash(data: Array(secret.text.utf8)))
    }

    /// The digest written as 64 hex digits (either case); nil for anything else.
    public init?(hex: some StringProtocol) {
        guard let bytes = Hex.decode(hex), bytes.count == SHA256.byteCount else { return nil }
        self.bytes = bytes
    }

    /// 64 lowercase hex digits, as stored in `secret_sha256`.
    public var hex: String { Hex.encode(bytes) }

    /// The public id of the key with this digest.
    public var keyID: ApiKeyID { ApiKeyID(digest: self) }

    public var description: String { "ApiKeyDigest(redacted)" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let digest = ApiKeyDigest(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a SHA-256 digest as 64 hex digits")
        }
        self = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
