import KomfyKafka

/// Whether a reader has read everything its topics held when it started: the readiness of the
/// in-memory tables a service builds from a log (API keys, the read model).
///
/// "A poll came back empty" is not enough: right after a consumer starts, its first fetch can take
/// longer than a poll's timeout on a busy machine, and a service that called itself ready then would
/// answer a valid key with 401. So the end offsets are taken at the start, and the reader is caught
/// up once a record at or past the last of them was read in every partition, or once a poll came
/// back empty after `patience` (records at the very end that are never delivered, such as
/// transaction markers, must not keep a service unready for ever).
public struct StartupCatchUp: Sendable {
    /// Per partition, the end offset (the next offset to be written) when the reader started.
    private var remaining: [KafkaTopicPartition: Int64]
    private let startedAt: ContinuousClock.Instant
    private let patience: Duration
    public private(set) var isDone = false

    /// `startOffsets`: where the reader starts per partition (absent: offset 0); a partition whose
    /// start is at or past its end has nothing to wait for.
    public init(endOffsets: [KafkaTopicPartition: Int64], startOffsets: [KafkaTopicPartition: Int64] = [:],
                patience: Duration = .seconds(10), startedAt: ContinuousClock.Instant = .now) {
        remaining = endOffsets.filter { $0.value > (startOffsets[$0.key] ?? 0) }
        self.startedAt = startedAt
        self.patience = patience
        isDone = remaining.isEmpty
    }

    /// Notes a polled batch; an empty one (`records` is empty) means the reader is idle.
    public mutating func read(_ records: [KafkaRecord], at now: ContinuousClock.Instant = .now) {
        guard !isDone else { return }
        for record in records {
            let partition = record.topicPartition
            if let end = remaining[partition], record.offset + 1 >= end { remaining[partition] = nil }
        }
        if remaining.isEmpty || (records.isEmpty && now - startedAt >= patience) { isDone = true }
    }
}

extension StartupCatchUp {
    /// For `consumer`, which starts at `positions` (absent: the beginning): its end offsets now, and
    /// as starts the later of the position and the oldest offset still in the log.
    public static func of(_ consumer: KafkaConsumer, startingAt positions: [KafkaTopicPartition: Int64] = [:])
        async throws(KafkaError) -> StartupCatchUp
    {
        var ends: [KafkaTopicPartition: Int64] = [:]
        var starts: [KafkaTopicPartition: Int64] = [:]
        for partition in try consumer.assignment() {
            let (low, high) = try await consumer.watermarks(of: partition)
            ends[partition] = high
            starts[partition] = max(low, positions[partition] ?? 0)
        }
        return StartupCatchUp(endOffsets: ends, startOffsets: starts)
    }
}
