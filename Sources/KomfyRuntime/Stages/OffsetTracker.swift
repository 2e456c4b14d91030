import KomfyKafka

/// Which input offsets a stage may commit while records are handled out of order.
///
/// A stage handles records concurrently, so record 7 may finish before record 5. The committed
/// offset of a partition may only move past records whose outputs are safe: it is the lowest
/// unfinished offset, or one past the highest received when nothing is unfinished. A crash then
/// repeats at most the unfinished records (and those finished after them), never skips one.
struct OffsetTracker: Sendable {
    private struct Progress: Sendable {
        /// Received and not yet finished.
        var unfinished: Set<Int64> = []
        /// One past the highest offset received.
        var next: Int64
        /// The last offset committed (the next record to read), if any.
        var committed: Int64?
    }

    private var partitions: [KafkaTopicPartition: Progress] = [:]

    /// A record was handed to the stage.
    mutating func received(_ partition: KafkaTopicPartition, offset: Int64) {
        var progress = partitions[partition] ?? Progress(next: offset)
        progress.unfinished.insert(offset)
        progress.next = max(progress.next, offset + 1)
        partitions[partition] = progress
    }

    /// The record's outputs are acknowledged (or it needed none). Records of partitions that were
    /// forgotten meanwhile (revoked or lost) are ignored.
    mutating func finished(_ partition: KafkaTopicPartition, offset: Int64) {
        partitions[partition]?.unfinished.remove(offset)
    }

    /// Per partition, the offset to commit now, where it moved since the last commit.
    func committable(in only: Set<KafkaTopicPartition>? = nil) -> [KafkaTopicPartition: Int64] {
        var offsets: [KafkaTopicPartition: Int64] = [:]
        for (partition, progress) in partitions where only?.contains(partition) ?? true {
            let offset = progress.unfinished.min() ?? progress.next
            if offset != progress.committed { offsets[partition] = offset }
        }
        return offsets
    }

    mutating func markCommitted(_ offsets: [KafkaTopicPartition: Int64]) {
        for (partition, offset) in offsets where partitions[partition] != nil {
            partitions[partition]!.committed = offset
        }
    }

    /// Records received and not finished, in these partitions or in all.
    func unfinishedCount(in only: Set<KafkaTopicPartition>? = nil) -> Int {
        partitions.reduce(0) { total, entry in
            total + ((only?.contains(entry.key) ?? true) ? entry.value.unfinished.count : 0)
        }
    }

    /// The partitions left this stage: nothing more is committed for them.
    mutating func forget(_ gone: some Sequence<KafkaTopicPartition>) {
        for partition in gone { partitions[partition] = nil }
    }
}
