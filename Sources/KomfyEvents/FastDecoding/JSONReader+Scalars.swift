/// Numbers and escaped strings: the parts of `JSONReader` that must match `JSONDecoder` to the letter.
extension JSONReader {
    mutating func readNumber() throws -> JSONValue {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        var integral = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                integral = false
                index += 1
            } else {
                break
            }
        }
        let end = index
        guard end > start else { throw unsupported("expected a value") }
        index = start
        if integral {
            let (negative, magnitude, overflowed) = try readIntegerLiteral(allowingOverflow: true)
            if !overflowed, !negative {
                return magnitude <= UInt64(Int64.max) ? .int(Int64(magnitude)) : .uint(magnitude)
            }
            if !overflowed, magnitude <= UInt64(Int64.max) + 1 {
                return .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
            }
            // Beyond both 64-bit ranges JSONValue's Int64 and UInt64 attempts fail and Foundation
            // reads the digits as a double, as Double(String) does (both round to the nearest).
            // ComfyUI's /object_info has such bounds (-18446744073709551615).
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else { throw unsupported("integer out of range") }
            return .double(value)
        }
        index = end
        // The loop above took only ASCII digits, signs, points and exponents.
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard Self.isStrictJSONNumber(text), let value = Double(text), value.isFinite else {
            throw unsupported("number")
        }
        // Foundation reads a whole number written as 7.0 or 1e2 as an integer (JSONValue tries Int64
        // first, then UInt64). Below 2^53 the double is exact, so do the same; leave -0.0 and larger
        // ones that may still be a 64-bit integer (from -2^63 to 2^64) to it.
        if value == value.rounded() {
            if abs(value) < 9_007_199_254_740_992 {
                guard !(value == 0 && bytes[start] == UInt8(ascii: "-")) else { throw unsupported("negative zero") }
                return .int(Int64(value))
            }
            if value >= -9_223_372_036_854_775_808, value <= 18_446_744_073_709_551_616 {
                throw unsupported("whole number that may be a 64-bit integer")
            }
        }
        return .double(value)
    }

    mutating func readIntegerLiteral() throws -> (negative: Bool, magnitude: UInt64) {
        let (negative, magnitude, _) = try readIntegerLiteral(allowingOverflow: false)
        return (negative, magnitude)
    }

    /// `allowingOverflow`: digits beyond `UInt64.max` are read to the end and reported as
    /// `overflowed` (the magnitude is then meaningless) instead of thrown.
    mutating func readIntegerLiteral(allowingOverflow: Bool) throws -> (negative: Bool, magnitude: UInt64, overflowed: Bool) {
        var negative = false
        if peek() == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var magnitude: UInt64 = 0
        var overflowed = false
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            if overflow1 || overflow2 {
                guard allowingOverflow else { throw unsupported("integer out of range") }
                overflowed = true
            }
            magnitude = sum
            index += 1
        }
        let digits = index - start
        guard digits > 0, !(digits > 1 && bytes[start] == UInt8(ascii: "0")) else { throw unsupported("expected an integer") }
        if let next = peek(), next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            throw unsupported("expected an integer")
        }
        return (negative, magnitude, overflowed)
    }

    mutating func readEscapedString() throws -> String {
        try expect(UInt8(ascii: "\""))
        var utf8: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: utf8, as: UTF8.self) else { throw unsupported("invalid UTF-8") }
                return string
            case UInt8(ascii: "\\"):
                let escape = try take()
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard try take() == UInt8(ascii: "\\"), try take() == UInt8(ascii: "u") else {
                            throw unsupported("lone surrogate")
                        }
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw unsupported("lone surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw unsupported("lone surrogate") }
                    utf8.append(contentsOf: String(Character(unicode)).utf8)
                default:
                    throw unsupported("bad escape")
                }
            default:
                guard byte >= 0x20 else { throw unsupported("control character in a string") }
                utf8.append(byte)
            }
        }
        throw unsupported("unterminated string")
    }

    mutating func readHex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(try take()) else { throw unsupported("bad \\u escape") }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`
    static func isStrictJSONNumber(_ text: String) -> Bool {
        var utf8 = Array(text.utf8)[...]
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        func digits() -> Int {
            let count = utf8.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            utf8 = utf8.dropFirst(count)
            return count
        }
        let whole = utf8
        let wholeDigits = digits()
        guard wholeDigits > 0, !(wholeDigits > 1 && whole.first == UInt8(ascii: "0")) else { return false }
        if utf8.first == UInt8(ascii: ".") {
            utf8 = utf8.dropFirst()
            guard digits() > 0 else { return false }
        }
        if utf8.first == UInt8(ascii: "e") || utf8.first == UInt8(ascii: "E") {
            utf8 = utf8.dropFirst()
            if utf8.first == UInt8(ascii: "+") || utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return utf8.isEmpty
    }
}
