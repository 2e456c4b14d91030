import Foundation

extension UUID {
    /// The lowercase text form (RFC 9562) in which Komfy writes every id: record keys, JSON, the
    /// read model's rows, request ids. Equal to `uuidString.lowercased()`, without Foundation's
    /// `snprintf` of sixteen `%02X` and the second String it takes to lowercase them (about 1% of
    /// ingest's request threads at the submit peak, several ids per submission).
    public var lowercasedString: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            Self.writeLowercase(uuid, into: UnsafeMutableRawBufferPointer(buffer))
            return 36
        }
    }

    /// Writes the 36 bytes of the lowercase text form at the start of `buffer`.
    static func writeLowercase(_ uuid: uuid_t, into buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= 36, "a UUID's text form has 36 bytes")
        withUnsafeBytes(of: uuid) { raw in
            var out = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    buffer[out] = UInt8(ascii: "-")
                    out += 1
                }
                buffer[out] = lowercaseHexDigit(raw[index] >> 4)
                buffer[out + 1] = lowercaseHexDigit(raw[index] & 0x0F)
                out += 2
            }
        }
    }

    /// Appends the lowercase text form to `bytes`.
    func appendLowercase(to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 36))
        bytes.withUnsafeMutableBytes { Self.writeLowercase(uuid, into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
    }
}

/// The lowercase hex digit of a value 0...15.
@inline(__always)
private func lowercaseHexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? 0x30 + value : 0x57 + value  // "0"..."9", then "a"..."f"
}
