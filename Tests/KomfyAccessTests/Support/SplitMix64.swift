/// Sebastiano Vigna's SplitMix64: a tiny seeded generator, so generated keys are the same every run.
/// Never for production keys; there `SystemRandomNumberGenerator` is used.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

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
