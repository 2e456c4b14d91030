import Foundation

/// Writes JSON bytes exactly as `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes
/// them, without Codable's containers and boxes: the event codec's encoding fast path.
///
/// The byte-for-byte rules, held by `FastEncodingTests` against `JSONEncoder` itself:
/// - strings escape `"`, `\` and the control characters below U+0020 (`\b \f \n \r \t` short,
///   the others as `\u00xx` in lowercase hex); `/`, DEL and non-ASCII are written as they are;
/// - integers in decimal; doubles as Swift's shortest round-trip `description`, without a trailing
///   `.0` (`7.0` is `7`, `-0.0` is `-0`, `1e+20` stays); NaN and infinities are refused, as
///   `JSONEncoder` refuses them;
/// - object keys in `String` order; callers of `field` write fixed keys in that order themselves.
///
/// Commas are placed by the writer: every value written after another value of the same container
/// gets one, so a caller only says what comes next.
struct JSONWriter {
    /// A double JSON cannot represent; the codec then falls back to `JSONEncoder` for its error.
    struct NonConformingFloat: Error {}

    private(set) var bytes: [UInt8] = []
    /// True right after a complete value, false right after `{`, `[` or a key.
    private var afterValue = false

    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        afterValue = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        afterValue = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        afterValue = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        afterValue = true
    }

    /// A key of a fixed field (plain ASCII that needs no escaping); its value must follow.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        afterValue = false
    }

    /// A key that comes from data (a JSON object's own key), escaped like any string.
    mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        afterValue = false
    }

    // MARK: Scalars

    mutating func null() {
        separate()
        append("null")
    }

    mutating func bool(_ value: Bool) {
        separate()
        append(value ? "true" : "false")
    }

    mutating func int(_ value: Int64) {
        separate()
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            digits(value.magnitude)
        } else {
            digits(UInt64(value))
        }
        afterValue = true
    }

    mutating func int(_ value: Int) {
        int(Int64(value))
    }

    mutating func uint(_ value: UInt64) {
        separate()
        digits(value)
        afterValue = true
    }

    mutating func double(_ value: Double) throws(NonConformingFloat) {
        guard value.isFinite else { throw NonConformingFloat() }
        separate()
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        afterValue = true
    }

    mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Runs that need no escape are copied whole; most strings are one run.
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                escape(byte)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
        afterValue = true
    }

    /// A UUID in lowercase, as `EventID` names them and RFC 9562 asks.
    mutating func uuid(_ value: UUID) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        value.appendLowercase(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        afterValue = true
    }

    mutating func timestamp(_ value: Timestamp) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        value.writeRFC3339(into: &bytes)
        bytes.append(UInt8(ascii: "\""))
        afterValue = true
    }

    /// Any JSON document, objects with their keys in `String` order.
    mutating func value(_ value: JSONValue) throws(NonConformingFloat) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .uint(let number): uint(number)
        case .double(let number): try double(number)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { try self.value(element) }
            endArray()
        case .object(let members):
            beginObject()
            // Sorted as pairs: no second lookup (and hash) per key.
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                key(name)
                try self.value(member)
            }
            endObject()
        }
    }

    // MARK: Fields (fixed keys; optional ones are left out when nil, as synthesized Codable does)

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        field(name, value)
    }

    mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    mutating func field(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        field(name, value)
    }

    mutating func field(_ name: StaticString, _ value: Int64) {
        key(name)
        int(value)
    }

    mutating func field(_ name: StaticString, _ value: JSONValue?) throws(NonConformingFloat) {
        guard let value else { return }
        key(name)
        try self.value(value)
    }

    mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    mutating func field<T: FastEncodable>(_ name: StaticString, _ value: T) throws(NonConformingFloat) {
        key(name)
        try value.write(to: &self)
    }

    mutating func field<T: FastEncodable>(_ name: StaticString, _ values: [T]) throws(NonConformingFloat) {
        key(name)
        beginArray()
        for value in values { try value.write(to: &self) }
        endArray()
    }

    // MARK: Bytes

    private mutating func separate() {
        if afterValue { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        afterValue = true
    }

    private mutating func digits(_ value: UInt64) {
        guard value >= 10 else {
            bytes.append(UInt8(ascii: "0") &+ UInt8(value))
            return
        }
        var reversed: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for the 20 digits of UInt64.max
        let count = withUnsafeMutableBytes(of: &reversed) { buffer in
            var remaining = value
            var count = 0
            while remaining > 0 {
                buffer[count] = UInt8(ascii: "0") &+ UInt8(remaining % 10)
                remaining /= 10
                count += 1
            }
            return count
        }
        withUnsafeBytes(of: reversed) { buffer in
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
