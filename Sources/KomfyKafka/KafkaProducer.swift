import CRdKafka
import Foundation
import Logging
import Synchronization

/// Writes records to Kafka: idempotent, acks=all, zstd by default (see `KafkaProducerConfiguration`).
///
/// `send` returns once the broker acknowledged every record, so a caller that awaits it knows its
/// events are durable. Records sent in one call are enqueued back to back, in the order of the
/// calls, by a dedicated poll thread and batched by librdkafka; the same thread hands the delivery
/// reports straight to the waiting task.
public final class KafkaProducer: Sendable {
    public let configuration: KafkaProducerConfiguration
    private let client: RDKafkaProducerClient
    private let blocking: BlockingCall
    private let isClosed = Atomic<Bool>(false)
    private let logger: Logger

    public init(configuration: KafkaProducerConfiguration,
                logger: Logger = Logger(label: "komfy.kafka.producer")) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        client = try RDKafkaProducerClient(properties: configuration.properties, logger: logger)
        blocking = BlockingCall(label: "komfy.kafka.producer.blocking")
    }

    deinit {
        if !isClosed.load(ordering: .acquiring), client.outstanding > 0 {
            logger.warning("Kafka producer dropped without close(): \(client.outstanding) records may be lost")
        }
    }

    /// Sends one record and waits for the broker's acknowledgement.
    @discardableResult
    public func send(_ record: KafkaOutgoingRecord) async throws(KafkaError) -> KafkaDeliveryReport {
        try await send([record])[0]
    }

    /// Sends records in order and waits until the broker acknowledged all of them. Records with the
    /// same key keep their order. Throws if any record was not delivered; the error says how many.
    @discardableResult
    public func send(_ records: [KafkaOutgoingRecord]) async throws(KafkaError) -> [KafkaDeliveryReport] {
        try checkUsable()
        let batch = DeliveryBatch(records: records, pool: client.batchMemory)
        // The poll thread enqueues them (waiting for room in librdkafka's queue if need be) and
        // serves their reports.
        client.submit(records, batch: batch)
        await batch.completion()
        if batch.hasFailures {
            let failures = batch.failedRecords()
            if let fatal = client.handle.fatalError() {
                // e.g. fenced by a newer producer with the same transactional id: say so, not "not delivered".
                throw fatal
            }
            var first = failures[0].error
            if records.count > 1 { first.message = "\(failures.count) of \(records.count) records not delivered; first: \(first.message)" }
            throw first
        }
        var reports: [KafkaDeliveryReport] = []
        reports.reserveCapacity(records.count)
        for index in records.indices {
            let (partition, offset) = batch.storedAt(index)
            reports.append(KafkaDeliveryReport(topic: records[index].topic, partition: partition, offset: offset))
        }
        return reports
    }

    /// Waits until every record sent so far is acknowledged or failed.
    public func flush(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let client = client
        let err = try await blocking.run { client.flush(timeoutMs: timeout.milliseconds) }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(.delivery, err, context: "flushing \(client.outstanding) outstanding records")
        }
    }

    /// Flushes, then stops the poll thread. The producer cannot send afterwards.
    public func close(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        try await flush(timeout: timeout)
    }

    private func checkUsable() throws(KafkaError) {
        if isClosed.load(ordering: .acquiring) { throw KafkaError(.closed, "the producer is closed") }
        if let fatal = client.handle.fatalError() { throw fatal }
    }
}

// MARK: - Transactions

extension KafkaProducer {
    /// Registers the `transactionalID` with the broker and fences older producers that used it.
    /// Call once before the first transaction.
    public func initTransactions(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try checkUsable()
        let client = client
        try await blocking.run { () throws(KafkaError) in try client.initTransactions(timeoutMs: timeout.milliseconds) }
    }

    public func beginTransaction() throws(KafkaError) {
        try checkUsable()
        try client.beginTransaction()
    }

    /// Commits `consumer`'s offsets (the next offset to read, per partition) with this transaction.
    public func sendOffsetsToTransaction(
        _ offsets: [KafkaTopicPartition: Int64], consumer: KafkaConsumer, timeout: Duration = .seconds(30)
    ) async throws(KafkaError) {
        let client = client
        let consumerHandle = consumer.handle
        try await blocking.run { () throws(KafkaError) in
            try client.sendOffsetsToTransaction(offsets, consumer: consumerHandle, timeoutMs: timeout.milliseconds)
        }
    }

    /// Flushes and commits. On `requiresAbort` call `abortTransaction`; on `isRetriable` call again.
    public func commitTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let client = client
        try await blocking.run { () throws(KafkaError) in try client.commitTransaction(timeoutMs: timeout.milliseconds) }
    }

    public func abortTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let client = client
        try await blocking.run { () throws(KafkaError) in try client.abortTransaction(timeoutMs: timeout.milliseconds) }
    }
}
