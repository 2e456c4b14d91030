import Foundation
import KomfyEvents
import Testing

@Suite("Timestamp: RFC 3339 with milliseconds, UTC")
struct TimestampTests {
    // Expected values from Python: round(datetime.fromisoformat(text).timestamp() * 1000).
    @Test("formats as YYYY-MM-DDTHH:MM:SS.mmmZ", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1, "1970-01-01T00:00:00.001Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-14_182_940_000, "1969-07-20T20:17:40.000Z"),
        (-2_208_988_800_000, "1900-01-01T00:00:00.000Z"),
        (-11_670_912_000_000, "1600-03-01T00:00:00.000Z"),
        (951_868_799_999, "2000-02-29T23:59:59.999Z"),
        (1_709_208_000_000, "2024-02-29T12:00:00.000Z"),
        (1_795_384_648_123, "2026-11-22T21:57:28.123Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func formats(milliseconds: Int64, text: String) {
        let timestamp = Timestamp(millisecondsSinceEpoch: milliseconds)
        #expect(timestamp.rfc3339 == text)
        #expect(timestamp.description == text)
        #expect(Timestamp(rfc3339: text) == timestamp)
    }

    @Test("parses offsets, fractions of 1 to 9 digits and the lenient RFC 3339 forms", arguments: [
        ("2026-11-22T21:57:28Z", "2026-11-22T21:57:28.000Z"),
        ("2026-11-22T21:57:28.1Z", "2026-11-22T21:57:28.100Z"),
        ("2026-11-22T21:57:28.12Z", "2026-11-22T21:57:28.120Z"),
        ("2026-11-22T21:57:28.123Z", "2026-11-22T21:57:28.123Z"),
        ("2026-11-22T21:57:28.1234Z", "2026-11-22T21:57:28.123Z"),
        ("2026-11-22T21:57:28.123456Z", "2026-11-22T21:57:28.123Z"),
        ("2026-11-22T21:57:28.999999999Z", "2026-11-22T21:57:28.999Z"),
        ("2026-11-22T21:57:28.123+00:00", "2026-11-22T21:57:28.123Z"),
        ("2026-11-22T21:57:28.123-00:00", "2026-11-22T21:57:28.123Z"),
        ("2026-11-23T03:27:28.123+05:30", "2026-11-22T21:57:28.123Z"),
        ("2026-11-22T13:57:28.123-08:00", "2026-11-22T21:57:28.123Z"),
        ("2026-11-23T11:42:28.123+13:45", "2026-11-22T21:57:28.123Z"),
        ("2027-01-01T00:30:00.000+01:00", "2026-12-31T23:30:00.000Z"),
        ("1969-12-31T19:00:00.000-05:00", "1970-01-01T00:00:00.000Z"),
        ("2026-11-22t21:57:28.123z", "2026-11-22T21:57:28.123Z"),
        ("2026-11-22 21:57:28.123Z", "2026-11-22T21:57:28.123Z"),
        ("2016-12-31T23:59:60Z", "2017-01-01T00:00:00.000Z"),  // a leap second, folded into the next one
    ])
    func parses(text: String, canonical: String) throws {
        let timestamp = try #require(Timestamp(rfc3339: text))
        #expect(timestamp.rfc3339 == canonical)
    }

    @Test("leap years follow the Gregorian rules", arguments: [
        ("2024-02-29T00:00:00Z", true), ("2000-02-29T00:00:00Z", true), ("1600-02-29T00:00:00Z", true),
        ("1968-02-29T00:00:00Z", true), ("2023-02-29T00:00:00Z", false), ("1900-02-29T00:00:00Z", false),
        ("2100-02-29T00:00:00Z", false), ("2024-02-30T00:00:00Z", false),
    ])
    func leapYears(text: String, valid: Bool) {
        #expect((Timestamp(rfc3339: text) != nil) == valid)
    }

    @Test("rejects what is not an RFC 3339 date-time", arguments: [
        "", "2026-11-22", "21:57:28Z", "2026-11-22T21:57:28", "2026-11-22T21:57:28.123",
        "2026-11-22T21:57Z", "26-11-22T21:57:28Z", "2026-1-22T21:57:28Z", "2026-11-22T21:57:28.Z",
        "2026-00-22T21:57:28Z", "2026-13-22T21:57:28Z", "2026-11-00T21:57:28Z", "2026-11-31T21:57:28Z",
        "2026-04-31T21:57:28Z", "2026-11-22T24:00:00Z", "2026-11-22T21:60:28Z", "2026-11-22T21:57:61Z",
        "2026-11-22T21:57:28+0100", "2026-11-22T21:57:28+01", "2026-11-22T21:57:28+24:00",
        "2026-11-22T21:57:28+01:60", "2026-11-22T21:57:28Zjunk", " 2026-11-22T21:57:28Z", "2026-11-22T21:57:28Z ",
        "2026-11-22X21:57:28Z", "2026-11-22T21:57:28.12a3Z", "+2026-11-22T21:57:28Z", "2026-11-22T21:57:28.123GMT",
        "1795384648123",
    ])
    func rejects(text: String) {
        #expect(Timestamp(rfc3339: text) == nil, "accepted \(text)")
    }

    @Test("formatting matches Foundation's ISO8601DateFormatter on random instants, and parsing inverts it")
    func matchesFoundation() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var random = SplitMix64(seed: 0x6b6f_6d66_7900)
        // 1600-01-01 to 9999-12-31: Foundation's Gregorian calendar switches to Julian before 1582.
        let range = Int64(-11_676_096_000_000)...253_402_300_799_999
        for _ in 0..<5_000 {
            let milliseconds = random.next(in: range)
            let timestamp = Timestamp(millisecondsSinceEpoch: milliseconds)
            let expected = formatter.string(from: timestamp.date)
            try #require(timestamp.rfc3339 == expected, "\(milliseconds) ms")
            try #require(Timestamp(rfc3339: timestamp.rfc3339) == timestamp, "\(milliseconds) ms")
            try #require(Timestamp(timestamp.date) == timestamp, "Date round trip of \(milliseconds) ms")
        }
    }

