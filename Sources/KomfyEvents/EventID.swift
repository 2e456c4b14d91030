import Crypto
import Foundation

/// Deterministic event ids (DESIGN.md section 3).
///
/// A handler's output ids derive from its input event id, the output type and an index, so a handler
/// that runs twice (a crash before commit, an aborted transaction) writes the same ids again and every
/// reader drops the repeats. That is what makes at-least-once delivery safe.
public enum EventID {
    /// The UUIDv5 namespace of Komfy's event ids. Never change it: replayed logs depend on it.
    public static let namespace = UUID(uuidString: "6b6f6d66-7900-4a6f-9265-76656e747321")!

    /// The id of the `index`-th event of type `type` that a handler wrote because of event `cause`.
    public static func derived(from cause: UUID, type: String, index: Int = 0) -> UUID {
        uuidV5(namespace: namespace, name: "\(cause.lowercasedString)/\(type)/\(index)")
    }

    /// The id of an event caused by something outside the log, named by a stable key
    /// (for example an HTTP request's idempotency key and its tenant).
    public static func named(_ name: String) -> UUID {
        uuidV5(namespace: namespace, name: name)
    }

    /// RFC 9562 UUID version 5: SHA-1 of the namespace's bytes followed by the name's UTF-8 bytes.
    public static func uuidV5(namespace: UUID, name: String) -> UUID {
        var hasher = Insecure.SHA1()
        withUnsafeBytes(of: namespace.uuid) { hasher.update(bufferPointer: $0) }
        hasher.update(data: Array(name.utf8))
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
