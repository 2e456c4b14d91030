import Foundation
import KomfyEvents
import KomfyKafka
import KomfyWorkflow
import Logging

/// Publishes an engine's node catalog to `komfy.node-catalog`: `komfy catalog publish`, `komfy up`
/// and (with the executor issue) every executor at start call this.
public enum NodeCatalogPublisher {
    /// What was published.
    public struct Published: Sendable {
        public var catalog: NodeCatalog
        public var bytes: Int
        public var partition: Int32
        public var offset: Int64
    }

    /// Fetches the engine's `/object_info` and version, parses them (a body that is not a catalog
    /// is refused here, not by every reader), and appends the record; returns once the broker has
    /// acknowledged it.
    public static func publish(from engine: ComfyUIEngine, kafka: KafkaClientConfiguration, topic: String,
                               publisher: String, logger: Logger) async throws -> Published {
        let objectInfo = try await engine.objectInfo()
        let version = try await engine.version()
        let catalog = try NodeCatalog(objectInfo: objectInfo, engineVersion: version)
        guard objectInfo.count <= NodeCatalogRecord.maxBytes else {
            throw KomfyRuntimeError("the engine's /object_info is \(objectInfo.count) bytes, over the \(NodeCatalogRecord.maxBytes) bytes komfy.node-catalog takes")
        }
        var configuration = KafkaProducerConfiguration(client: kafka)
        // One record of a few MB: librdkafka's default cap is 1 MB per message.
        configuration.client.extraProperties["message.max.bytes"] = configuration.client.extraProperties["message.max.bytes"]
            ?? String(NodeCatalogRecord.maxBytes + 64 * 1024)
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        do {
            let report = try await producer.send(NodeCatalogRecord.make(objectInfo: objectInfo, catalog: catalog,
                                                                        publisher: publisher, topic: topic))
            try await producer.close()
            logger.info("Published the node catalog", metadata: [
                "fingerprint": "\(catalog.fingerprint)", "bytes": "\(objectInfo.count)", "topic": "\(topic)"])
            return Published(catalog: catalog, bytes: objectInfo.count, partition: report.partition, offset: report.offset)
        } catch {
            try? await producer.close()
            throw error
        }
    }
}
