import Foundation
import KomfyEvents
import Testing

@Suite("RandomUUID: version-4 ids from buffered kernel randomness")
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
}
