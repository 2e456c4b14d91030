import Dispatch
import Foundation
import Logging
import Synchronization

/// Reads records from Kafka in batches, as a consumer group member or in broadcast mode (see
/// `KafkaConsumerConfiguration.Mode`). Offsets are committed only when the owner says so.
///
/// Polls run on a serial queue of the consumer's own, so a poll that waits for records never
/// blocks a thread of Swift's cooperative pool, and rebalance handlers can run while it waits.
public final class KafkaConsumer: Sendable {
    public let configuration: KafkaConsumerConfiguration
    private let client: RDKafkaConsumerClient
    private let pollQueue = DispatchQueue(label: "komfy.kafka.consumer.poll")
    private let blocking = BlockingCall(label: "komfy.kafka.consumer.blocking")
    private let isClosed = Atomic<Bool>(false)
    /// A poll started ahead by `poll(prefetch: true)`; the next `poll` takes it.
    private let ahead = Mutex<PendingPoll?>(nil)
    private let logger: Logger

    var handle: RDKafkaHandle { client.handle }

    /// Creates the consumer and starts reading: a group member subscribes to its topics; a
    /// broadcast reader looks up every partition of its topics and assigns them all.
    public init(configuration: KafkaConsumerConfiguration, rebalanceHandler: KafkaRebalanceHandler? = nil,
                logger: Logger = Logger(label: "komfy.kafka.consumer")) async throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        var properties = configuration.properties
        if configuration.groupID == nil {
            // librdkafka's consumer needs a group id even for manual assignment; this one is never
            // joined and nothing is committed under it.
            properties["group.id"] = "komfy-broadcast-\(UUID().uuidString.lowercased())"
        }
        client = try RDKafkaConsumerClient(properties: properties, maxBatchSize: configuration.maxBatchSize,
                                           logger: logger, rebalanceHandler: rebalanceHandler)
        switch configuration.mode {
        case .group(_, let topics):
            try client.subscribe(topics)
        case .broadcast(let topics, let startAt, let defaultStart):
            let client = client
            let counts = try await blocking.run { () throws(KafkaError) in
                try client.handle.partitionCounts(of: topics, timeoutMs: 10_000)
            }
            var offsets: [KafkaTopicPartition: KafkaOffset] = [:]
            for topic in topics {
                guard let count = counts[topic] else {
                    throw KafkaError(.metadata, "topic \(topic) does not exist; create it with `komfy topics apply`")
                }
                for partition in 0..<Int32(count) {
                    let topicPartition = KafkaTopicPartition(topic, partition)
                    offsets[topicPartition] = startAt[topicPartition] ?? defaultStart
                }
            }
            try client.assign(offsets)
        }
    }

    /// The next records: waits up to `timeout` for the first one, then returns it with whatever
    /// else is already fetched (at most `maxRecords`, default the configured batch size). Returns an
    /// empty array when nothing arrived in time.
    ///
    /// With `prefetch`, the next poll starts on the consumer's poll queue before this one returns,
    /// with the same limit and timeout, and the next call to `poll` returns its records: a reader
    /// that decodes batch n on its own thread meanwhile gets batch n+1 without waiting for
    /// librdkafka's hand-over and the copying. Records fetched ahead are returned by the next `poll`
    /// whatever its arguments, also after `seek` or `pause`; nothing is skipped or committed.
    public func poll(maxRecords: Int? = nil, timeout: Duration = .milliseconds(500),
                     prefetch: Bool = false) async throws(KafkaError) -> [KafkaRecord] {
        if isClosed.load(ordering: .acquiring) { throw KafkaError(.closed, "the consumer is closed") }
        if let fatal = client.handle.fatalError() { throw fatal }
        let client = client
        let limit = maxRecords ?? configuration.maxBatchSize
        let timeoutMs = timeout.milliseconds
        let pending = ahead.withLock { ahead in
            defer { ahead = nil }
            return ahead
        } ?? startPoll(limit: limit, timeoutMs: timeoutMs)
        let (records, errors) = await withTaskCancellationHandler {
            await pending.result()
        } onCancel: {
            client.wake()
        }
        if prefetch, !isClosed.load(ordering: .acquiring) {
            // Under the lock, and only into an empty slot: with polls from several tasks at once,
            // a poll started ahead is never replaced, so its records are never lost.
            ahead.withLock { ahead in
                if ahead == nil { ahead = startPoll(limit: limit, timeoutMs: timeoutMs) }
            }
        }
        for error in errors {
            logger.warning("Kafka consumer: \(error)")
        }
        return records
    }

    /// Runs one poll on the poll queue; its records are taken with `result()`.
    private func startPoll(limit: Int, timeoutMs: Int32) -> PendingPoll {
        let client = client
        let pending = PendingPoll()
        pollQueue.async {
            pending.finish(client.consume(maxRecords: limit, timeoutMs: timeoutMs))
        }
        return pending
    }

    /// Batches until the consumer is closed or the task is cancelled; empty polls are skipped.
    public func batches(pollTimeout: Duration = .milliseconds(500)) -> AsyncThrowingStream<[KafkaRecord], any Error> {
        AsyncThrowingStream { [self] in
            while !Task.isCancelled, !isClosed.load(ordering: .acquiring) {
                let records = try await poll(timeout: pollTimeout)
                if !records.isEmpty { return records }
            }
            return nil
        }
    }

    /// Commits, per partition, the offset of the next record to read (the last processed + 1).
    /// Group mode only.
    public func commit(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let client = client
        try await blocking.run { () throws(KafkaError) in try client.commit(offsets) }
    }

    /// Commits everything up to and including these records.
    public func commit(through records: some Sequence<KafkaRecord>) async throws(KafkaError) {
        try await commit(Self.nextOffsets(after: records))
    }

    /// The group's committed offsets of these partitions (absent where none is committed).
    public func committed(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaError)
        -> [KafkaTopicPartition: Int64]
    {
        let client = client
        let timeoutMs = timeout.milliseconds
        return try await blocking.run { () throws(KafkaError) in try client.committed(partitions, timeoutMs: timeoutMs) }
    }

    /// Stops fetching these partitions until `resume`; records already returned stay returned and
    /// nothing is skipped when reading resumes.
    public func pause(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try client.pause(partitions)
    }

    public func resume(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try client.resume(partitions)
    }

    /// Moves the read position of assigned partitions.
    public func seek(_ offsets: [KafkaTopicPartition: KafkaOffset], timeout: Duration = .seconds(10)) async throws(KafkaError) {
        let client = client
        let timeoutMs = timeout.milliseconds
        try await blocking.run { () throws(KafkaError) in try client.seek(offsets, timeoutMs: timeoutMs) }
    }

    /// The oldest offset the broker still has and the offset the next record will get.
    public func watermarks(of partition: KafkaTopicPartition, timeout: Duration = .seconds(10)) async throws(KafkaError)
        -> (low: Int64, high: Int64)
    {
        let client = client
        let timeoutMs = timeout.milliseconds
        return try await blocking.run { () throws(KafkaError) in try client.watermarks(partition, timeoutMs: timeoutMs) }
    }

    /// The partitions this consumer reads now.
    public func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        try client.assignment().sorted()
    }

    /// Leaves the group (the rebalance handler sees the revocation first) and stops fetching.
    /// Nothing is committed that the owner did not commit.
    public func close() async throws(KafkaError) {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let client = client
        client.wake()
        let result: Result<Void, KafkaError> = await withCheckedContinuation { continuation in
            pollQueue.async {
                continuation.resume(returning: Result { () throws(KafkaError) in try client.close() })
            }
        }
        try result.get()
    }

    /// Per partition, the offset after the highest of these records.
    public static func nextOffsets(after records: some Sequence<KafkaRecord>) -> [KafkaTopicPartition: Int64] {
        var offsets: [KafkaTopicPartition: Int64] = [:]
        for record in records {
            let key = record.topicPartition
            offsets[key] = max(offsets[key] ?? 0, record.offset + 1)
        }
        return offsets
    }
}
