/// The data of one job event type. The type's name is the event's `type` in the envelope and its
/// `komfy-type` Kafka header; `schemaVersion` changes only with an upcaster (see `JobEventCodec`).
public protocol JobEventPayload: Codable, Sendable, Hashable {
    static var eventType: String { get }
    static var schemaVersion: Int { get }
}

extension JobEventPayload {
    public static var schemaVersion: Int { 1 }
}
