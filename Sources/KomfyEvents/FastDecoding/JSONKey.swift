import Foundation

/// An object key, compared without making a String.
struct JSONKey {
    let bytes: UnsafeRawBufferPointer

    static func == (key: JSONKey, name: StaticString) -> Bool {
        let count = key.bytes.count
        guard count == name.utf8CodeUnitCount else { return false }
        if count == 0 { return true }
        // Most mismatches differ in the first byte: no call for those.
        guard key.bytes[0] == name.utf8Start[0] else { return false }
        // Keys are short: a loop costs less than a call to memcmp.
        guard count <= 24 else { return memcmp(key.bytes.baseAddress!, name.utf8Start, count) == 0 }
        for offset in 1..<count where key.bytes[offset] != name.utf8Start[offset] { return false }
        return true
    }

    static func ~= (name: StaticString, key: JSONKey) -> Bool {
        key == name
    }

    func string() throws -> String {
        // ASCII needs no validation, and String(decoding:) of ASCII is the fast path: the generic
        // String(validating:as:) looks up type metadata at run time on every call (~1% of ingest's
        // request threads at the submit peak, every key of every workflow node).
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw JSONReader.Unsupported(reason: "invalid UTF-8 key", offset: 0)
        }
        return string
    }
}