    @Test("a Date keeps its millisecond: sub-millisecond parts are dropped towards the past")
    func fromDate() {
        #expect(Timestamp(Date(timeIntervalSince1970: 1_700_000_000.122)).millisecondsSinceEpoch == 1_700_000_000_122)
        #expect(Timestamp(Date(timeIntervalSince1970: 1_700_000_000.1229)).millisecondsSinceEpoch == 1_700_000_000_122)
        #expect(Timestamp(Date(timeIntervalSince1970: -0.001)).millisecondsSinceEpoch == -1)
        #expect(Timestamp(Date(timeIntervalSince1970: -0.0005)).millisecondsSinceEpoch == -1)
        #expect(Timestamp(Date(timeIntervalSince1970: 0)).millisecondsSinceEpoch == 0)
        let now = Date()
        #expect(abs(Timestamp.now().date.timeIntervalSince(now)) < 5)
    }

    @Test("arithmetic and order")
    func arithmetic() {
        let start = Timestamp(millisecondsSinceEpoch: 1_000)
        let later = start.adding(milliseconds: 250)
        #expect(later.millisecondsSinceEpoch == 1_250)
        #expect(start < later)
        #expect(start.milliseconds(until: later) == 250)
        #expect(later.milliseconds(until: start) == -250)
    }

    @Test("Codable: a JSON string, and a clear error for anything else")
    func codable() throws {
        let timestamp = Timestamp(millisecondsSinceEpoch: 1_795_384_648_123)
        let data = try JSONEncoder().encode([timestamp])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-11-22T21:57:28.123Z"]"#)
        #expect(try JSONDecoder().decode([Timestamp].self, from: data) == [timestamp])
        do {
            _ = try JSONDecoder().decode([Timestamp].self, from: Data(#"["yesterday"]"#.utf8))
            Issue.record("decoded 'yesterday'")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains("RFC 3339"))
            #expect(context.debugDescription.contains("yesterday"))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Timestamp].self, from: Data("[1795384648123]".utf8))
        }
    }
}

/// A small seeded generator, so a failure names an input that reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(in range: ClosedRange<Int64>) -> Int64 {
        Int64.random(in: range, using: &self)
    }
}
