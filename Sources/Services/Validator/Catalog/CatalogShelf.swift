import Foundation
import KomfyKafka
import KomfyRuntime
import KomfyWorkflow
import Logging
import ServiceLifecycle
import Synchronization

/// The node catalogs the validator checks workflows against: every engine build's latest catalog
/// from `komfy.node-catalog`, read from the start of the topic and followed for new ones.
///
/// A workflow passes when one of them accepts it (any executor may run it), so during a rolling
/// upgrade jobs that need only the old or only the new nodes both pass. Until the first catalog
/// arrives, validation waits: rejecting every job because no engine has published yet would fail
/// good jobs for good.
final class CatalogShelf: Service, Sendable {
    private let kafka: KafkaClientConfiguration
    private let topic: String
    private let logger: Logger
    /// By fingerprint, with the order they arrived in (newest last).
    private let shelf = Mutex<(catalogs: [String: PublishedCatalog], order: [String])>(([:], []))

    init(kafka: KafkaClientConfiguration, topic: String, logger: Logger) {
        self.kafka = kafka
        self.topic = topic
        self.logger = logger
    }

    func run() async throws {
        var configuration = KafkaConsumerConfiguration(client: kafka, mode: .broadcast(topics: [topic]))
        configuration.maxBatchSize = 16
        // Catalogs are records of a few MB.
        configuration.client.extraProperties["fetch.message.max.bytes"] = String(NodeCatalogRecord.maxBytes + 64 * 1024)
        let consumer = try await KafkaConsumer(configuration: configuration, logger: logger)
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                for record in try await consumer.poll(timeout: .milliseconds(500)) {
                    self.shelve(record)
                }
            }
        }
        try await consumer.close()
    }

    private func shelve(_ record: KafkaRecord) {
        do {
            let published = try NodeCatalogRecord.read(record)
            let fingerprint = published.catalog.fingerprint
            shelf.withLock { shelf in
                shelf.catalogs[fingerprint] = published
                shelf.order.removeAll { $0 == fingerprint }
                shelf.order.append(fingerprint)
            }
            logger.info("Node catalog loaded", metadata: [
                "fingerprint": "\(fingerprint)", "classes": "\(published.catalog.classTypes.count)",
                "publisher": "\(published.publisher ?? "-")"])
        } catch {
            logger.error("Skipping a record of the node catalog topic", metadata: [
                "offset": "\(record.offset)", "error": "\(error)"])
        }
    }

    /// The catalogs, newest first; waits until there is at least one.
    func catalogs() async throws -> [NodeCatalog] {
        var waited = false
        while true {
            let current = shelf.withLock { shelf in shelf.order.reversed().compactMap { shelf.catalogs[$0]?.catalog } }
            if !current.isEmpty { return current }
            if !waited {
                logger.warning("No node catalog yet: jobs wait for one. Run `komfy catalog publish` (or start an executor).",
                               metadata: ["topic": "\(topic)"])
                waited = true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The fingerprints loaded so far, newest first.
    var fingerprints: [String] { shelf.withLock { $0.order.reversed() } }
}
