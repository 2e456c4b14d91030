/// Comparisons whose duration does not depend on where two secrets first differ.
///
/// An early-exit `==` answers sooner the earlier the first differing byte is; an attacker who can
/// time many attempts learns a secret byte by byte that way. These comparisons always look at every
/// byte. Only the lengths may leak, and every value compared here has a public, fixed length.
public enum ConstantTime {
    /// Whether the two byte sequences are equal, taking the same time for any two of the same length.
    public static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }
}
