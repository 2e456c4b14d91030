/// Whether a key works on real jobs (`live`) or is meant for integration tests (`test`).
///
/// The mode is written into the key itself (`sk_live_…`, `sk_test_…`), so anyone holding a key can
/// tell which one it is without asking the server.
public enum ApiKeyMode: String, Sendable, Hashable, Codable, CaseIterable {
    case live
    case test

    /// `sk_live_` or `sk_test_`: the first 8 characters of every key of this mode.
    public var prefix: String { "sk_\(rawValue)_" }
}
