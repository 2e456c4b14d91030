/// The order Komfy lists node ids in: runs of digits compare as numbers, everything else byte by byte,
/// so "2" < "10" < "10:5" < "10:12" < "11" < "KSampler_1". Ids equal under that rule ("01" and "1")
/// fall back to plain byte order, so the order is total and every sort is deterministic.
///
/// ComfyUI's own ids are decimal ("1", "2", ...) and group nodes add "outer:inner" ids; reading digit
/// runs as numbers keeps both in the order a person expects.
public enum NodeIDOrder {
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        let natural = lhs.withUTF8 { left in rhs.withUTF8 { right in compareNaturally(left, right) } }
        if natural != 0 { return natural < 0 }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Negative, zero or positive, like C's `strcmp`, with digit runs read as numbers.
    private static func compareNaturally(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        var j = 0
        while i < left.count, j < right.count {
            guard isDigit(left[i]), isDigit(right[j]) else {
                if left[i] != right[j] { return left[i] < right[j] ? -1 : 1 }
                i += 1
                j += 1
                continue
            }
            let leftRun = digitRun(left, from: i)
            let rightRun = digitRun(right, from: j)
            // Without leading zeros a longer run is a larger number; equal lengths compare digit by digit.
            if leftRun.significant.count != rightRun.significant.count {
                return leftRun.significant.count < rightRun.significant.count ? -1 : 1
            }
            for (l, r) in zip(leftRun.significant, rightRun.significant) where left[l] != right[r] {
                return left[l] < right[r] ? -1 : 1
            }
            i = leftRun.end
            j = rightRun.end
        }
        return (left.count - i) - (right.count - j)
    }

    /// The digits starting at `start`: `significant` are their positions without leading zeros (a
    /// run of zeros keeps its last one), `end` is the position after the run.
    private static func digitRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (significant: Range<Int>, end: Int) {
        var end = start
        while end < bytes.count, isDigit(bytes[end]) { end += 1 }
        var first = start
        while first < end - 1, bytes[first] == UInt8(ascii: "0") { first += 1 }
        return (first..<end, end)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
