import Foundation

/// A forward-only JSON reader over bytes, for decoding events without Codable's overhead.
///
/// It reads the subset of JSON that `JobEventCodec` writes exactly, and throws `JSONReader.Unsupported`
/// on anything it is not sure to read the way Foundation's `JSONDecoder` would (invalid UTF-8, a
/// whole number written with a fraction or exponent, ...). The codec then decodes the record with
/// `JSONDecoder` instead, so the result never depends on which path ran; the tests hold the two
/// paths equal.
struct JSONReader {
    struct Unsupported: Error {
        let reason: String
        let offset: Int
    }

    let bytes: UnsafeRawBufferPointer
    var index = 0

    /// `JobSubmitted`'s prompt is stepped over and read as `null` (see `JobEventCodec.decode(_:skippingPrompt:)`).
    var skipsPrompts = false

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    // MARK: Structure

    /// Calls `field` for every key of an object, positioned at the key's value. `field` must read or
    /// skip the value.
    mutating func readObject(_ field: (inout JSONReader, JSONKey) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            let key = try readKey()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            try field(&self, key)
            skipWhitespace()
            let next = try take()
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw unsupported("expected , or }") }
        }
    }

    /// Calls `element` for every element of an array, positioned at the element.
    mutating func readArray(_ element: (inout JSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            let next = try take()
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw unsupported("expected , or ]") }
        }
    }

    mutating func readArray<T>(of read: (inout JSONReader) throws -> T) throws -> [T] {
        var values: [T] = []
        try readArray { reader in
            // Room for a few at the first element: one allocation instead of growing 1, 2, 4.
            if values.isEmpty { values.reserveCapacity(4) }
            values.append(try read(&reader))
        }
        return values
    }

    /// Consumes `null` if it is next: optional fields treat it as absent, as Codable does.
    mutating func readNull() -> Bool {
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
              bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l") else { return false }
        index += 4
        return true
    }

    /// The rest must be whitespace.
    func checkEnd() throws {
        var position = index
        while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
        guard position == bytes.count else { throw Unsupported(reason: "trailing bytes", offset: position) }
    }

    // MARK: Values

    mutating func readString() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        var ascii = true
        // Plain ASCII needs no check per byte: jump over it eight bytes at a time.
        index = endOfPlainASCII(from: index)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if ascii { return String(decoding: text, as: UTF8.self) }
                guard let string = String(validating: text, as: UTF8.self) else { throw unsupported("invalid UTF-8") }
                return string
            }
            if byte == UInt8(ascii: "\\") {
                index = start - 1
                return try readEscapedString()
            }
            guard byte >= 0x20 else { throw unsupported("control character in a string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw unsupported("unterminated string")
    }

    mutating func readBool() throws -> Bool {
        if matchLiteral("true") { return true }
        if matchLiteral("false") { return false }
        throw unsupported("expected a boolean")
    }

    /// An integer written as one (digits, optional minus); anything else is left to Foundation.
    mutating func readInt64() throws -> Int64 {
        let (negative, magnitude) = try readIntegerLiteral()
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw unsupported("integer out of range") }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw unsupported("integer out of range") }
        return Int64(magnitude)
    }

    mutating func readInt() throws -> Int {
        Int(try readInt64())
    }

    mutating func readUUID() throws -> UUID {
        try expect(UInt8(ascii: "\""))
        guard index + 37 <= bytes.count, bytes[index + 36] == UInt8(ascii: "\""), bytes[index + 8] == UInt8(ascii: "-"),
              bytes[index + 13] == UInt8(ascii: "-"), bytes[index + 18] == UInt8(ascii: "-"),
              bytes[index + 23] == UInt8(ascii: "-") else { throw unsupported("expected a UUID") }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        // Digits and letters come in random order: a lookup instead of a branch per digit, which
        // the processor would mispredict a third of the time. Any invalid digit sets a high bit.
        var invalid: UInt8 = 0
        Self.hexDigitValues.withUnsafeBufferPointer { values in
            withUnsafeMutableBytes(of: &uuid) { value in
                var position = index
                for byteIndex in 0..<16 {
                    if byteIndex == 4 || byteIndex == 6 || byteIndex == 8 || byteIndex == 10 { position += 1 }
                    let high = values[Int(bytes[position])], low = values[Int(bytes[position + 1])]
                    invalid |= high | low
                    value[byteIndex] = high << 4 | low
                    position += 2
                }
            }
        }
        guard invalid & 0xF0 == 0 else { throw unsupported("expected a UUID") }
        index += 37
        return UUID(uuid: uuid)
    }

    /// Each byte's value as a hexadecimal digit, 0xFF for bytes that are none.
    private static let hexDigitValues: [UInt8] = (0...255).map { hexValue(UInt8($0)) ?? 0xFF }

    /// An RFC 3339 time, parsed in place (a timestamp has no escapes; one with any is left to Foundation).
    mutating func readTimestamp() throws -> Timestamp {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\""),
              let timestamp = Timestamp(rfc3339UTF8: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        else { throw unsupported("expected a timestamp") }
        index += 1
        return timestamp
    }

    /// Deeper documents are left to Foundation (which refuses them) rather than risk the stack.
    static let maximumDepth = 256

    /// Any JSON value, with numbers read the way `JSONValue`'s Codable conformance reads them.
    mutating func readJSONValue(depth: Int = 0) throws -> JSONValue {
        guard depth < Self.maximumDepth else { throw unsupported("nested too deeply") }
        switch peek() {
        case UInt8(ascii: "{"):
            // Members are gathered first and the dictionary is made at its final size: one hash per
            // key and no rehashing while it grows (a workflow is dozens of small objects).
            var members: [(String, JSONValue)] = []
            members.reserveCapacity(8)
            try readObject { reader, key in
                members.append((try key.string(), try reader.readJSONValue(depth: depth + 1)))
            }
            var object = [String: JSONValue](minimumCapacity: members.count)
            for (name, value) in members {
                guard object.updateValue(value, forKey: name) == nil else { throw unsupported("duplicate key") }
            }
            return .object(object)
        case UInt8(ascii: "["):
            return .array(try readArray { try $0.readJSONValue(depth: depth + 1) })
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try readBool())
        case UInt8(ascii: "n"):
            guard readNull() else { throw unsupported("expected null") }
            return .null
        default:
            return try readNumber()
        }
    }

    /// Steps over one value of any kind.
    mutating func skipValue() throws {
        switch peek() {
        case UInt8(ascii: "{"): try readObject { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "["): try readArray { try $0.skipValue() }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool()
        case UInt8(ascii: "n"): guard readNull() else { throw unsupported("expected null") }
        default: _ = try readNumber()
        }
    }

    /// Skips a value and returns its bytes, to read later (an envelope's `data` comes before `type`).
    mutating func captureValue() throws -> Range<Int> {
        let start = index
        try skipValue()
        return start..<index
    }

    /// A reader over an earlier captured value.
    func reader(for range: Range<Int>) -> JSONReader {
        var reader = JSONReader(bytes)
        reader.index = range.lowerBound
        reader.skipsPrompts = skipsPrompts
        return reader
    }

    // MARK: Internals

    /// Skipped strings are checked like read ones (a record JSONDecoder would refuse must not pass),
    /// but without making a String unless the text has escapes or non-ASCII bytes.
    private mutating func skipString() throws {
        let quote = index
        try expect(UInt8(ascii: "\""))
        index = endOfPlainASCII(from: index)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else {
                index = quote
                _ = try readString()
                return
            }
            index += 1
        }
        throw unsupported("unterminated string")
    }

    /// The first position from `position` on that holds a quote, a backslash, a control character
    /// or a non-ASCII byte (`bytes.count` if none): where a string's plain ASCII text ends.
    @inline(__always)
    func endOfPlainASCII(from position: Int) -> Int {
        var position = position
        if let base = bytes.baseAddress {
            while position + 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                if Self.mayEndPlainASCII(word) { break }
                position += 8
            }
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return position }
            position += 1
        }
        return position
    }

    /// Whether any of eight bytes may be a quote, a backslash, a control character or non-ASCII.
    /// Exact for "none" (no false negatives); a false positive only makes the caller look at each byte.
    @inline(__always)
    static func mayEndPlainASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let nonASCII = word & highs != 0
        let control = (word &- ones &* 0x20) & ~word & highs != 0
        return nonASCII || control || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    private mutating func readKey() throws -> JSONKey {
        try expect(UInt8(ascii: "\""))
        let start = index
        var highBits: UInt8 = 0
        index = endOfPlainASCII(from: index)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            guard byte != UInt8(ascii: "\\"), byte >= 0x20 else { throw unsupported("escaped key") }
            highBits |= byte
            index += 1
        }
        guard index < bytes.count else { throw unsupported("unterminated key") }
        let key = JSONKey(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        if highBits >= 0x80 { _ = try key.string() }
        index += 1
        return key
    }

    mutating func matchLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] { return false }
        index += count
        return true
    }

    @inline(__always)
    func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    @inline(__always)
    mutating func take() throws -> UInt8 {
        guard index < bytes.count else { throw unsupported("unexpected end") }
        defer { index += 1 }
        return bytes[index]
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8) throws {
        guard index < bytes.count, bytes[index] == byte else { throw unsupported("expected \(Character(Unicode.Scalar(byte)))") }
        index += 1
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
    }

    func unsupported(_ reason: String) -> Unsupported {
        Unsupported(reason: reason, offset: index)
    }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

}
