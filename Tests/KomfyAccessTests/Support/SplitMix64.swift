import KomfyTestRandom

/// Hands out the same words over and over, to drive generation through particular byte values.
struct RepeatingGenerator: RandomNumberGenerator {
    var words: [UInt64]
    private var index = 0

    init(_ words: [UInt64]) {
        self.words = words
    }

    mutating func next() -> UInt64 {
        defer { index = (index + 1) % words.count }
        return words[index]
    }
}
