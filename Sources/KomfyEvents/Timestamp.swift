import Foundation

/// A point in time with millisecond precision, written as RFC 3339 UTC (`2026-11-22T21:57:28.123Z`).
///
/// Events carry their time in this form so an encoded event is byte-for-byte deterministic and the
/// hot decode path avoids Foundation's date formatters.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The millisecond that contains `date` (sub-millisecond parts are dropped, towards the past).
    public init(_ date: Date) {
        // A Date holds its seconds in a Double, so a whole millisecond is often stored a hair before
        // itself (.122 s as .12199999 s; centuries from 2001, tens of microseconds before). Flooring
        // that made .122 s into 121 ms and -1 ms into -2 ms, so `Timestamp(t.date) != t`. Snap to the
        // millisecond within the Double's precision; otherwise drop the fraction towards the past.
        let milliseconds = date.timeIntervalSince1970 * 1000
        let nearest = milliseconds.rounded()
        let closeEnough = Swift.abs(milliseconds - nearest) <= Swift.max(0.001, nearest.ulp * 4)
        self.millisecondsSinceEpoch = Int64(closeEnough ? nearest : milliseconds.rounded(.down))
    }

    public static func now() -> Timestamp { Timestamp(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// Milliseconds from `self` to `later` (negative when `later` is earlier).
    public func milliseconds(until later: Timestamp) -> Int64 {
        later.millisecondsSinceEpoch - millisecondsSinceEpoch
    }

    public var description: String { rfc3339 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an RFC 3339 UTC time like 2026-11-22T21:57:28.123Z, got \(text)")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}

extension Timestamp {
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, always UTC, always with milliseconds.
    public var rfc3339: String {
        let (days, msOfDay) = millisecondsSinceEpoch.floorDivided(by: 86_400_000)
        let (year, month, day) = Self.civilDate(fromDays: days)
        let ms = Int(msOfDay)
        var text = ""
        text.reserveCapacity(24)
        text += Self.digits(year, 4) + "-" + Self.digits(month, 2) + "-" + Self.digits(day, 2)
        text += "T" + Self.digits(ms / 3_600_000, 2) + ":" + Self.digits(ms / 60_000 % 60, 2)
        text += ":" + Self.digits(ms / 1000 % 60, 2) + "." + Self.digits(ms % 1000, 3) + "Z"
        return text
    }

    /// Appends `rfc3339`'s UTF-8 without making a String (the event encoder's fast path).
    func writeRFC3339(into bytes: inout [UInt8]) {
        let (days, msOfDay) = millisecondsSinceEpoch.floorDivided(by: 86_400_000)
        let (year, month, day) = Self.civilDate(fromDays: days)
        guard (0...9999).contains(year) else {
            bytes.append(contentsOf: rfc3339.utf8)
            return
        }
        let ms = Int(msOfDay)
        func put(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") &+ UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        put(year, 4); bytes.append(UInt8(ascii: "-")); put(month, 2); bytes.append(UInt8(ascii: "-")); put(day, 2)
        bytes.append(UInt8(ascii: "T")); put(ms / 3_600_000, 2); bytes.append(UInt8(ascii: ":"))
        put(ms / 60_000 % 60, 2); bytes.append(UInt8(ascii: ":")); put(ms / 1000 % 60, 2)
        bytes.append(UInt8(ascii: ".")); put(ms % 1000, 3); bytes.append(UInt8(ascii: "Z"))
    }

    /// Parses RFC 3339 times: `Z` or a numeric offset, and any number of fraction digits
    /// (kept to milliseconds).
    public init?(rfc3339 text: String) {
        var text = text
        guard let timestamp = text.withUTF8({ Timestamp(rfc3339UTF8: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = timestamp
    }

    /// The same, straight from UTF-8 bytes (the event decoder's fast path makes no String).
    init?(rfc3339UTF8 bytes: UnsafeRawBufferPointer) {
        var scanner = DigitScanner(bytes)
        guard let year = scanner.number(4), scanner.take("-"), let month = scanner.number(2), scanner.take("-"),
              let day = scanner.number(2), scanner.take("T") || scanner.take("t") || scanner.take(" "),
              let hour = scanner.number(2), scanner.take(":"), let minute = scanner.number(2), scanner.take(":"),
              let second = scanner.number(2),
              (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var millis = 0
        if scanner.take(".") {
            var scale = 100
            var sawDigit = false
            while let digit = scanner.digit() {
                millis += digit * scale
                scale /= 10
                sawDigit = true
            }
            guard sawDigit else { return nil }
        }
        var offsetMinutes = 0
        if scanner.take("Z") || scanner.take("z") {
            offsetMinutes = 0
        } else if let sign = scanner.sign(), let offsetHours = scanner.number(2), scanner.take(":"),
                  let offsetMins = scanner.number(2), offsetHours < 24, offsetMins < 60 {
            offsetMinutes = sign * (offsetHours * 60 + offsetMins)
        } else {
            return nil
        }
        guard scanner.atEnd else { return nil }
        let days = Self.days(fromCivilYear: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        self.init(millisecondsSinceEpoch: seconds * 1000 + Int64(millis))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
    private static func days(fromCivilYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilDate(fromDays days: Int64) -> (Int, Int, Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

private struct DigitScanner {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func digit() -> Int? {
        guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - 0x30)
    }

    mutating func number(_ width: Int) -> Int? {
        var value = 0
        for _ in 0..<width {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(character.value) else { return false }
        index += 1
        return true
    }

    mutating func sign() -> Int? {
        if take("+") { return 1 }
        if take("-") { return -1 }
        return nil
    }
}

extension Int64 {
    /// Division rounding towards negative infinity, with a non-negative remainder.
    fileprivate func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = self / divisor
        let remainder = self % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
