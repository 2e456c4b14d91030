import Foundation
import KomfyEvents
import Testing

@Suite("RandomUUID: version-4 and version-7 ids from buffered kernel randomness")
struct RandomUUIDTests {
    @Test("ids are version 4 with the RFC variant, all different, across many refills of the buffer")
    func versionAndUniqueness() {
        let ids = (0..<20_000).map { _ in RandomUUID.make() }  // 78 refills of 256 ids
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(2_000) {
            let text = id.uuidString.lowercased()
            #expect(Array(text)[14] == "4")
            #expect("89ab".contains(Array(text)[19]))
        }
    }

    @Test("every bit outside version and variant takes both values")
    func bitsVary() {
        let ids = (0..<512).map { _ in RandomUUID.make() }
        var ones = [Int](repeating: 0, count: 128)
        for id in ids {
            withUnsafeBytes(of: id.uuid) { bytes in
                for bit in 0..<128 where bytes[bit / 8] & (0x80 >> UInt8(bit % 8)) != 0 { ones[bit] += 1 }
            }
        }
        let fixed: Set<Int> = [48, 49, 50, 51, 64, 65]  // version nibble, variant bits
        for bit in 0..<128 where !fixed.contains(bit) {
            // 512 fair coin flips land between 150 and 362 ones with probability 1 - 1e-20.
            #expect((150...362).contains(ones[bit]), "bit \(bit): \(ones[bit]) of 512")
        }
    }

    @Test("version-7 ids carry the millisecond in their first 48 bits, the version and the variant, and sort by time as strings")
    func timeOrdered() {
        let milliseconds: Int64 = 1_764_720_000_123  // 2025-12-03
        let id = RandomUUID.makeTimeOrdered(millisecondsSinceEpoch: milliseconds)
        let text = Array(id.uuidString.lowercased())
        #expect(String(text[0..<8]) + String(text[9..<13]) == String(milliseconds, radix: 16).leftPadded(to: 12))
        #expect(text[14] == "7")
        #expect("89ab".contains(text[19]))

        // Later milliseconds sort after earlier ones; within one millisecond the ids still differ.
        let ids = (0..<2_000).map { RandomUUID.makeTimeOrdered(millisecondsSinceEpoch: milliseconds + Int64($0 / 10)) }
        #expect(Set(ids).count == ids.count)
        let strings = ids.map { $0.uuidString.lowercased() }
        for index in stride(from: 10, to: strings.count, by: 10) {
            #expect(strings[index - 1] < strings[index], "\(strings[index - 1]) then \(strings[index])")
        }
        // Times outside 48 bits: before 1970 is 0, and the field wraps rather than spilling into the version.
        #expect(RandomUUID.makeTimeOrdered(millisecondsSinceEpoch: -5).uuidString.hasPrefix("00000000-0000-7"))
        #expect(Array(RandomUUID.makeTimeOrdered(millisecondsSinceEpoch: 1 << 48).uuidString)[14] == "7")
    }

    @Test("version-7 ids: every bit after the time, outside version and variant, takes both values")
    func timeOrderedBitsVary() {
        let ids = (0..<512).map { _ in RandomUUID.makeTimeOrdered(millisecondsSinceEpoch: 1_764_720_000_000) }
        var ones = [Int](repeating: 0, count: 128)
        for id in ids {
            withUnsafeBytes(of: id.uuid) { bytes in
                for bit in 0..<128 where bytes[bit / 8] & (0x80 >> UInt8(bit % 8)) != 0 { ones[bit] += 1 }
            }
        }
        let fixed: Set<Int> = [48, 49, 50, 51, 64, 65]
        for bit in 48..<128 where !fixed.contains(bit) {
            #expect((150...362).contains(ones[bit]), "bit \(bit): \(ones[bit]) of 512")
        }
    }
}

private extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
