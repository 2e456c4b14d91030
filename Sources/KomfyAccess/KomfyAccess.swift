/// API keys, tenants, plans and limits, and the signed commands of Kafka-native ingest: pure logic,
/// no I/O and no clock (every time is passed in). The ingest service reads the key events from
/// `komfy.api-keys`, folds them into a `KeyTable` and asks this module who a request is and what it
/// may do. See docs/access.md.
public enum KomfyAccess {
    /// The topic of the key events, keyed by key id and compacted.
    public static let apiKeysTopic = "komfy.api-keys"
    /// The topic of the partners' `SubmitJob` and `CancelJob` commands, keyed by client reference.
    public static let jobCommandsTopic = "komfy.job-commands"
}
