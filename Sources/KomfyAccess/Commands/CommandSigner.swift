import Crypto
import Foundation

/// Signs and checks `komfy.job-commands` records: header `komfy-signature: v1=<hex>`, where `<hex>`
/// is the 64 lowercase hex digits of HMAC-SHA256 over the record's value bytes, exactly as written.
///
/// The HMAC key is the raw 32-byte SHA-256 digest of the partner's API key. That choice follows from
/// what each side holds: ingest stores only the digest, never the key, and a partner computes the
/// digest from the key it holds, so neither needs anything new. The cost is that whoever can read
/// `komfy.api-keys` (where the digests are) could forge commands. Such a party is already inside the
/// broker's trust boundary: one that can read the internal topics can write `komfy.job-events`
/// directly. The broker's ACLs are therefore the trust boundary, and partners are given write access
/// to `komfy.job-commands` and read access to their rejections, never read access to
/// `komfy.api-keys`. Over HTTP the digest is useless: a request must present the key itself.
///
/// The signature covers the value bytes as sent, not a re-encoding, so a partner may serialise its
/// JSON however it likes; `key_id`, `type` and `issued_at` are inside the value and signed with it.
public enum CommandSigner {
    /// The Kafka header that carries the signature.
    public static let headerName = "komfy-signature"
    /// The signature scheme, written before `=`; a new scheme gets a new name.
    public static let scheme = "v1"

    /// The `komfy-signature` header value for a record whose value is `body`.
    public static func sign(body: Data, keyDigest: ApiKeyDigest) -> String {
        "\(scheme)=\(Hex.encode(mac(body: body, keyDigest: keyDigest)))"
    }

    /// Whether `signatureHeader` is a `v1` signature of `body` with `keyDigest`. The comparison takes
    /// the same time wherever the signatures differ.
    public static func verify(body: Data, signatureHeader: String, keyDigest: ApiKeyDigest) -> Bool {
        guard let presented = signature(inHeader: signatureHeader) else { return false }
        return ConstantTime.equals(presented, mac(body: body, keyDigest: keyDigest))
    }

    /// The 32 signature bytes of a well-formed header (surrounding spaces and hex case do not matter).
    static func signature(inHeader header: String) -> [UInt8]? {
        let value = header.trimmingCharacters(in: .whitespaces)
        let prefix = "\(scheme)="
        guard value.hasPrefix(prefix), let bytes = Hex.decode(value.dropFirst(prefix.count)),
              bytes.count == SHA256.byteCount
        else { return nil }
        return bytes
    }

    private static func mac(body: Data, keyDigest: ApiKeyDigest) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: keyDigest.bytes)))
    }
}
