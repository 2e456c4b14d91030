import Foundation
import KomfyEvents
import KomfyKafka
import KomfyWorkflow

/// An engine's node catalog as a record of `komfy.node-catalog`.
///
/// The value is exactly the engine's `/object_info` body, so any Kafka tool can read it and a
/// ComfyUI front end could load it; what Komfy adds rides in headers. The key is the engine
/// fingerprint (ComfyUI version + hash of the node definitions), and the topic is compacted: the
/// latest record of each engine build is all a reader needs.
public enum NodeCatalogRecord {
    public static let eventType = "NodeCatalogPublished"
    public static let engineVersionHeader = "komfy-engine-version"
    public static let publishedAtHeader = "komfy-published-at"
    /// Who published it: an executor id, or `catalog-publish@host`.
    public static let publisherHeader = "komfy-publisher"

    /// The largest record Komfy writes to the topic (its `max.message.bytes`); /object_info of an
    /// engine with many custom nodes runs to a few MB.
    public static let maxBytes = 16 * 1024 * 1024

    public static func make(objectInfo: Data, catalog: NodeCatalog, publisher: String, topic: String,
                            at time: Timestamp = .now()) -> KafkaOutgoingRecord {
        KafkaOutgoingRecord(
            topic: topic, key: catalog.fingerprint, value: objectInfo,
            headers: [
                KafkaHeader(name: JobEventCodec.typeHeader, string: eventType),
                KafkaHeader(name: engineVersionHeader, string: catalog.engineVersion),
                KafkaHeader(name: publishedAtHeader, string: time.rfc3339),
                KafkaHeader(name: publisherHeader, string: publisher),
            ])
    }

    /// Parses a record of the topic back into a catalog. Fails when the record is not a catalog or
    /// its fingerprint does not match its content (then it was written by another build's rules
    /// and is re-published by its engine's next start).
    public static func read(_ record: KafkaRecord) throws -> PublishedCatalog {
        guard record.headerString(JobEventCodec.typeHeader) == eventType else {
            throw KomfyRuntimeError("record \(record.topic)/\(record.partition)/\(record.offset) is not a \(eventType)")
        }
        let version = record.headerString(engineVersionHeader) ?? "unknown"
        let catalog = try NodeCatalog(objectInfo: record.value, engineVersion: version)
        if let key = record.keyString, key != catalog.fingerprint {
            throw KomfyRuntimeError("catalog record \(record.offset) is keyed \(key) but its content has fingerprint \(catalog.fingerprint)")
        }
        return PublishedCatalog(
            catalog: catalog, publisher: record.headerString(publisherHeader),
            publishedAt: record.headerString(publishedAtHeader).flatMap { Timestamp(rfc3339: $0) })
    }
}

/// A catalog read from `komfy.node-catalog`.
public struct PublishedCatalog: Sendable {
    public var catalog: NodeCatalog
    public var publisher: String?
    public var publishedAt: Timestamp?
}
